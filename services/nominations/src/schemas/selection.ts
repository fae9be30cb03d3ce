/**
 * Schemas of the selection work inside a cycle's stages: the reviewer registry, assignments,
 * reviews, returns, decisions, the provisional and official lists, publicity (公示) and objections
 * (异议), filing (备案) and amendments. Built on first use (z.lazy), like every schema of the service.
 */
import { code, isoDate, pageQuery, personName, text } from '@talent/http';
import { isMobilePhone, normalizePhone } from '@talent/kernel';
import * as z from 'zod';

const ulid = () => z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'an id of 26 characters');
/** A user id as the token's `sub` carries it (Cognito: a UUID; locally: the dev token's user). */
const userId = () => code(128);

// ——— reviewers ———

export const registerReviewerBody = z.lazy(() =>
  z.strictObject({
    /** The reviewer's user id (the token's `sub`). */
    reviewerId: userId(),
    name: personName(),
    /** The reviewer's own unit, if any: never assigned to its nominees (X-RECUSAL). */
    unitId: code(64).optional(),
  }),
);
export type RegisterReviewerBody = z.output<typeof registerReviewerBody>;

export const reviewerView = z.lazy(() =>
  z.object({
    reviewerId: z.string(),
    name: z.string(),
    unitId: z.string().optional(),
    version: z.number(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
);
export type ReviewerView = z.output<typeof reviewerView>;
export const reviewerPage = z.lazy(() =>
  z.object({ items: z.array(reviewerView), nextCursor: z.string().nullable() }),
);
export const listReviewersQuery = z.lazy(() => z.strictObject({ ...pageQuery() }));

// ——— assignments, reviews, returns, decisions ———

export const assignReviewersBody = z.lazy(() =>
  z.strictObject({
    reviewerIds: z
      .array(userId())
      .min(1)
      .max(3)
      .refine((ids) => new Set(ids).size === ids.length, {
        message: 'each reviewer once',
        params: { ruleId: 'P-SCHEMA', messageZh: '评审专家不得重复' },
      }),
  }),
);
export type AssignReviewersBody = z.output<typeof assignReviewersBody>;

export const RECOMMENDATIONS = ['recommend', 'not-recommend'] as const;

export const reviewBody = z.lazy(() =>
  z.strictObject({
    /** 0–100, at most one decimal (评分). */
    score: z
      .number()
      .min(0)
      .max(100)
      .refine((v) => Math.round(v * 10) / 10 === v, {
        message: 'at most one decimal',
        params: { ruleId: 'P-SCHEMA', messageZh: '评分最多保留一位小数' },
      }),
    /** 资格审查是否通过 */
    qualificationPassed: z.boolean(),
    recommendation: z.enum(RECOMMENDATIONS),
    comment: text(2000),
  }),
);
export type ReviewBody = z.output<typeof reviewBody>;

export const reviewView = z.lazy(() =>
  z.object({
    nominationId: z.string(),
    reviewerId: z.string(),
    round: z.number().describe('1, then +1 each time the nomination was returned and submitted again'),
    score: z.number(),
    qualificationPassed: z.boolean(),
    recommendation: z.enum(RECOMMENDATIONS),
    comment: z.string(),
    at: z.string(),
  }),
);
export type ReviewView = z.output<typeof reviewView>;
export const reviewPage = z.lazy(() => z.object({ items: z.array(reviewView) }));

export const returnBody = z.lazy(() => z.strictObject({ reason: text(1000) }));

export const decisionBody = z.lazy(() =>
  z.strictObject({ outcome: z.enum(RECOMMENDATIONS), reasons: text(2000) }),
);
export type DecisionBody = z.output<typeof decisionBody>;

/** The selection fields of a nomination view (spread into `nominationView`). */
export const selectionShape = () => ({
  reviewRound: z.number().describe('The round reviews count in: +1 each time the nomination is returned'),
  assignments: z.array(
    z.object({ reviewerId: z.string(), name: z.string(), assignedAt: z.string(), assignedBy: z.string() }),
  ),
  lastReturn: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
  decision: z
    .object({
      outcome: z.enum(RECOMMENDATIONS),
      reasons: z.string(),
      by: z.string(),
      at: z.string(),
      round: z.number(),
      scores: z.array(z.number()),
      meanScore: z.number(),
      moderation: z.boolean().describe("Reviewers disagreed: the admin's decision is the moderation"),
    })
    .optional(),
  listing: z
    .object({
      position: z
        .number()
        .describe('Place in the ranking of its category (mean score, then submission time)'),
      rank: z.number().optional().describe('Rank on the list (listed and official only)'),
      meanScore: z.number(),
      drawnAt: z.string(),
      ruleId: z.string().optional(),
      reason: z.string().optional().describe('Why it is not listed (the quota rule)'),
    })
    .optional(),
  removal: z
    .object({
      at: z.string(),
      by: z.string(),
      reason: z.string(),
      objectionId: z.string().optional(),
      ruleId: z.string(),
    })
    .optional(),
  officialAt: z.string().optional(),
  amendments: z.array(
    z.object({ action: z.enum(['remove', 'reinstate']), reason: z.string(), by: z.string(), at: z.string() }),
  ),
});

// ——— lists ———

export const categoryDrawView = z.lazy(() =>
  z.object({
    category: z.string(),
    quota: z.number().nullable().describe('category.quotaPerCycle'),
    quotaPerYear: z
      .number()
      .optional()
      .describe(
        'category.quotaPerYear: the quota of the programme year, over all its cycles (JS-CATEGORIES)',
      ),
    listedInOtherCycles: z
      .number()
      .optional()
      .describe("With quotaPerYear: listed and official in the year's other cycles, counted against it"),
    approximate: z.boolean().describe('"左右": reported, never enforced (BJ-ROUND)'),
    enforced: z.boolean().describe('The rule engine refuses selections beyond the quota (JS-CATEGORIES)'),
    candidates: z.number(),
    listed: z.number(),
    notListed: z.number(),
    flags: z.array(z.object({ ruleId: z.string(), message: z.string(), messageZh: z.string() })),
  }),
);

export const provisionalListView = z.lazy(() =>
  z.object({
    cycleId: z.string(),
    stageId: z.string(),
    drawnAt: z.string(),
    drawnBy: z.string(),
    listed: z.number(),
    notListed: z.number(),
    approximate: z.boolean().describe('Some category quota is approximate (左右): see its flags'),
    categories: z.array(categoryDrawView),
  }),
);
export type ProvisionalListView = z.output<typeof provisionalListView>;

export const LIST_STAGES = ['provisional', 'official'] as const;
export const listQuery = z.lazy(() =>
  z.strictObject({ stage: z.enum(LIST_STAGES), category: code(64).optional(), ...pageQuery() }),
);
export type ListQuery = z.output<typeof listQuery>;

export const listEntryView = z.lazy(() =>
  z.object({
    nominationId: z.string(),
    category: z.string(),
    rank: z.number().optional(),
    status: z.string(),
    unitId: z.string(),
    nomineeKind: z.enum(['person', 'team', 'institution']),
    name: z.string(),
    residentId: z.string().optional().describe('Always masked here (X-RESIDENT-ID)'),
    employer: z.string().optional(),
    occupation: z.string().optional(),
    meanScore: z.number().optional().describe('For admin, reviewer and auditor'),
  }),
);
export const listPage = z.lazy(() =>
  z.object({
    cycleId: z.string(),
    stage: z.enum(LIST_STAGES),
    items: z.array(listEntryView),
    nextCursor: z.string().nullable(),
  }),
);

// ——— publicity and objections ———

export const publicCycleParams = z.lazy(() => z.strictObject({ agencyId: code(64), cycleId: code(64) }));
export const publicityQuery = z.lazy(() => z.strictObject({ ...pageQuery() }));

export const publicityEntryView = z.lazy(() =>
  z.object({
    nominationId: z.string().describe('Quote it in an objection'),
    category: z.string(),
    categoryName: z.string(),
    unitId: z.string(),
    name: z.string(),
    employer: z.string().optional(),
    occupation: z.string().optional(),
  }),
);
export const publicityPage = z.lazy(() =>
  z.object({
    agencyId: z.string(),
    cycleId: z.string(),
    programmeId: z.string(),
    stageId: z.string(),
    stageName: z.string(),
    startsOn: z.string(),
    endsOn: z.string().nullable().describe('Last day of the period (Asia/Shanghai)'),
    items: z.array(publicityEntryView),
    nextCursor: z.string().nullable(),
  }),
);

const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/;

/** A mainland mobile number or an e-mail address (the objector's contact: personal data). */
export const contact = () =>
  z
    .string()
    .trim()
    .max(254)
    .refine((v) => EMAIL.test(v) || isMobilePhone(v), {
      message: 'a mainland mobile number or an e-mail address',
      params: { ruleId: 'P-CONTACT', messageZh: '请填写手机号码或电子邮箱' },
    })
    .transform((v) => (EMAIL.test(v) ? v.toLowerCase() : normalizePhone(v)));

const httpsUrl = () =>
  z
    .string()
    .max(2000)
    .refine(
      (v) => {
        try {
          const url = new URL(v);
          return (
            url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === ''
          );
        } catch {
          return false;
        }
      },
      { message: 'an https:// address', params: { ruleId: 'P-EVIDENCE-URL', messageZh: '须为 https 地址' } },
    );

export const objectionBody = z.lazy(() =>
  z.strictObject({
    nominationId: ulid(),
    name: personName(),
    contact: contact(),
    /** 异议理由 */
    grounds: text(2000, 10),
    /** 证据材料 */
    evidence: z
      .array(z.strictObject({ title: text(200), url: httpsUrl().optional() }))
      .max(10)
      .default([]),
  }),
);
export type ObjectionBody = z.output<typeof objectionBody>;

export const objectionReceipt = z.lazy(() =>
  z.object({
    objectionId: z.string(),
    reference: z.string().describe('Quote it when asking about the objection'),
  }),
);

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

export const objectionView = z.lazy(() =>
  z.object({
    objectionId: z.string(),
    reference: z.string(),
    cycleId: z.string(),
    stageId: z.string(),
    nominationId: z.string(),
    name: z.string().describe('Masked except for admin'),
    contact: z.string().describe('Masked except for admin'),
    contactMasked: z.boolean(),
    grounds: z.string(),
    evidence: z.array(z.object({ title: z.string(), url: z.string().optional() })),
    status: z.enum(OBJECTION_STATUSES),
    receivedAt: z.string(),
    resolution: z
      .object({
        outcome: z.enum(['upheld', 'dismissed']),
        reason: z.string(),
        by: z.string(),
        at: z.string(),
      })
      .optional(),
    version: z.number(),
  }),
);
export type ObjectionView = z.output<typeof objectionView>;
export const objectionPage = z.lazy(() =>
  z.object({ items: z.array(objectionView), nextCursor: z.string().nullable() }),
);
export const listObjectionsQuery = z.lazy(() =>
  z.strictObject({ status: z.enum(OBJECTION_STATUSES).optional(), ...pageQuery() }),
);
export type ListObjectionsQuery = z.output<typeof listObjectionsQuery>;
export const objectionParams = z.lazy(() => z.strictObject({ objectionId: ulid() }));
export const resolveObjectionBody = z.lazy(() =>
  z.strictObject({ outcome: z.enum(['upheld', 'dismissed']), reason: text(1000) }),
);
export type ResolveObjectionBody = z.output<typeof resolveObjectionBody>;

// ——— filing and amendments ———

export const filingBody = z.lazy(() =>
  z.strictObject({
    /** 备案机关 (e.g. 人社部职业能力建设司) */
    authority: text(200),
    filedOn: isoDate(),
    /** 备案文号 */
    reference: text(200),
  }),
);
export type FilingBody = z.output<typeof filingBody>;

export const amendmentBody = z.lazy(() =>
  z.strictObject({ nominationId: ulid(), action: z.enum(['remove', 'reinstate']), reason: text(1000) }),
);
export type AmendmentBody = z.output<typeof amendmentBody>;
