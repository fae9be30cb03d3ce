/** Request and response schemas of the forms routes (lazy, strict: cold start, unknown fields → 422). */
import { code, isoDate, text } from '@talent/http';
import * as z from 'zod';
import { RATINGS, SCORECARD_ITEMS } from './definitions';

const loose = (shape: Record<string, z.ZodType>) => z.looseObject(shape);

export const cycleParams = z.lazy(() => z.strictObject({ cycleId: code(64) }));
export const unitParams = z.lazy(() => z.strictObject({ cycleId: code(64), unitId: code(64) }));
export const schoolParams = z.lazy(() => z.strictObject({ cycleId: code(64), schoolId: code(64) }));
export const masterParams = z.lazy(() => z.strictObject({ cycleId: code(64), masterId: code(64) }));
/** A reviewer's scorecard of a unit: the reviewer id is the token subject of the reviewer who made it. */
export const scorecardParams = z.lazy(() =>
  z.strictObject({ cycleId: code(64), unitId: code(64), reviewerId: code(128) }),
);
export const traineeParams = z.lazy(() => z.strictObject({ cycleId: code(64), traineeId: code(64) }));
export const employerParams = z.lazy(() => z.strictObject({ cycleId: code(64), employerUnitId: code(64) }));

/** Why a stored form is corrected (kept in the correction's audit record, X-AUDIT). */
const reason = () => text(500);

// ——— 附件4 scorecard ———

const ITEM_NOS = SCORECARD_ITEMS.map((i) => i.no);

const scorecardShape = () => ({
  /** 评分 of every one of the 20 items: integer 0 … the item's points (5). */
  items: z
    .array(
      z.strictObject({
        no: z.number().int().min(1).max(SCORECARD_ITEMS.length),
        score: z.number().int().min(0).max(5),
      }),
    )
    .length(SCORECARD_ITEMS.length)
    .refine((xs) => new Set(xs.map((x) => x.no)).size === ITEM_NOS.length, {
      message: 'every item 1–20 must be scored exactly once',
      params: { ruleId: 'JS-FORMS', messageZh: '须对第 1–20 项各评分一次' },
    }),
  comment: text(1000).optional(),
});

export const scorecardBody = z.lazy(() => z.strictObject(scorecardShape()));
export type ScorecardBody = z.output<typeof scorecardBody>;

/** The correction of a scorecard: the POST body (all 20 items again) and the reason. */
export const scorecardCorrectionBody = z.lazy(() =>
  z.strictObject({ ...scorecardShape(), reason: reason() }),
);
export type ScorecardCorrectionBody = z.output<typeof scorecardCorrectionBody>;

export const scorecardView = loose({ unitId: z.string(), reviewerId: z.string(), total: z.number() });
export const scorecardFormView = loose({
  unitId: z.string(),
  reviewers: z.number(),
  items: z.array(z.unknown()),
  sections: z.array(z.unknown()),
});

// ——— 附件2 satisfaction survey ———

const rating = () => z.enum(RATINGS);

const satisfactionShape = () => ({
  /** 师资评价: one row per 学习课程 with its 授课人. */
  courses: z
    .array(z.strictObject({ course: text(100), instructor: text(50), rating: rating() }))
    .min(1)
    .max(50),
  facultyOverall: rating(),
  teaching: z.strictObject({ content: rating(), level: rating(), mode: rating(), overall: rating() }),
  service: z.strictObject({
    organisation: rating(),
    logistics: rating(),
    level: rating(),
    overall: rating(),
  }),
  satisfaction: rating(),
  /** 意见与建议 */
  suggestions: text(2000).optional(),
  /** 时间 of the form (the day the trainee filled it); default today. */
  filledOn: isoDate().optional(),
});

export const satisfactionBody = z.lazy(() => z.strictObject({ traineeId: code(64), ...satisfactionShape() }));
export type SatisfactionBody = z.output<typeof satisfactionBody>;

/**
 * The correction of a response: the POST body (`traineeId` optional, then the path's) and the
 * reason; without `filledOn` the response keeps its 时间.
 */
export const satisfactionCorrectionBody = z.lazy(() =>
  z.strictObject({ traineeId: code(64).optional(), ...satisfactionShape(), reason: reason() }),
);
export type SatisfactionCorrectionBody = z.output<typeof satisfactionCorrectionBody>;

export const satisfactionResponseView = loose({ traineeId: z.string(), unitId: z.string() });
export const satisfactionFormView = loose({ unitId: z.string(), responses: z.number() });

// ——— 附件3 employer survey ———

const count = () => z.number().int().min(0).max(1_000_000);

const employerSurveyShape = () => ({
  employerName: text(100),
  /** The 3 occupations with most staff (1–3 rows). */
  occupations: z
    .array(
      z.strictObject({
        occupation: text(50),
        seniorTechnicians: count(),
        technicians: count(),
        seniorWorkers: count(),
        trainingNeeds: count(),
      }),
    )
    .min(1)
    .max(3),
  technicalProblems: z.array(text(500)).min(1).max(3),
  trainingDifficulties: z.array(text(500)).min(1).max(3),
  participantEvaluation: text(2000),
  otherNotes: text(2000).optional(),
  filledOn: isoDate().optional(),
});

export const employerSurveyBody = z.lazy(() =>
  z.strictObject({
    /** 填报单位: the employer (the nominating unit of the trainees). */
    employerUnitId: code(64),
    ...employerSurveyShape(),
  }),
);
export type EmployerSurveyBody = z.output<typeof employerSurveyBody>;

/**
 * The correction of a survey: the POST body (`employerUnitId` optional, then the path's) and the
 * reason; without `filledOn` the survey keeps its 时间.
 */
export const employerSurveyCorrectionBody = z.lazy(() =>
  z.strictObject({ employerUnitId: code(64).optional(), ...employerSurveyShape(), reason: reason() }),
);
export type EmployerSurveyCorrectionBody = z.output<typeof employerSurveyCorrectionBody>;

export const employerSurveyView = loose({ employerUnitId: z.string() });
export const employerSummaryView = loose({ surveys: z.number() });
export const unitChoiceView = loose({ rows: z.array(z.unknown()) });

// ——— Lishui ———

export const lsFormView = loose({ schoolId: z.string(), rows: z.array(z.unknown()) });
export const lsNominationView = loose({ masterId: z.string(), fields: z.array(z.unknown()) });

export const satisfactionQuery = z.lazy(() =>
  z.strictObject({
    /** 专业大类: only the responses of trainees of this major. */
    majorCode: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/)
      .optional(),
  }),
);

export const lsSchoolsView = loose({ cycleId: z.string(), schools: z.array(z.unknown()) });

export const scorecardOverviewView = loose({ cycleId: z.string(), units: z.array(z.unknown()) });

export const gdMaterialsView = loose({
  cycleId: z.string(),
  required: z.array(z.unknown()),
  rows: z.array(z.unknown()),
  total: z.number(),
  complete: z.number(),
});
