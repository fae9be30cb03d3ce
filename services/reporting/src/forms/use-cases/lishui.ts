/**
 * Lishui forms (LS-FORMS) from the official master list and the pairings data: 附表1 “百名大师”推荐表
 * (per master), 附表2 “百名大师”汇总表 and 附表3 “师徒结对”情况汇总表 (per school), with the seed's
 * columns in its order. Personal data (出生年月) is masked unless the caller is admin.
 */
import type { AgencyId } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { NotFoundError, todayInShanghai } from '@talent/kernel';
import { officialEntry, type RosterEntry } from '@talent/svc-nominations/roster';
import { type SheetSpec, safeSheetName, type XlsxCell } from '@talent/tabular';
import {
  LS_MASTER_SUMMARY_COLUMNS,
  LS_NOMINATION_FIELDS,
  LS_PAIRING_SUMMARY_COLUMNS,
  LS_PROGRAMME_ID,
} from '../definitions';
import {
  apprenticesOfSchool,
  type Master,
  mastersOfCycle,
  mastersOfSchool,
  pairingsOfSchool,
  readMaster,
} from '../readers/lishui';
import { assertReadsUnit, cycleOf, readScope, seesFull } from './access';

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): string =>
  Array.isArray(v) ? v.filter((x) => typeof x === 'string').join('、') : str(v);

/** The official entry of a registered master (its nomination); the registration's name otherwise. */
const entryOf = async (ag: AgencyId, m: Master) => officialEntry(ag, m.nominationId);

const unitAndPosition = (e: RosterEntry | undefined): string =>
  [e?.nominee?.employer, e?.nominee?.position].filter((x): x is string => !!x).join(' ');
const highestTitle = (e: RosterEntry | undefined): string =>
  str(e?.attributes.highestSkillTitle) || (e?.nominee?.titles[0] ?? '');

/** 序号: registration order; masters registered at the same instant by name (pinyin), then id. */
const orderOf = (a: Master, b: Master) =>
  a.createdAt.localeCompare(b.createdAt) ||
  a.name.localeCompare(b.name, 'zh-Hans-CN') ||
  a.masterId.localeCompare(b.masterId);

const schoolScope = async (auth: AuthContext, cycleId: string, schoolId: string) => {
  await cycleOf(auth.agencyId, cycleId, LS_PROGRAMME_ID);
  assertReadsUnit(auth, schoolId, 'School');
};

/** 附表2: the school's masters (序号 in registration order). */
export const masterSummary = async (auth: AuthContext, cycleId: string, schoolId: string) => {
  await schoolScope(auth, cycleId, schoolId);
  const ag = auth.agencyId;
  const masters = (await mastersOfSchool(ag, cycleId, schoolId)).sort(orderOf);
  const entries = await Promise.all(masters.map((m) => entryOf(ag, m)));
  return {
    cycleId,
    schoolId,
    form: '附表2 “百名大师”汇总表',
    columns: [...LS_MASTER_SUMMARY_COLUMNS],
    filledOn: todayInShanghai(),
    rows: masters.map((m, i) => {
      const e = entries[i];
      return {
        序号: i + 1,
        姓名: m.name,
        所在单位及职务: unitAndPosition(e),
        从事专业: e?.nominee?.occupation ?? '',
        政治面貌: str(e?.attributes.politicalStatus),
        最高专业技能荣誉称号: highestTitle(e),
        聘任年限: m.serviceYears,
        '结对带徒年级（班级）': str(e?.attributes.apprenticeGrade),
        masterId: m.masterId,
        status: m.status,
      };
    }),
  };
};
export type MasterSummary = Awaited<ReturnType<typeof masterSummary>>;

