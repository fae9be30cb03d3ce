/**
 * 附件4 承训单位考核验收表 (JS-FORMS): each reviewer scores a training unit item by item (20 items,
 * integer 0–5), once per unit per cycle; totals per section (55/20/25) and overall (100); the unit's
 * mean over its reviewers. A reviewer of the unit itself is recused (X-RECUSAL). The reviewer who
 * made a scorecard may correct it (If-Match, with a reason) until the cycle's acceptance closes.
 */
import { type AgencyId, onConditionFailed, transactWrite } from '@talent/data';
import { type AuthContext, assertIfMatch, assertNotOwnUnit, changeBy, type IfMatch } from '@talent/http';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  nowIso,
  PreconditionFailedError,
} from '@talent/kernel';
import type { SheetSpec, XlsxCell } from '@talent/tabular';
import {
  JS_PROGRAMME_ID,
  SCORECARD_ITEMS,
  SCORECARD_SECTIONS,
  SCORECARD_TOTAL,
  type ScorecardSection,
} from '../definitions';
import { readUnit, registeredReviewerUnit, traineesOfUnit, unitsOfCycle } from '../readers/jiangsu';
import type { ScorecardBody, ScorecardCorrectionBody } from '../schemas';
import {
  allUnder,
  audit,
  formKeys,
  putCorrected,
  putNew,
  readForm,
  type Versioned,
  versionOf,
} from '../store';
import { col, round2 } from '../workbook';
import { assertCorrectable, assertReadsUnit, cycleOf, readScope, seesReviewers } from './access';

export interface Scorecard extends Versioned {
  readonly cycleId: string;
  readonly unitId: string;
  readonly reviewerId: string;
  /** 评分 per item, in item order (1…20). */
  readonly items: readonly { readonly no: number; readonly score: number }[];
  readonly sections: Readonly<Record<ScorecardSection['id'], number>>;
  readonly total: number;
  readonly comment?: string;
  /** When the scorecard was first submitted (a correction keeps it). */
  readonly submittedAt: string;
}

/** A stored scorecard (one written before versions were kept has none). */
type StoredScorecard = Omit<Scorecard, 'version'> & { readonly version?: number };

const MAX_REVIEWER_ID = 128;

const sectionOf = (no: number) => SCORECARD_ITEMS.find((i) => i.no === no)?.section;

/** Section subtotals and the total of one reviewer's scores (pure). */
export const totalsOf = (items: readonly { no: number; score: number }[]) => {
  const sections = { process: 0, outcomes: 0, service: 0 } as Record<ScorecardSection['id'], number>;
  for (const i of items) {
    const s = sectionOf(i.no);
    if (s) sections[s] += i.score;
  }
  return { sections, total: sections.process + sections.outcomes + sections.service };
};

/** The scores of a body in item order, their section totals and total, and the comment. */
const scoresOf = (body: ScorecardBody) => {
  const items = [...body.items].sort((a, b) => a.no - b.no).map((i) => ({ no: i.no, score: i.score }));
  return { items, ...totalsOf(items), ...(body.comment ? { comment: body.comment } : {}) };
};

const unitOf = async (ag: AgencyId, cycleId: string, unitId: string) => {
  const cycle = await cycleOf(ag, cycleId, JS_PROGRAMME_ID);
  const unit = await readUnit(ag, cycleId, unitId);
  if (!unit) throw new NotFoundError('Training unit', unitId);
  return { cycle, unit };
};

/**
 * The caller may score the unit (for a first scorecard and its corrections alike): the cycle and
 * the unit exist (404), the subject fits a key, and the caller is not recused (X-RECUSAL).
 */
const mayScore = async (auth: AuthContext, cycleId: string, unitId: string) => {
  const ag = auth.agencyId;
  const found = await unitOf(ag, cycleId, unitId);
  // The reviewer's id is part of the key (one scorecard per reviewer): a subject too long for a key is refused.
  if (auth.userId.length > MAX_REVIEWER_ID)
    throw new ForbiddenError('The token subject is not a reviewer id');
  assertNotOwnUnit(auth, unitId, 'A reviewer never scores their own unit');
  if (!auth.roles.includes('admin') && (await registeredReviewerUnit(ag, auth.userId)) === unitId) {
    throw new ForbiddenError('A reviewer never scores the unit they are registered with', 'X-RECUSAL');
  }
  return found;
};

export const submitScorecard = async (
  auth: AuthContext,
  cycleId: string,
  unitId: string,
  body: ScorecardBody,
  requestId: string,
): Promise<Scorecard> => {
  const ag = auth.agencyId;
  await mayScore(auth, cycleId, unitId);
  const scorecard: Scorecard = {
    cycleId,
    unitId,
    reviewerId: auth.userId,
    ...scoresOf(body),
    submittedAt: nowIso(),
    version: 1,
  };
  const pk = formKeys.scorecardPk(ag, cycleId, unitId);
  const change = changeBy(auth, 'form.js-scorecard.submitted', requestId, undefined, scorecard.submittedAt);
  await onConditionFailed(
    transactWrite([
      putNew({ PK: pk, SK: formKeys.scorecardSk(auth.userId), entityKind: 'JsScorecard', ...scorecard }),
      audit(ag, 'JsScorecard', `${unitId}/${auth.userId}`, pk, change, scorecard),
    ]),
    (failed) =>
      failed.includes(0)
        ? new ConflictError('JS-FORMS', 'This reviewer has already scored this unit in this cycle', 'unitId')
        : undefined,
  );
  return scorecard;
};

