/**
 * 附件2 培育对象满意度调查表, 附件3 用人单位调查和评价表 and 附件1 培育对象选取承训单位汇总表 (JS-FORMS).
 * Trainees and employers hold no accounts: the training unit's user (or admin) enters a trainee's
 * response, the employer unit's user (or admin) its survey. One response per trainee per cycle and
 * one survey per employer per cycle (conditional writes, audited in the same transaction); the
 * same actors correct them (If-Match, with a reason) until the cycle's acceptance closes.
 * Aggregates show counts and shares only, never who answered what.
 */
import { type AgencyId, onConditionFailed, transactWrite } from '@talent/data';
import { type AuthContext, assertIfMatch, assertUnitActs, changeBy, type IfMatch } from '@talent/http';
import {
  ConflictError,
  NotFoundError,
  nowIso,
  PreconditionFailedError,
  todayInShanghai,
} from '@talent/kernel';
import type { SheetSpec, XlsxCell } from '@talent/tabular';
import { JS_PROGRAMME_ID, RATINGS, type Rating, SURVEY_ITEMS, type SurveyItemId } from '../definitions';
import { readTrainee, readUnit, traineesOfUnit, unitsOfCycle } from '../readers/jiangsu';
import type {
  EmployerSurveyBody,
  EmployerSurveyCorrectionBody,
  SatisfactionBody,
  SatisfactionCorrectionBody,
} from '../schemas';
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
import { col } from '../workbook';
import { assertCorrectable, assertReadsUnit, assertSameAsPath, cycleOf, readScope } from './access';

/** A stored form (one written before versions were kept has none: version 1). */
type Stored<T extends Versioned> = Omit<T, 'version'> & { readonly version?: number };

/** The bookkeeping of a correction of `before` by the caller at `at`. */
const corrected = (auth: AuthContext, before: Stored<Versioned>, at: string): Versioned => ({
  version: versionOf(before) + 1,
  corrections: (before.corrections ?? 0) + 1,
  correctedAt: at,
  correctedBy: auth.userId,
});

// ——— 附件2 ———

