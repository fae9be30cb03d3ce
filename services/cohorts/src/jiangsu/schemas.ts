/**
 * Request and response schemas of the Jiangsu cohort routes (卓越技师培育计划). Built lazily on first
 * use like every schema of the platform (cold start).
 */
import { code, isoDate, pageQuery, personName, residentId, text } from '@talent/http';
import { PROFESSIONAL_TITLES, SKILL_LEVELS } from '@talent/kernel';
import * as z from 'zod';

/** 省重点技师学院 / 职业技术学院 / 省级以上高技能人才培训实训基地 (JS-TRAINING-UNITS). */
export const UNIT_KINDS = ['technician-college', 'vocational-college', 'training-base'] as const;
/** A prefecture-level city (设区市): Chinese name or a code, usable as a key segment. */
export const cityName = () =>
  z
    .string()
    .regex(/^[A-Za-z0-9_\-\u4e00-\u9fff]{1,20}$/, 'a city name (Chinese) or code, at most 20 characters');
export const GRADES = ['优秀', '良好', '合格', '基本合格', '不合格'] as const;

const loose = (shape: Record<string, z.ZodType>) => z.looseObject(shape);
const page = (item: z.ZodType) =>
  z.lazy(() => z.object({ items: z.array(item), nextCursor: z.string().nullable() }));

export const cycleParams = z.lazy(() => z.strictObject({ cycleId: code(64) }));
export const unitParams = z.lazy(() => z.strictObject({ cycleId: code(64), unitId: code(64) }));
export const cityParams = z.lazy(() => z.strictObject({ cycleId: code(64), city: cityName() }));
export const traineeParams = z.lazy(() => z.strictObject({ traineeId: code(64) }));
export const traineeSessionParams = z.lazy(() =>
  z.strictObject({ traineeId: code(64), sessionId: code(64) }),
);
export const leaveParams = z.lazy(() => z.strictObject({ traineeId: code(64), leaveId: code(64) }));
export const listQuery = z.lazy(() => z.strictObject({ ...pageQuery() }));
export const traineeListQuery = z.lazy(() => z.strictObject({ unitId: code(64).optional(), ...pageQuery() }));

// ——— training units (JS-TRAINING-UNITS) ———

export const major = z.lazy(() =>
  z.strictObject({
    /** 全国技工院校专业目录 code, as given (e.g. 0102-4). */
    code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/, 'a catalogue code (letters, digits, . -)'),
    name: text(50),
  }),
);

export const trainingUnitBody = z.lazy(() =>
  z.strictObject({
    name: text(100),
    kind: z.enum(UNIT_KINDS),
    /** The city (设区市) the unit is in: leave approval and disbursement follow it (JS-CITY-LEAD, JS-ACCEPTANCE). */
    city: cityName(),
    majors: z
      .array(major)
      .min(1)
      .max(100)
      .refine((ms) => new Set(ms.map((m) => m.code)).size === ms.length, {
        message: 'major codes must be unique',
        params: { ruleId: 'JS-TRAINING-UNITS' },
      }),
  }),
);
export type TrainingUnitBody = z.output<typeof trainingUnitBody>;

export const trainingPlanBody = z.lazy(() =>
  z.strictObject({
    startsOn: isoDate(),
    endsOn: isoDate(),
    theoryHours: z.number().int().min(0).max(5000),
    practiceHours: z.number().int().min(0).max(5000),
    /** Credits (学分) a trainee earns over the year; JS-ATTENDANCE-FAIL compares with them. */
    credits: z.number().int().min(1).max(1000),
  }),
);
export type TrainingPlanBody = z.output<typeof trainingPlanBody>;

export const unitView = loose({
  unitId: z.string(),
  name: z.string(),
  city: z.string(),
  version: z.number(),
});
export const unitPage = page(unitView);

// ——— trainees ———

export const enrolBody = z.lazy(() =>
  z.strictObject({
    /** The trainee's nomination on the cycle's official list. */
    nominationId: code(64),
    unitId: code(64),
    majorCode: z.string().max(20),
    /** The city the trainee lives and works in: another city than the unit's is 异地参训. */
    homeCity: cityName(),
  }),
);
export type EnrolBody = z.output<typeof enrolBody>;