/**
 * Replaces the scorecard of `reviewerId` (JS-FORMS): only that reviewer corrects it (the token
 * subject; admin too only its own), with the POST's validation and recusal, until the cycle's
 * acceptance closes (409), on the version read (If-Match: 412), audited with before, after and
 * the reason. `submittedAt` stays; `correctedAt`, `correctedBy`, `corrections` say the rest.
 */
export const correctScorecard = async (
  auth: AuthContext,
  cycleId: string,
  unitId: string,
  reviewerId: string,
  body: ScorecardCorrectionBody,
  ifMatch: IfMatch,
  requestId: string,
): Promise<Scorecard> => {
  const ag = auth.agencyId;
  const { cycle } = await mayScore(auth, cycleId, unitId);
  if (reviewerId !== auth.userId) {
    throw new ForbiddenError('Only the reviewer who made a scorecard corrects it', 'JS-FORMS');
  }
  const pk = formKeys.scorecardPk(ag, cycleId, unitId);
  const sk = formKeys.scorecardSk(reviewerId);
  const before = await readForm<StoredScorecard>(pk, sk);
  if (!before) throw new NotFoundError('Scorecard', `${unitId}/${reviewerId}`);
  assertCorrectable(cycle);
  const version = versionOf(before);
  assertIfMatch(ifMatch, version);
  const at = nowIso();
  const { reason, ...scores } = body;
  const after: Scorecard = {
    cycleId,
    unitId,
    reviewerId,
    ...scoresOf(scores),
    submittedAt: before.submittedAt,
    version: version + 1,
    corrections: (before.corrections ?? 0) + 1,
    correctedAt: at,
    correctedBy: auth.userId,
  };
  const change = changeBy(auth, 'form.js-scorecard.corrected', requestId, reason, at);
  await onConditionFailed(
    transactWrite([
      putCorrected({ PK: pk, SK: sk, entityKind: 'JsScorecard', ...after }, before.version),
      audit(ag, 'JsScorecard', `${unitId}/${reviewerId}`, pk, change, after, before),
    ]),
    (failed) => (failed.includes(0) ? new PreconditionFailedError() : undefined),
  );
  return after;
};

const mean = (xs: readonly number[]): number | null =>
  xs.length === 0 ? null : round2(xs.reduce((a, b) => a + b, 0) / xs.length);

