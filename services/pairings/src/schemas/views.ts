/** Response schemas (documentation: the OpenAPI document reads them). */
import * as z from 'zod';
import { END_REASONS, HONOUR_AWARDS, PAIRING_STATUSES, PARTIES, STUDY_STAGES } from './pairing';

const stamped = {
  cycleId: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
};
const documentView = () => z.object({ signedOn: z.string(), reference: z.string().optional() });
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const masterView = z.lazy(() =>
  z.object({
    masterId: z.string(),
    nominationId: z.string(),
    schoolId: z.string(),
    nominatedBy: z.string().describe('The nominating unit of the official entry'),
    name: z.string(),
    residentId: z.string().describe('Masked unless the caller is admin (X-RESIDENT-ID)'),
    tier: z.union([z.literal(1), z.literal(2)]),
    category: z.string(),
    qualification: z.string().optional(),
    nominationRoute: z.string().optional(),
    employmentAgreement: documentView(),
    employmentStartOn: z.string(),
    serviceYears: z.number().int(),
    serviceTermEndsOn: z.string().describe('employmentStartOn + serviceYears (LS-SERVICE-TERM)'),
    status: z.enum(['serving', 'left']),
    activePairings: z
      .number()
      .int()
      .optional()
      .describe('Active pairings in every study stage (leaving needs 0; P-MASTER-PAIRINGS)'),
    leaving: z
      .object({
        leftOn: z.string(),
        reason: z.string(),
        early: z.boolean(),
        flags: z.array(z.object({ ruleId: z.string(), message: z.string() })),
      })
      .optional(),
    ...stamped,
  }),
);

export const apprenticeView = z.lazy(() =>
  z.object({
    apprenticeId: z.string(),
    schoolId: z.string(),
    kind: z.enum(['student', 'teacher']),
    name: z.string(),
    residentId: z.string().describe('Masked unless the caller is admin (X-RESIDENT-ID)'),
    phone: z.string().optional(),
    studyStage: z.enum(STUDY_STAGES),
    studyYear: z.number().int().optional(),
    major: z.string().optional(),
    className: z.string().optional(),
    pairedAt: z.string().optional(),
    ...stamped,
  }),
);

const consent = () => z.object({ at: z.string(), recordedBy: z.string() });

export const pairingView = z.lazy(() =>
  z.object({
    pairingId: z.string(),
    schoolId: z.string(),
    masterId: z.string(),
    apprenticeId: z.string(),
    apprenticeKind: z.enum(['student', 'teacher']),
    studyStage: z.enum(STUDY_STAGES),
    status: z.enum(PAIRING_STATUSES),
    initiatedBy: z.enum(PARTIES),
    masterConsent: consent().optional(),
    apprenticeConsent: consent().optional(),
    agreements: z
      .object({
        apprenticeshipAgreement: documentView(),
        schoolMentor: z.object({ name: z.string(), staffNo: z.string().optional() }),
        trainingPlan: z.object({ agreedOn: z.string(), summary: z.string() }),
        recordedAt: z.string(),
        recordedBy: z.string(),
      })
      .optional(),
    activatedAt: z.string().optional(),
    faceToFaceHours: z.number(),
    faceToFaceDays: z.number(),
    sessionCount: z.number().int(),
    completion: z
      .object({
        faceToFaceDays: z.number(),
        skillImproved: z.boolean(),
        assessment: z.string(),
        confirmedOn: z.string(),
        confirmedBy: z.string(),
      })
      .optional(),
    ended: z
      .object({
        reason: z.enum(END_REASONS),
        note: z.string().optional(),
        at: z.string(),
        by: z.string(),
        wasActive: z.boolean(),
      })
      .optional(),
    ...stamped,
  }),
);

export const sessionView = z.lazy(() =>
  z.object({
    sessionId: z.string(),
    pairingId: z.string(),
    date: z.string(),
    hours: z.number(),
    days: z.number(),
    content: z.string(),
    confirmedBy: z.string(),
    recordedAt: z.string(),
    recordedBy: z.string(),
  }),
);

export const listView = z.lazy(() =>
  z.object({
    schoolId: z.string(),
    status: z.enum(['submitted', 'approved', 'returned']),
    pairingIds: z.array(z.string()),
    pairings: z.number().int(),
    teacherApprentices: z.number().int(),
    submittedOn: z.string(),
    submittedAt: z.string(),
    submittedBy: z.string(),
    note: z.string().optional(),
    review: z
      .object({
        outcome: z.enum(['approved', 'returned']),
        reason: z.string(),
        at: z.string(),
        by: z.string(),
      })
      .optional(),
    final: z.boolean().describe('The pairing stage has closed: lists no longer change'),
    ...stamped,
  }),
);

export const honourView = z.lazy(() =>
  z.object({
    cycleId: z.string(),
    award: z.enum(HONOUR_AWARDS),
    subjectId: z.string(),
    subjectKind: z.enum(['master', 'apprentice']),
    schoolId: z.string(),
    rank: z.number().int().optional(),
    evidence: z.string(),
    attributes: z.record(z.string(), z.unknown()).optional(),
    grantedAt: z.string(),
    grantedBy: z.string(),
  }),
);

export const auditRecordView = z.lazy(() =>
  z.object({
    auditId: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    actorId: z.string(),
    actorRoles: z.array(z.string()),
    at: z.string(),
    reason: z.string().optional(),
    before: z.record(z.string(), z.unknown()).nullable().optional(),
    after: z.record(z.string(), z.unknown()).nullable().optional(),
    requestId: z.string().optional(),
  }),
);

export const masterPage = z.lazy(() => page(masterView));
export const apprenticePage = z.lazy(() => page(apprenticeView));
export const pairingPage = z.lazy(() => page(pairingView));
export const sessionPage = z.lazy(() => page(sessionView));
export const listPage = z.lazy(() => page(listView));
export const honourPage = z.lazy(() => page(honourView));
export const auditPage = z.lazy(() => page(auditRecordView));