export interface SatisfactionResponse extends Versioned {
  readonly cycleId: string;
  readonly unitId: string;
  readonly majorCode: string;
  readonly majorName: string;
  readonly traineeId: string;
  readonly courses: readonly { course: string; instructor: string; rating: Rating }[];
  readonly ratings: Readonly<Record<SurveyItemId, Rating>>;
  readonly suggestions?: string;
  readonly filledOn: string;
  /** When and by whom the response was first entered (a correction keeps them). */
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/**
 * The trainee of the cycle a caller enters responses for: unknown, of another cycle or, for a
 * unit, of another unit → 404; a role that does not enter responses → 403 (P-UNIT-SCOPE).
 */
const traineeFor = async (auth: AuthContext, cycleId: string, traineeId: string) => {
  const trainee = await readTrainee(auth.agencyId, traineeId);
  const held = readScope(auth);
  if (!trainee || trainee.cycleId !== cycleId || (held !== undefined && held !== trainee.unitId)) {
    throw new NotFoundError('Trainee', traineeId);
  }
  assertUnitActs(auth, trainee.unitId, "Only the trainee's training unit (or admin) enters the response");
  return trainee;
};

/** The answers of a body as stored (the courses, the 10 rated rows, the suggestions). */
const answersOf = (body: Omit<SatisfactionBody, 'traineeId'>) => ({
  courses: body.courses.map((c) => ({ ...c })),
  ratings: {
    facultyOverall: body.facultyOverall,
    teachingContent: body.teaching.content,
    teachingLevel: body.teaching.level,
    teachingMode: body.teaching.mode,
    teachingOverall: body.teaching.overall,
    serviceOrganisation: body.service.organisation,
    serviceLogistics: body.service.logistics,
    serviceLevel: body.service.level,
    serviceOverall: body.service.overall,
    satisfaction: body.satisfaction,
  },
  ...(body.suggestions ? { suggestions: body.suggestions } : {}),
});

export const recordSatisfaction = async (
  auth: AuthContext,
  cycleId: string,
  body: SatisfactionBody,
  requestId: string,
): Promise<SatisfactionResponse> => {
  const ag = auth.agencyId;
  await cycleOf(ag, cycleId, JS_PROGRAMME_ID);
  const trainee = await traineeFor(auth, cycleId, body.traineeId);
  const at = nowIso();
  const response: SatisfactionResponse = {
    cycleId,
    unitId: trainee.unitId,
    majorCode: trainee.majorCode,
    majorName: trainee.majorName,
    traineeId: trainee.traineeId,
    ...answersOf(body),
    filledOn: body.filledOn ?? todayInShanghai(),
    recordedAt: at,
    recordedBy: auth.userId,
    version: 1,
  };
  const pk = formKeys.satisfactionPk(ag, cycleId);
  await onConditionFailed(
    transactWrite([
      putNew({
        PK: pk,
        SK: formKeys.satisfactionSk(trainee.unitId, trainee.traineeId),
        entityKind: 'JsSatisfactionResponse',
        ...response,
      }),
      audit(
        ag,
        'JsSatisfactionResponse',
        trainee.traineeId,
        pk,
        changeBy(auth, 'form.js-satisfaction.recorded', requestId, undefined, at),
        response,
      ),
    ]),
    (failed) =>
      failed.includes(0)
        ? new ConflictError(
            'JS-FORMS',
            'This trainee has already answered the survey in this cycle',
            'traineeId',
          )
        : undefined,
  );
  return response;
};

/**
 * Replaces the trainee's response (JS-FORMS): the same actors as the first entry (the trainee's
 * training unit, or admin), until the cycle's acceptance closes (409), on the version read
 * (If-Match: 412), audited with before, after and the reason. Without `filledOn` the response
 * keeps its 时间; unit, major and the first entry's `recordedAt`/`recordedBy` stay.
 */
export const correctSatisfaction = async (
  auth: AuthContext,
  cycleId: string,
  traineeId: string,
  body: SatisfactionCorrectionBody,
  ifMatch: IfMatch,
  requestId: string,
): Promise<SatisfactionResponse> => {
  const ag = auth.agencyId;
  assertSameAsPath('traineeId', body.traineeId, traineeId);
  const cycle = await cycleOf(ag, cycleId, JS_PROGRAMME_ID);
  const trainee = await traineeFor(auth, cycleId, traineeId);
  const pk = formKeys.satisfactionPk(ag, cycleId);
  const sk = formKeys.satisfactionSk(trainee.unitId, trainee.traineeId);
  const before = await readForm<Stored<SatisfactionResponse>>(pk, sk);
  if (!before) throw new NotFoundError('Satisfaction response', traineeId);
  assertCorrectable(cycle);
  assertIfMatch(ifMatch, versionOf(before));
  const at = nowIso();
  const { reason, traineeId: _same, ...answers } = body;
  const after: SatisfactionResponse = {
    cycleId,
    unitId: before.unitId,
    majorCode: before.majorCode,
    majorName: before.majorName,
    traineeId: before.traineeId,
    ...answersOf(answers),
    filledOn: answers.filledOn ?? before.filledOn,
    recordedAt: before.recordedAt,
    recordedBy: before.recordedBy,
    ...corrected(auth, before, at),
  };
  await onConditionFailed(
    transactWrite([
      putCorrected({ PK: pk, SK: sk, entityKind: 'JsSatisfactionResponse', ...after }, before.version),
      audit(
        ag,
        'JsSatisfactionResponse',
        traineeId,
        pk,
        changeBy(auth, 'form.js-satisfaction.corrected', requestId, reason, at),
        after,
        before,
      ),
    ]),
    (failed) => (failed.includes(0) ? new PreconditionFailedError() : undefined),
  );
  return after;
};

type Counts = Record<Rating, number>;
const zero = (): Counts => ({ 优秀: 0, 良好: 0, 一般: 0, 较差: 0 });
const tally = (ratings: readonly Rating[]) => {
  const counts = zero();
  for (const r of ratings) counts[r] += 1;
  const total = ratings.length;
  const shares = Object.fromEntries(
    RATINGS.map((r) => [r, total === 0 ? 0 : Math.round((counts[r] / total) * 10_000) / 10_000]),
  ) as Record<Rating, number>;
  return { total, counts, shares };
};

/** The unit's aggregate: per rated item, per course (with its instructor) and per instructor. */
export const satisfactionForm = async (
  auth: AuthContext,
  cycleId: string,
  unitId: string,
  majorCode?: string,
) => {
  const ag = auth.agencyId;
  await cycleOf(ag, cycleId, JS_PROGRAMME_ID);
  const unit = await readUnit(ag, cycleId, unitId);
  if (!unit) throw new NotFoundError('Training unit', unitId);
  assertReadsUnit(auth, unitId, 'Training unit');
  const all = await allUnder<Stored<SatisfactionResponse>>(
    formKeys.satisfactionPk(ag, cycleId),
    formKeys.satisfactionUnitPrefix(unitId),
  );
  const responses = majorCode ? all.filter((r) => r.majorCode === majorCode) : all;
  const courseKey = (c: { course: string; instructor: string }) => `${c.course}\u0000${c.instructor}`;
  const byCourse = new Map<string, { course: string; instructor: string; ratings: Rating[] }>();
  const byInstructor = new Map<string, Rating[]>();
  for (const r of responses) {
    for (const c of r.courses) {
      const k = courseKey(c);
      const entry = byCourse.get(k) ?? { course: c.course, instructor: c.instructor, ratings: [] };
      entry.ratings.push(c.rating);
      byCourse.set(k, entry);
      byInstructor.set(c.instructor, [...(byInstructor.get(c.instructor) ?? []), c.rating]);
    }
  }
  return {
    cycleId,
    unitId,
    unitName: unit.name,
    majors: majorCode ? unit.majors.filter((m) => m.code === majorCode) : unit.majors,
    responses: responses.length,
    items: SURVEY_ITEMS.map((i) => ({ ...i, ...tally(responses.map((r) => r.ratings[i.id])) })),
    courses: [...byCourse.values()]
      .sort((a, b) => a.course.localeCompare(b.course) || a.instructor.localeCompare(b.instructor))
      .map((c) => ({ course: c.course, instructor: c.instructor, ...tally(c.ratings) })),
    instructors: [...byInstructor.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([instructor, rs]) => ({ instructor, ...tally(rs) })),
    suggestions: responses.flatMap((r) => (r.suggestions ? [r.suggestions] : [])),
  };
};
export type SatisfactionForm = Awaited<ReturnType<typeof satisfactionForm>>;

const RATING_HEADER = [...RATINGS, '合计', ...RATINGS.map((r) => `${r}占比`)];

/** Counts D–G, 合计 H = SUM, shares I–L = ROUND(count/合计, 4) (0 when nobody rated), cached. */
const countCells = (row: number, t: ReturnType<typeof tally>): XlsxCell[] => [
  ...RATINGS.map((r) => t.counts[r]),
  { formula: `SUM(D${row}:G${row})`, value: t.total },
  ...RATINGS.map((r, i) => ({
    formula: `IF(H${row}=0,0,ROUND(${col(4 + i)}${row}/H${row},4))`,
    value: t.shares[r],
  })),
];

export const satisfactionSheets = (form: SatisfactionForm): SheetSpec[] => {
  const rows: XlsxCell[][] = [
    ['培育对象满意度调查表（汇总）'],
    [
      '承训单位：',
      form.unitName,
      '专业大类：',
      form.majors.map((m) => m.name).join('、'),
      '时间：',
      todayInShanghai(),
    ],
    ['评价项目', '学习课程', '授课人', ...RATING_HEADER],
  ];
  const push = (cells: XlsxCell[], t: ReturnType<typeof tally>) => {
    rows.push([...cells, ...countCells(rows.length + 1, t)]);
  };
  form.courses.forEach((c, i) => {
    push([i === 0 ? '师资评价' : null, c.course, c.instructor], c);
  });
  for (const item of form.items) {
    const first = form.items.find((x) => x.section === item.section) === item;
    const label = item.section === '师资评价' && form.courses.length > 0 ? null : first ? item.section : null;
    push([label, item.id === 'satisfaction' ? null : item.itemZh, null], item);
  }
  rows.push(['意见与建议', form.suggestions.join('\n')]);
  rows.push(['有效问卷数', form.responses]);
  const instructorRows: XlsxCell[][] = [['授课人', ...RATING_HEADER]];
  for (const t of form.instructors) {
    const row = instructorRows.length + 1;
    instructorRows.push([
      t.instructor,
      ...RATINGS.map((r) => t.counts[r]),
      { formula: `SUM(B${row}:E${row})`, value: t.total },
      ...RATINGS.map((r, i) => ({
        formula: `IF(F${row}=0,0,ROUND(${col(2 + i)}${row}/F${row},4))`,
        value: t.shares[r],
      })),
    ]);
  }
  return [
    { name: '培育对象满意度调查表', rows },
    { name: '按授课人', rows: instructorRows },
  ];
};

// ——— 附件3 ———

export interface EmployerSurvey extends EmployerSurveyBody, Versioned {
  readonly cycleId: string;
  readonly filledOn: string;
  /** When and by whom the survey was first entered (a correction keeps them). */
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export const recordEmployerSurvey = async (
  auth: AuthContext,
  cycleId: string,
  body: EmployerSurveyBody,
  requestId: string,
): Promise<EmployerSurvey> => {
  const ag = auth.agencyId;
  await cycleOf(ag, cycleId, JS_PROGRAMME_ID);
  assertUnitActs(auth, body.employerUnitId, 'Only the employer unit (or admin) enters its survey');
  const at = nowIso();
  const survey: EmployerSurvey = {
    ...body,
    cycleId,
    filledOn: body.filledOn ?? todayInShanghai(),
    recordedAt: at,
    recordedBy: auth.userId,
    version: 1,
  };
  const pk = formKeys.employerPk(ag, cycleId);
  await onConditionFailed(
    transactWrite([
      putNew({
        PK: pk,
        SK: formKeys.employerSk(body.employerUnitId),
        entityKind: 'JsEmployerSurvey',
        ...survey,
      }),
      audit(
        ag,
        'JsEmployerSurvey',
        body.employerUnitId,
        pk,
        changeBy(auth, 'form.js-employer-survey.recorded', requestId, undefined, at),
        survey,
      ),
    ]),
    (failed) =>
      failed.includes(0)
        ? new ConflictError(
            'JS-FORMS',
            'This employer has already answered the survey in this cycle',
            'employerUnitId',
          )
        : undefined,
  );
  return survey;
};

/**
 * Replaces the employer's survey (JS-FORMS): the same actors as the first entry (the employer
 * unit, or admin: another unit 403 P-UNIT-SCOPE), until the cycle's acceptance closes (409), on
 * the version read (If-Match: 412), audited with before, after and the reason. Without
 * `filledOn` the survey keeps its 时间; the first entry's `recordedAt`/`recordedBy` stay.
 */
export const correctEmployerSurvey = async (
  auth: AuthContext,
  cycleId: string,
  employerUnitId: string,
  body: EmployerSurveyCorrectionBody,
  ifMatch: IfMatch,
  requestId: string,
): Promise<EmployerSurvey> => {
  const ag = auth.agencyId;
  assertSameAsPath('employerUnitId', body.employerUnitId, employerUnitId);
  const cycle = await cycleOf(ag, cycleId, JS_PROGRAMME_ID);
  assertUnitActs(auth, employerUnitId, 'Only the employer unit (or admin) corrects its survey');
  const pk = formKeys.employerPk(ag, cycleId);
  const sk = formKeys.employerSk(employerUnitId);
  const before = await readForm<Stored<EmployerSurvey>>(pk, sk);
  if (!before) throw new NotFoundError('Employer survey', employerUnitId);
  assertCorrectable(cycle);
  assertIfMatch(ifMatch, versionOf(before));
  const at = nowIso();
  const { reason, employerUnitId: _same, filledOn, ...answers } = body;
  const after: EmployerSurvey = {
    employerUnitId,
    ...answers,
    cycleId,
    filledOn: filledOn ?? before.filledOn,
    recordedAt: before.recordedAt,
    recordedBy: before.recordedBy,
    ...corrected(auth, before, at),
  };
  await onConditionFailed(
    transactWrite([
      putCorrected({ PK: pk, SK: sk, entityKind: 'JsEmployerSurvey', ...after }, before.version),
      audit(
        ag,
        'JsEmployerSurvey',
        employerUnitId,
        pk,
        changeBy(auth, 'form.js-employer-survey.corrected', requestId, reason, at),
        after,
        before,
      ),
    ]),
    (failed) => (failed.includes(0) ? new PreconditionFailedError() : undefined),
  );
  return after;
};

/** Every employer survey of the cycle (a unit: its own) and the totals per occupation. */
export const employerSummary = async (auth: AuthContext, cycleId: string) => {
  const ag = auth.agencyId;
  await cycleOf(ag, cycleId, JS_PROGRAMME_ID);
  const held = readScope(auth);
  const all = await allUnder<Stored<EmployerSurvey>>(formKeys.employerPk(ag, cycleId), 'EMPLOYER#');
  const surveys = held === undefined ? all : all.filter((s) => s.employerUnitId === held);
  const byOccupation = new Map<
    string,
    {
      occupation: string;
      employers: number;
      seniorTechnicians: number;
      technicians: number;
      seniorWorkers: number;
      trainingNeeds: number;
    }
  >();
  for (const s of surveys) {
    for (const o of s.occupations) {
      const e = byOccupation.get(o.occupation) ?? {
        occupation: o.occupation,
        employers: 0,
        seniorTechnicians: 0,
        technicians: 0,
        seniorWorkers: 0,
        trainingNeeds: 0,
      };
      e.employers += 1;
      e.seniorTechnicians += o.seniorTechnicians;
      e.technicians += o.technicians;
      e.seniorWorkers += o.seniorWorkers;
      e.trainingNeeds += o.trainingNeeds;
      byOccupation.set(o.occupation, e);
    }
  }
  return {
    cycleId,
    surveys: surveys.length,
    occupations: [...byOccupation.values()].sort((a, b) => a.occupation.localeCompare(b.occupation)),
    employers: surveys.map((s) => ({
      employerUnitId: s.employerUnitId,
      employerName: s.employerName,
      filledOn: s.filledOn,
      occupations: s.occupations,
      technicalProblems: s.technicalProblems,
      trainingDifficulties: s.trainingDifficulties,
      participantEvaluation: s.participantEvaluation,
      ...(s.otherNotes ? { otherNotes: s.otherNotes } : {}),
      version: versionOf(s),
      ...(s.correctedAt ? { correctedAt: s.correctedAt, corrections: s.corrections ?? 1 } : {}),
    })),
  };
};
export type EmployerSummary = Awaited<ReturnType<typeof employerSummary>>;

export const employerSheets = (s: EmployerSummary): SheetSpec[] => {
  const occ: XlsxCell[][] = [['职业（工种）', '填报单位数', '高级技师', '技师', '高级工', '培训需求数']];
  for (const o of s.occupations) {
    occ.push([
      o.occupation,
      o.employers,
      o.seniorTechnicians,
      o.technicians,
      o.seniorWorkers,
      o.trainingNeeds,
    ]);
  }
  const last = occ.length;
  if (s.occupations.length > 0) {
    occ.push([
      '合计',
      ...['B', 'C', 'D', 'E', 'F'].map((c, i) => ({
        formula: `SUM(${c}2:${c}${last})`,
        value: s.occupations.reduce(
          (a, o) =>
            a + ([o.employers, o.seniorTechnicians, o.technicians, o.seniorWorkers, o.trainingNeeds][i] ?? 0),
          0,
        ),
      })),
    ]);
  }
  const detail: XlsxCell[][] = [
    [
      '填报单位',
      '时间',
      '职业（工种）情况',
      '本单位生产面临的主要技术和工艺难题',
      '技能人才培养困难、短板弱项与学习需求',
      '参加卓越技师培育计划后综合情况',
      '其他问题和需要说明的情况',
    ],
  ];
  for (const e of s.employers) {
    detail.push([
      e.employerName,
      e.filledOn,
      e.occupations
        .map(
          (o) =>
            `${o.occupation}：高级技师${o.seniorTechnicians} 技师${o.technicians} 高级工${o.seniorWorkers}，培训需求数${o.trainingNeeds}`,
        )
        .join('；'),
      e.technicalProblems.join('；'),
      e.trainingDifficulties.join('；'),
      e.participantEvaluation,
      e.otherNotes ?? null,
    ]);
  }
  return [
    { name: '用人单位调查汇总', rows: occ },
    { name: '用人单位调查和评价表', rows: detail },
  ];
};

// ——— 附件1 ———

/** Trainees' choices of unit and major: per unit and major, the trainees, A/B and out-of-town. */
export const unitChoices = async (auth: AuthContext, cycleId: string) => {
  const ag: AgencyId = auth.agencyId;
  await cycleOf(ag, cycleId, JS_PROGRAMME_ID);
  const held = readScope(auth);
  if (held === null) return { cycleId, rows: [], total: 0 };
  const [units, trainees] = await Promise.all([unitsOfCycle(ag, cycleId), traineesOfUnit(ag, cycleId, held)]);
  const rows = units
    .filter((u) => held === undefined || u.unitId === held)
    .sort((a, b) => a.unitId.localeCompare(b.unitId))
    .flatMap((u) =>
      u.majors.map((m) => {
        const ts = trainees.filter(
          (t) => t.unitId === u.unitId && t.majorCode === m.code && t.status !== 'deferred',
        );
        return {
          unitId: u.unitId,
          unitName: u.name,
          city: u.city,
          majorCode: m.code,
          majorName: m.name,
          trainees: ts.length,
          categoryA: ts.filter((t) => t.category === 'A').length,
          categoryB: ts.filter((t) => t.category === 'B').length,
          outOfTown: ts.filter((t) => t.outOfTown).length,
        };
      }),
    );
  return { cycleId, rows, total: rows.reduce((a, r) => a + r.trainees, 0) };
};
export type UnitChoices = Awaited<ReturnType<typeof unitChoices>>;

export const unitChoiceSheet = (u: UnitChoices): SheetSpec => {
  const rows: XlsxCell[][] = [
    [
      '序号',
      '承训单位',
      '所在设区市',
      '专业代码',
      '专业名称',
      '培育对象人数',
      '其中A类',
      '其中B类',
      '其中异地参训',
    ],
  ];
  u.rows.forEach((r, i) => {
    rows.push([
      i + 1,
      r.unitName,
      r.city,
      r.majorCode,
      r.majorName,
      r.trainees,
      r.categoryA,
      r.categoryB,
      r.outOfTown,
    ]);
  });
  const last = rows.length;
  const sum = (c: string, v: number): XlsxCell => ({
    formula: `SUM(${c}2:${c}${Math.max(last, 2)})`,
    value: v,
  });
  rows.push([
    '合计',
    null,
    null,
    null,
    null,
    sum('F', u.total),
    sum(
      'G',
      u.rows.reduce((a, r) => a + r.categoryA, 0),
    ),
    sum(
      'H',
      u.rows.reduce((a, r) => a + r.categoryB, 0),
    ),
    sum(
      'I',
      u.rows.reduce((a, r) => a + r.outOfTown, 0),
    ),
  ]);
  return { name: '培育对象选取承训单位汇总表', rows };
};