/** The unit's form: every reviewer's scorecard, the means per item, per section and in total. */
export const scorecardForm = async (auth: AuthContext, cycleId: string, unitId: string) => {
  const ag = auth.agencyId;
  const { unit } = await unitOf(ag, cycleId, unitId);
  assertReadsUnit(auth, unitId, 'Training unit');
  const [cards, trainees] = await Promise.all([
    allUnder<StoredScorecard>(formKeys.scorecardPk(ag, cycleId, unitId), 'REVIEWER#'),
    traineesOfUnit(ag, cycleId, unitId),
  ]);
  cards.sort(
    (a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.reviewerId.localeCompare(b.reviewerId),
  );
  const named = seesReviewers(auth);
  const scorecards = cards.map((c, i) => ({
    reviewer: named ? c.reviewerId : `评审${i + 1}`,
    items: c.items,
    sections: c.sections,
    total: c.total,
    ...(c.comment ? { comment: c.comment } : {}),
    submittedAt: c.submittedAt,
    version: versionOf(c),
    ...(c.correctedAt ? { correctedAt: c.correctedAt, corrections: c.corrections ?? 1 } : {}),
  }));
  const scoreOf = (c: StoredScorecard, no: number) => c.items.find((i) => i.no === no)?.score ?? 0;
  return {
    cycleId,
    unitId,
    unitName: unit.name,
    trainees: trainees.length,
    reviewers: cards.length,
    maxPoints: SCORECARD_TOTAL,
    items: SCORECARD_ITEMS.map((i) => ({
      ...i,
      scores: cards.map((c) => scoreOf(c, i.no)),
      mean: mean(cards.map((c) => scoreOf(c, i.no))),
    })),
    sections: SCORECARD_SECTIONS.map((s) => ({
      ...s,
      totals: cards.map((c) => c.sections[s.id]),
      mean: mean(cards.map((c) => c.sections[s.id])),
    })),
    total: {
      maxPoints: SCORECARD_TOTAL,
      totals: cards.map((c) => c.total),
      mean: mean(cards.map((c) => c.total)),
    },
    scorecards,
  };
};

export type ScorecardForm = Awaited<ReturnType<typeof scorecardForm>>;

/**
 * The form's layout: title, 承训单位 / 培训人数, header (评价项目, 序号, 评价内涵与标准, 分值, 评分 per
 * reviewer, 平均), the 20 items, the three section subtotals and the total, every subtotal/total and
 * mean a formula whose cached value is the JSON's number; then the signature lines.
 */
export const scorecardSheet = (form: ScorecardForm, year: number): SheetSpec => {
  const n = form.scorecards.length;
  const header = [
    '评价项目',
    '序号',
    '评价内涵与标准',
    '分值',
    ...form.scorecards.map((s) => `评分（${s.reviewer}）`),
    '评分（平均）',
  ];
  const firstItemRow = 5;
  const scoreCols = Array.from({ length: n }, (_, i) => col(5 + i));
  const meanCell = (row: number, value: number | null): XlsxCell =>
    n === 0 || value === null
      ? null
      : { formula: `ROUND(AVERAGE(${scoreCols[0]}${row}:${scoreCols[n - 1]}${row}),2)`, value };
  const rows: XlsxCell[][] = [
    ['承训单位考核验收表'],
    [`（${year}学年）`],
    ['承训单位', form.unitName, null, '培训人数', form.trainees],
    header,
  ];
  const rangeOf = new Map<string, [number, number]>();
  form.items.forEach((item, i) => {
    const row = firstItemRow + i;
    const section = SCORECARD_SECTIONS.find((s) => s.id === item.section) as ScorecardSection;
    const first = form.items.findIndex((x) => x.section === item.section) === i;
    const range = rangeOf.get(item.section);
    rangeOf.set(item.section, range ? [range[0], row] : [row, row]);
    rows.push([
      first ? `${section.nameZh}（${section.maxPoints}分）` : null,
      item.no,
      item.criterion,
      item.maxPoints,
      ...item.scores,
      meanCell(row, item.mean),
    ]);
  });
  const subtotalRows: number[] = [];
  form.sections.forEach((s) => {
    const [from, to] = rangeOf.get(s.id) as [number, number];
    const row = firstItemRow + rows.length - 4;
    subtotalRows.push(row);
    rows.push([
      `${s.nameZh}小计`,
      null,
      null,
      { formula: `SUM(D${from}:D${to})`, value: s.maxPoints },
      ...s.totals.map((t, i) => ({ formula: `SUM(${scoreCols[i]}${from}:${scoreCols[i]}${to})`, value: t })),
      meanCell(row, s.mean),
    ]);
  });
  const totalRow = firstItemRow + rows.length - 4;
  const sumOf = (c: string) => subtotalRows.map((r) => `${c}${r}`).join(',');
  rows.push([
    '总计',
    null,
    null,
    { formula: `SUM(${sumOf('D')})`, value: form.total.maxPoints },
    ...form.total.totals.map((t, i) => ({ formula: `SUM(${sumOf(scoreCols[i] as string)})`, value: t })),
    meanCell(totalRow, form.total.mean),
  ]);
  rows.push([], ['省级考核人（签字）：'], ['市级考核人（签字）：'], ['承训单位负责人（签字）：'], ['日期：']);
  return { name: '承训单位考核验收表', rows };
};

/** Every training unit of the cycle with its reviewers' count and mean section totals and total (a unit: its own). */
export const scorecardOverview = async (auth: AuthContext, cycleId: string) => {
  const ag = auth.agencyId;
  await cycleOf(ag, cycleId, JS_PROGRAMME_ID);
  const held = readScope(auth);
  const units =
    held === null
      ? []
      : (await unitsOfCycle(ag, cycleId)).filter((u) => held === undefined || u.unitId === held);
  units.sort((a, b) => a.unitId.localeCompare(b.unitId));
  const rows = [];
  for (const u of units) {
    const cards = await allUnder<StoredScorecard>(formKeys.scorecardPk(ag, cycleId, u.unitId), 'REVIEWER#');
    rows.push({
      unitId: u.unitId,
      unitName: u.name,
      reviewers: cards.length,
      sections: Object.fromEntries(
        SCORECARD_SECTIONS.map((s) => [s.id, mean(cards.map((c) => c.sections[s.id]))]),
      ),
      total: mean(cards.map((c) => c.total)),
    });
  }
  return { cycleId, maxPoints: SCORECARD_TOTAL, units: rows };
};
export type ScorecardOverview = Awaited<ReturnType<typeof scorecardOverview>>;

export const scorecardOverviewSheet = (o: ScorecardOverview): SheetSpec => {
  const rows: XlsxCell[][] = [
    [
      '序号',
      '承训单位',
      '评审人数',
      ...SCORECARD_SECTIONS.map((s) => `${s.nameZh}（${s.maxPoints}分）平均`),
      '总计（100分）平均',
    ],
  ];
  // Means are rounded separately (each is ROUND(mean, 2)), so the total is a value, not a SUM of the
  // rounded section means (which could differ from it by 0.01).
  o.units.forEach((u, i) => {
    const parts = SCORECARD_SECTIONS.map((s) => (u.sections as Record<string, number | null>)[s.id] ?? null);
    rows.push([i + 1, u.unitName, u.reviewers, ...parts, u.total]);
  });
  return { name: '承训单位考核验收汇总', rows };
};