export const masterSummarySheet = (f: MasterSummary): SheetSpec => ({
  name: '百名大师汇总表',
  rows: [
    ['“百名大师”汇总表'],
    [
      '学  校：',
      f.schoolId,
      '分管校长：',
      null,
      '联系人：',
      null,
      '联系人电话：',
      null,
      '填表时间：',
      f.filledOn,
    ],
    [...LS_MASTER_SUMMARY_COLUMNS],
    ...f.rows.map((r) => LS_MASTER_SUMMARY_COLUMNS.map((c) => r[c] as XlsxCell)),
  ],
});

/** 附表3: per master of the school, the apprentices of its active or completed pairings. */
export const pairingSummary = async (auth: AuthContext, cycleId: string, schoolId: string) => {
  await schoolScope(auth, cycleId, schoolId);
  const ag = auth.agencyId;
  const [masters, apprentices, pairings] = await Promise.all([
    mastersOfSchool(ag, cycleId, schoolId),
    apprenticesOfSchool(ag, cycleId, schoolId),
    pairingsOfSchool(ag, cycleId, schoolId),
  ]);
  masters.sort(orderOf);
  const entries = await Promise.all(masters.map((m) => entryOf(ag, m)));
  const nameOf = new Map(apprentices.map((a) => [a.apprenticeId, a.name]));
  const paired = pairings.filter((p) => p.status === 'active' || p.completion !== undefined);
  const rows = masters
    .map((m, i) => ({
      m,
      e: entries[i],
      ps: paired
        .filter((p) => p.masterId === m.masterId)
        .sort((a, b) => (a.activatedAt ?? '').localeCompare(b.activatedAt ?? '')),
    }))
    .filter((x) => x.ps.length > 0)
    .map((x, i) => ({
      序号: i + 1,
      大师姓名: x.m.name,
      专业: x.e?.nominee?.occupation ?? '',
      结对的学生姓名: x.ps.map((p) => nameOf.get(p.apprenticeId) ?? '').join('、'),
      masterId: x.m.masterId,
      apprentices: x.ps.map((p) => ({
        apprenticeId: p.apprenticeId,
        name: nameOf.get(p.apprenticeId) ?? '',
        kind: p.apprenticeKind,
        studyStage: p.studyStage,
        pairingId: p.pairingId,
        status: p.status,
      })),
    }));
  return {
    cycleId,
    schoolId,
    form: '附表3 “师徒结对”情况汇总表',
    columns: [...LS_PAIRING_SUMMARY_COLUMNS],
    pairings: rows.reduce((a, r) => a + r.apprentices.length, 0),
    rows,
  };
};
export type PairingSummary = Awaited<ReturnType<typeof pairingSummary>>;

export const pairingSummarySheet = (f: PairingSummary): SheetSpec => ({
  name: '师徒结对情况汇总表',
  rows: [
    ['“师徒结对”情况汇总表'],
    ['学校：', f.schoolId, '联系人：', null, '联系电话：', null],
    [...LS_PAIRING_SUMMARY_COLUMNS],
    ...f.rows.map((r) => LS_PAIRING_SUMMARY_COLUMNS.map((c) => r[c] as XlsxCell)),
  ],
});

/** 出生年月 as YYYY-MM; the month masked (YYYY-**) unless the caller sees full personal data. */
const birthMonth = (birthDate: string | undefined, full: boolean): string =>
  !birthDate ? '' : full ? birthDate.slice(0, 7) : `${birthDate.slice(0, 4)}-**`;