export const instructorBody = z.lazy(() =>
  z.strictObject({
    name: personName(),
    professionalTitle: z.enum(PROFESSIONAL_TITLES).optional(),
    skillLevel: z.enum(SKILL_LEVELS).optional(),
  }),
);
export type InstructorBody = z.output<typeof instructorBody>;

const instant = () => z.string().describe('an ISO 8601 instant');
const date = () => z.string().describe("a 'YYYY-MM-DD' date (Asia/Shanghai)");

/** A trainee as the routes return it (resident ID masked, never the fingerprint). */
export const traineeView = z.lazy(() =>
  z
    .object({
      traineeId: z.string(),
      cycleId: z.string(),
      year: z.number().int(),
      nominationId: z.string(),
      category: z.string(),
      /** The recommending (employer) unit of the nomination (JS-SANCTIONS). */
      employerUnitId: z.string(),
      name: z.string(),
      residentIdMasked: z.string(),
      unitId: z.string(),
      majorCode: z.string(),
      majorName: z.string(),
      unitCity: z.string(),
      homeCity: z.string(),
      /** 异地参训 (JS-HOURS-RATIO, JS-EXPENSE-SPLIT). */
      outOfTown: z.boolean(),
      instructor: z
        .object({
          name: z.string(),
          professionalTitle: z.string().optional(),
          skillLevel: z.string().optional(),
          assignedAt: instant(),
        })
        .strict()
        .optional(),
      hoursAttended: z.number(),
      creditsEarned: z.number(),
      reportSubmitted: z.boolean(),
      status: z.enum(['active', 'deferred', 'continued']),
      /** JS-TRACKING: 1 or 2. */
      participationYear: z.union([z.literal(1), z.literal(2)]),
      deferralsUsed: z.number().int(),
      previousTraineeId: z.string().optional(),
      nextTraineeId: z.string().optional(),
      version: z.number().int(),
      createdAt: instant(),
      updatedAt: instant(),
      updatedBy: z.string(),
    })
    .strict(),
);
export const traineePage = page(traineeView);

// ——— sessions and attendance ———

export const sessionBody = z.lazy(() =>
  z.strictObject({
    date: isoDate(),
    kind: z.enum(['theory', 'practice']),
    title: text(100),
    hours: z.number().positive().max(24).multipleOf(0.5),
    credits: z.number().min(0).max(100).multipleOf(0.5).default(0),
    /** Theory may be taken online by out-of-town trainees (JS-HOURS-RATIO). */
    onlineAllowed: z.boolean().default(false),
  }),
);
export type SessionBody = z.output<typeof sessionBody>;
export const sessionView = loose({ sessionId: z.string(), date: z.string(), kind: z.string() });
/** A session as the training file lists it. */
const fileSession = z.lazy(() =>
  z
    .object({
      sessionId: z.string(),
      cycleId: z.string(),
      unitId: z.string(),
      date: date(),
      kind: z.enum(['theory', 'practice']),
      title: z.string(),
      hours: z.number(),
      credits: z.number(),
      onlineAllowed: z.boolean(),
      createdAt: instant(),
    })
    .strict(),
);
export const sessionPage = page(sessionView);

export const attendanceBody = z.lazy(() =>
  z.strictObject({
    present: z.boolean(),
    hours: z.number().min(0).max(24).multipleOf(0.1),
    credits: z.number().min(0).max(100).multipleOf(0.1).default(0),
    online: z.boolean().default(false),
  }),
);
export type AttendanceBody = z.output<typeof attendanceBody>;
export const attendanceView = loose({ sessionId: z.string(), hours: z.number() });
const fileAttendance = z.lazy(() =>
  z
    .object({
      attendanceOf: z.string().describe('the trainee id'),
      sessionId: z.string(),
      present: z.boolean(),
      hours: z.number(),
      credits: z.number(),
      online: z.boolean(),
      version: z.number().int(),
      recordedAt: instant(),
      recordedBy: z.string(),
    })
    .strict(),
);

// ——— leave (JS-CITY-LEAD) ———

