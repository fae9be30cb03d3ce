import { code, isoDate, mobilePhone, pageQuery, personName, residentId, text } from '@talent/http';
import * as z from 'zod';

// Every schema is wrapped in z.lazy (built on first use, not at import: cold start).

/** 学段: the study stage a master's cap counts in (LS-PAIR-CAP). */
export const STUDY_STAGES = ['secondary-vocational', 'higher-vocational', 'technician-college'] as const;
export type StudyStage = (typeof STUDY_STAGES)[number];

export const PAIRING_STATUSES = ['proposed', 'accepted', 'active', 'ended'] as const;
export type PairingStatus = (typeof PAIRING_STATUSES)[number];

export const END_REASONS = ['declined', 'withdrawal', 'graduation', 'replacement'] as const;
export type EndReason = (typeof END_REASONS)[number];

export const PARTIES = ['master', 'apprentice'] as const;
export type Party = (typeof PARTIES)[number];

export const TOP_AWARDS = ['top-ten-masters', 'top-hundred-apprentices'] as const;
export type TopAward = (typeof TOP_AWARDS)[number];
export const HONOUR_AWARDS = ['outstanding-apprentice', ...TOP_AWARDS] as const;

const document = () =>
  z.strictObject({
    signedOn: isoDate(),
    /** 协议编号 or file reference */
    reference: text(100).optional(),
  });

export const cycleParams = z.lazy(() => z.strictObject({ cycleId: code(64) }));
export const masterParams = z.lazy(() => z.strictObject({ cycleId: code(64), masterId: code(64) }));
export const apprenticeParams = z.lazy(() => z.strictObject({ cycleId: code(64), apprenticeId: code(64) }));
export const pairingParams = z.lazy(() => z.strictObject({ pairingId: code(64) }));
export const schoolListParams = z.lazy(() => z.strictObject({ cycleId: code(64), schoolId: code(64) }));

export const bySchoolQuery = z.lazy(() => z.strictObject({ schoolId: code(64).optional(), ...pageQuery() }));
export const pairingsQuery = z.lazy(() =>
  z.strictObject({
    schoolId: code(64).optional(),
    status: z.enum(PAIRING_STATUSES).optional(),
    ...pageQuery(),
  }),
);
export const pageOnlyQuery = z.lazy(() => z.strictObject({ ...pageQuery() }));
export const honoursQuery = z.lazy(() =>
  z.strictObject({ award: z.enum(HONOUR_AWARDS).optional(), ...pageQuery() }),
);

export const registerMasterBody = z.lazy(() =>
  z.strictObject({
    /** The master's nomination on the cycle's official list (the master list). */
    nominationId: code(64),
    /** The school (院校) that hires the master (LS-NOMINATION-ROUTE). */
    schoolId: code(64),
    /** 聘用协议: the school–master employment agreement (LS-AGREEMENTS). */
    employmentAgreement: document(),
    /** First day of service at the school. */
    employmentStartOn: isoDate(),
    /** 聘任年限; defaults to the nomination's proposedServiceYears (≥ 6, LS-SERVICE-TERM). */
    serviceYears: z.number().int().min(1).max(30).optional(),
  }),
);
export type RegisterMasterBody = z.output<typeof registerMasterBody>;

export const masterLeavingBody = z.lazy(() => z.strictObject({ leftOn: isoDate(), reason: text(500) }));

export const registerApprenticeBody = z.lazy(() =>
  z
    .strictObject({
      schoolId: code(64),
      kind: z.enum(['student', 'teacher']),
      name: personName(),
      residentId: residentId(),
      phone: mobilePhone().optional(),
      studyStage: z.enum(STUDY_STAGES),
      /** Year of study of a student (1 = first year); LS-APPRENTICE-YEAR checks it when paired. */
      studyYear: z.number().int().min(1).max(6).optional(),
      major: text(100).optional(),
      className: text(50).optional(),
    })
    .superRefine((b, ctx) => {
      if (b.kind === 'student' && b.studyYear === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['studyYear'],
          message: 'a student apprentice has a year of study',
        });
      if (b.kind === 'teacher' && b.studyYear !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['studyYear'],
          message: 'a teacher apprentice has no year of study',
        });
    }),
);
export type RegisterApprenticeBody = z.output<typeof registerApprenticeBody>;