/** 附表1 of one master of the official list (masterId = the nomination id). */
export const masterNomination = async (auth: AuthContext, cycleId: string, masterId: string) => {
  const ag = auth.agencyId;
  await cycleOf(ag, cycleId, LS_PROGRAMME_ID);
  const [entry, master] = await Promise.all([officialEntry(ag, masterId), readMaster(ag, masterId)]);
  if (!entry || entry.cycleId !== cycleId) throw new NotFoundError('Master', masterId);
  const held = readScope(auth);
  if (held !== undefined && held !== entry.unitId && held !== master?.schoolId) {
    throw new NotFoundError('Master', masterId);
  }
  const n = entry.nominee;
  const a = entry.attributes;
  const values: Record<(typeof LS_NOMINATION_FIELDS)[number], string | number> = {
    姓名: n?.name ?? '',
    所在单位及职务: unitAndPosition(entry),
    出生年月: birthMonth(n?.birthDate, seesFull(auth)),
    '从事工种（行业专业）及年限': [
      n?.occupation,
      n?.yearsInOccupation !== undefined ? `${n.yearsInOccupation}年` : '',
    ]
      .filter(Boolean)
      .join(' '),
    政治面貌: str(a.politicalStatus),
    最高专业技能荣誉称号: highestTitle(entry),
    学历: n?.education ?? '',
    '技能工种等级（职称）':
      [n?.skillLevel, n?.professionalTitle].filter(Boolean).join('（') + (n?.professionalTitle ? '）' : ''),
    拟聘任大师年限:
      master?.serviceYears ?? (typeof a.proposedServiceYears === 'number' ? a.proposedServiceYears : ''),
    '拟结对带徒年级（班级）': str(a.apprenticeGrade),
    主要荣誉称号: list(n?.honours),
    主要社会兼职: list(a.socialRoles),
    主要带徒经历: str(a.apprenticeExperience),
    '县（市）人力社保局及教育局意见': str(a.countyOpinion),
    市级审核意见: str(a.cityOpinion),
  };
  return {
    cycleId,
    masterId,
    form: '附表1 “百名大师”推荐表',
    nominatedBy: entry.unitId,
    ...(master ? { schoolId: master.schoolId } : {}),
    category: entry.category,
    personalDataMasked: !seesFull(auth),
    fields: LS_NOMINATION_FIELDS.map((f) => ({ field: f, value: values[f] })),
  };
};
export type MasterNomination = Awaited<ReturnType<typeof masterNomination>>;

export const masterNominationSheet = (f: MasterNomination): SheetSpec => ({
  name: '百名大师推荐表',
  rows: [['“百名大师”推荐表'], ['项目', '内容'], ...f.fields.map((x) => [x.field, x.value] as XlsxCell[])],
});

/** The schools with masters registered in the cycle (a unit: its own, when it has any). */
const schoolsOf = async (auth: AuthContext, cycleId: string): Promise<string[]> => {
  await cycleOf(auth.agencyId, cycleId, LS_PROGRAMME_ID);
  const held = readScope(auth);
  if (held === null) return [];
  const schools = [...new Set((await mastersOfCycle(auth.agencyId, cycleId)).map((m) => m.schoolId))].sort();
  return held === undefined ? schools : schools.filter((s) => s === held);
};

/** 附表2 of every school of the cycle (a unit: its own). */
export const masterSummaries = async (auth: AuthContext, cycleId: string) => {
  const schools = await schoolsOf(auth, cycleId);
  const forms = [];
  for (const schoolId of schools) forms.push(await masterSummary(auth, cycleId, schoolId));
  return { cycleId, schools: forms };
};

/** 附表3 of every school of the cycle (a unit: its own). */
export const pairingSummaries = async (auth: AuthContext, cycleId: string) => {
  const schools = await schoolsOf(auth, cycleId);
  const forms = [];
  for (const schoolId of schools) forms.push(await pairingSummary(auth, cycleId, schoolId));
  return { cycleId, schools: forms };
};

/** One sheet per school, named after it (Excel's 31-character limit applied). */
export const perSchoolSheets = <F extends { schoolId: string }>(
  forms: readonly F[],
  prefix: string,
  sheet: (f: F) => SheetSpec,
): SheetSpec[] => {
  const taken: string[] = [];
  const sheets = forms.map((f) => {
    const name = safeSheetName(`${prefix}-${f.schoolId}`, taken);
    taken.push(name);
    return { ...sheet(f), name };
  });
  return sheets.length > 0 ? sheets : [{ name: prefix, rows: [['（无）']] }];
};