export const cityLeadBody = z.lazy(() =>
  z.strictObject({
    /** The official's user id (the token subject they call with, role reviewer or admin). */
    userId: z.string().min(1).max(128),
    name: personName(),
    /** 在编人员 of the city's HRSS bureau. */
    bureau: text(100),
  }),
);
export type CityLeadBody = z.output<typeof cityLeadBody>;
export const cityLeadView = loose({ city: z.string(), userId: z.string() });
export const cityLeadPage = page(cityLeadView);

export const leaveBody = z.lazy(() => z.strictObject({ from: isoDate(), to: isoDate(), reason: text(500) }));
export type LeaveBody = z.output<typeof leaveBody>;
export const leaveDecisionBody = z.lazy(() =>
  z.strictObject({ approve: z.boolean(), comment: text(500).optional() }),
);
export type LeaveDecisionBody = z.output<typeof leaveDecisionBody>;
export const leaveView = loose({ leaveId: z.string(), status: z.string() });
const fileLeave = z.lazy(() =>
  z
    .object({
      leaveId: z.string(),
      traineeId: z.string(),
      city: z.string(),
      from: date(),
      to: date(),
      reason: z.string(),
      status: z.enum(['pending', 'approved', 'rejected']),
      requestedAt: instant(),
      requestedBy: z.string(),
      decidedAt: instant().optional(),
      decidedBy: z.string().optional(),
      comment: z.string().optional(),
    })
    .strict(),
);

// ——— research report (JS-REPORT) ———

export const reportBody = z.lazy(() =>
  z.strictObject({ title: text(200), submittedOn: isoDate(), summary: text(2000).optional() }),
);
export type ReportBody = z.output<typeof reportBody>;
export const reportScoreBody = z.lazy(() =>
  z.strictObject({ score: z.number().min(0).max(100).multipleOf(0.5), comment: text(1000).optional() }),
);
export type ReportScoreBody = z.output<typeof reportScoreBody>;
export const reportView = loose({ title: z.string(), submittedOn: z.string() });
const fileReport = z.lazy(() =>
  z
    .object({
      reportOf: z.string().describe('the trainee id'),
      year: z.number().int(),
      title: z.string(),
      submittedOn: date(),
      summary: z.string().optional(),
      score: z.number().optional(),
      comment: z.string().optional(),
      scoredBy: z.string().optional(),
      scoredAt: instant().optional(),
      version: z.number().int(),
    })
    .strict(),
);

// ——— grades (JS-GRADES, JS-GRADE-QUOTA, JS-ATTENDANCE-FAIL) ———

export const gradesBody = z.lazy(() =>
  z.strictObject({
    grades: z
      .array(
        z.strictObject({
          traineeId: code(64),
          grade: z.string().min(1).max(10),
          score: z.number().min(0).max(100).optional(),
        }),
      )
      .min(1)
      .max(200),
  }),
);
export type GradesBody = z.output<typeof gradesBody>;
const gradeRowShape = () => ({
  traineeId: z.string(),
  category: z.string(),
  /** The grade the unit gave. */
  proposedGrade: z.string(),
  /** The grade that counts: 不合格 when attendance was below 70% (JS-ATTENDANCE-FAIL). */
  grade: z.enum(GRADES),
  autoFailed: z.boolean(),
  score: z.number().optional(),
  hoursAttended: z.number(),
  hoursRequired: z.number(),
  creditsEarned: z.number(),
  creditsRequired: z.number(),
  reportSubmitted: z.boolean(),
});
const finding = z.lazy(() =>
  z
    .object({
      ruleId: z.string(),
      clause: z.string().optional(),
      path: z.string(),
      message: z.string(),
      messageZh: z.string().optional(),
      relaxable: z.boolean().optional(),
    })
    .strict(),
);
/** A unit's grades (one item per unit; JS-GRADES, JS-GRADE-QUOTA; `finalAt` once the acceptance closed). */
export const gradingView = z.lazy(() =>
  z
    .object({
      cycleId: z.string(),
      unitId: z.string(),
      grades: z.array(z.object(gradeRowShape()).strict()),
      /** Reported rules (JS-REPORT: a missing research report). */
      flags: z.array(finding),
      version: z.number().int(),
      submittedAt: instant(),
      submittedBy: z.string(),
      finalAt: instant().optional(),
    })
    .strict(),
);

// ——— deferral, year 2 ———