export const proposePairingBody = z.lazy(() =>
  z.strictObject({
    masterId: code(64),
    apprenticeId: code(64),
    /** Who chose first: the master proposes, or the apprentice applies (LS-TWO-WAY). */
    initiatedBy: z.enum(PARTIES),
  }),
);
export type ProposePairingBody = z.output<typeof proposePairingBody>;

export const acceptPairingBody = z.lazy(() => z.strictObject({ party: z.enum(PARTIES) }));

export const agreementsBody = z.lazy(() =>
  z.strictObject({
    /** 师徒结对培养协议 */
    apprenticeshipAgreement: document(),
    /** 双导师: the school's teacher beside the master. */
    schoolMentor: z.strictObject({ name: personName(), staffNo: code(32).optional() }),
    /** 联合制定的培养计划 */
    trainingPlan: z.strictObject({ agreedOn: isoDate(), summary: text(2000) }),
  }),
);
export type AgreementsBody = z.output<typeof agreementsBody>;

export const endPairingBody = z.lazy(() =>
  z.strictObject({ reason: z.enum(END_REASONS), note: text(500).optional() }),
);

export const sessionBody = z.lazy(() =>
  z
    .strictObject({
      date: isoDate(),
      /** Face-to-face days on `date`, in half days: a session is at most one day (LS-MENTOR-DAYS). */
      days: z.number().min(0.5).max(1).multipleOf(0.5).optional(),
      /** Or face-to-face hours (8 hours count as one day; at most 8 on one date). */
      hours: z.number().int().min(1).max(8).optional(),
      content: text(1000),
      /** The school mentor who confirms the session (must be the pairing's school mentor). */
      confirmedBy: personName(),
    })
    .superRefine((b, ctx) => {
      if ((b.days === undefined) === (b.hours === undefined))
        ctx.addIssue({ code: 'custom', path: ['days'], message: 'give either days or hours' });
    }),
);
export type SessionBody = z.output<typeof sessionBody>;

export const completionBody = z.lazy(() =>
  z.strictObject({
    skillImproved: z.boolean(),
    assessment: text(2000),
    confirmedOn: isoDate(),
  }),
);

export const submitListBody = z.lazy(() => z.strictObject({ note: text(500).optional() }));
export const reviewListBody = z.lazy(() =>
  z.strictObject({ outcome: z.enum(['approved', 'returned']), reason: text(500) }),
);

export const outstandingBody = z.lazy(() =>
  z.strictObject({
    apprenticeId: code(64),
    /** 1 = first prize … 3 = third prize (三等奖及以上 qualifies). */
    competitionPrizeRank: z.number().int().min(1).max(10).optional(),
    competitionName: text(200).optional(),
    patentsWhileAtSchool: z.number().int().min(0).max(100).optional(),
    /**
     * When the prize was won or the patent granted: a prize counts only after the pairing
     * (经大师结对培养后取得, LS-OUTSTANDING-APPRENTICE); never in the future.
     */
    achievedOn: isoDate(),
    evidence: text(2000),
  }),
);
export type OutstandingBody = z.output<typeof outstandingBody>;

export const topSelectionBody = z.lazy(() =>
  z.strictObject({
    award: z.enum(TOP_AWARDS),
    /** A masterId (十佳大师) or an apprenticeId (百佳高徒) of the cycle. */
    subjectId: code(64),
    /** 1 … the award's number (十佳大师 ≤ 10, 百佳高徒 ≤ 100: LS-TOP-TEN, checked by the engine). */
    rank: z.number().int().min(1).max(100),
    /** 排名依据 */
    evidence: text(2000),
  }),
);
export type TopSelectionBody = z.output<typeof topSelectionBody>;