export const deferralBody = z.lazy(() => z.strictObject({ toCycleId: code(64), reason: text(500) }));
export type DeferralBody = z.output<typeof deferralBody>;
export const continuationBody = z.lazy(() => z.strictObject({ toCycleId: code(64) }));
export type ContinuationBody = z.output<typeof continuationBody>;
export const deferralView = z.lazy(() => z.object({ deferred: traineeView, next: traineeView }));
export const continuationView = z.lazy(() => z.object({ previous: traineeView, next: traineeView }));

// ——— sanctions (JS-SANCTIONS) ———

export const sanctionBody = z.lazy(() =>
  z
    .strictObject({
      /** trainee-misconduct: a person; employer-obstruction: the employer unit (the recommending unit id). */
      kind: z.enum(['trainee-misconduct', 'employer-obstruction']),
      traineeId: code(64).optional(),
      residentId: residentId().optional(),
      unitId: code(64).optional(),
      imposedOn: isoDate(),
      reason: text(1000),
    })
    .superRefine((b, ctx) => {
      const person = b.traineeId !== undefined || b.residentId !== undefined;
      if (
        b.kind === 'trainee-misconduct' &&
        (!person || b.unitId !== undefined || (b.traineeId && b.residentId))
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['traineeId'],
          message: 'a person sanction names exactly one of traineeId or residentId, and no unitId',
          params: { ruleId: 'JS-SANCTIONS' },
        });
      }
      if (b.kind === 'employer-obstruction' && (b.unitId === undefined || person)) {
        ctx.addIssue({
          code: 'custom',
          path: ['unitId'],
          message: 'a unit sanction names the unitId only',
          params: { ruleId: 'JS-SANCTIONS' },
        });
      }
    }),
);
export type SanctionBody = z.output<typeof sanctionBody>;
export const sanctionQuery = z.lazy(() =>
  z.strictObject({ unitId: code(64).optional(), traineeId: code(64).optional(), ...pageQuery() }),
);
export type SanctionQuery = z.output<typeof sanctionQuery>;
export const sanctionView = loose({ sanctionId: z.string(), subject: z.string(), imposedOn: z.string() });
export const sanctionPage = page(sanctionView);

// ——— acceptance (JS-ACCEPTANCE), certificate (JS-CERTIFICATE) ———

/** The cycle's acceptance by unit (JS-ACCEPTANCE: money follows `passedByCategory`). */
export const acceptanceView = z.lazy(() =>
  z
    .object({
      cycleId: z.string(),
      year: z.number().int(),
      /** The acceptance stage of the cycle. */
      stage: z.enum(['pending', 'open', 'closed', 'absent']),
      units: z.array(
        z
          .object({
            unitId: z.string(),
            name: z.string(),
            city: z.string(),
            status: z.enum(['not-submitted', 'provisional', 'final']),
            finalAt: instant().optional(),
            passedByCategory: z.record(z.string(), z.number().int()),
            gradedByCategory: z.record(z.string(), z.number().int()),
            passed: z.number().int(),
            trainees: z.array(
              z
                .object({
                  traineeId: z.string(),
                  category: z.string(),
                  grade: z.enum(GRADES),
                  result: z.enum(['pass', 'fail']),
                })
                .strict(),
            ),
          })
          .strict(),
      ),
      nextCursor: z.string().nullable(),
    })
    .strict(),
);
export const certificateView = loose({ number: z.string(), traineeId: z.string() });

const fileCertificate = z.lazy(() =>
  z
    .object({
      number: z.string(),
      traineeId: z.string(),
      name: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      majorName: z.string(),
      year: z.number().int(),
      issuersZh: z.array(z.string()),
      issuedAt: instant(),
      issuedBy: z.string(),
    })
    .strict(),
);

/** The individual training file (逐人建立培训档案, JS-INSTRUCTOR). */
export const traineeFileView = z.lazy(() =>
  z
    .object({
      trainee: traineeView,
      sessions: z.array(fileSession),
      attendance: z.array(fileAttendance),
      leave: z.array(fileLeave),
      report: fileReport.nullable(),
      grade: z
        .object({ ...gradeRowShape(), status: z.enum(['provisional', 'final']) })
        .strict()
        .nullable(),
      certificate: fileCertificate.nullable(),
    })
    .strict(),
);
