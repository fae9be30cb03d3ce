/**
 * Request and response schemas of the Beijing projects (项目培养制, seed 004): growth plans and task
 * books (BJ-PLAN), team members (BJ-TEAM), checks (BJ-CHECKS), disqualification and certificates
 * (BJ-CERTIFICATES). Built lazily (cold start), objects strict (unknown fields → 422).
 */
import { code, isoDate, pageQuery, personName, residentId as residentIdField, text } from '@talent/http';
import { PROFESSIONAL_TITLES, SKILL_LEVELS } from '@talent/kernel';
import * as z from 'zod';
import { TEAM_MEMBER_ROLES } from '../shared/team-roles';

/** Roles in a team (BJ-TEAM), the same vocabulary as the nominations service's team members. */
export const MEMBER_ROLES = TEAM_MEMBER_ROLES;

export const PROJECT_STATUSES = [
  'planning',
  'active',
  'eliminated',
  'disqualified',
  'accepted',
  'not-accepted',
  'certified',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const DISQUALIFICATION_GROUNDS = [
  'academic-misconduct',
  'harmful-public-conduct',
  'criminal-liability',
] as const;

const targetId = () => code(32);

export const targetInput = z.lazy(() =>
  z.strictObject({
    targetId: targetId(),
    /** 绩效目标 */
    description: text(500),
  }),
);

/** 成长（建设）方案和任务书: overall and yearly performance targets (BJ-PLAN). */
export const planInput = z.lazy(() =>
  z.strictObject({
    startsOn: isoDate(),
    endsOn: isoDate(),
    /** 成长（建设）方案 */
    growthPlan: text(20_000),
    /** 任务书 */
    taskBook: text(20_000),
    overallTargets: z.array(targetInput).min(1).max(30),
    yearlyTargets: z
      .array(
        z.strictObject({
          year: z.number().int().min(1).max(3),
          targets: z.array(targetInput).min(1).max(30),
        }),
      )
      .min(1)
      .max(3),
  }),
);
export type PlanInput = z.output<typeof planInput>;

export const cycleParams = z.lazy(() => z.strictObject({ cycleId: code(64) }));
export const projectParams = z.lazy(() => z.strictObject({ projectId: code(64) }));
export const changeRequestParams = z.lazy(() =>
  z.strictObject({ projectId: code(64), changeRequestId: code(64) }),
);
export const memberParams = z.lazy(() => z.strictObject({ projectId: code(64), memberId: code(64) }));

export const listProjectsQuery = z.lazy(() =>
  z.strictObject({
    category: code(64).optional(),
    unitId: code(64).optional(),
    ...pageQuery(),
  }),
);
export const pageOnlyQuery = z.lazy(() => z.strictObject({ ...pageQuery() }));

export const reviewPlanBody = z.lazy(() =>
  z.strictObject({ decision: z.enum(['approve', 'return']), comments: text(2000) }),
);
export const changeRequestBody = z.lazy(() => z.strictObject({ reason: text(2000), plan: planInput }));
export const changeDecisionBody = z.lazy(() =>
  z.strictObject({ decision: z.enum(['approve', 'reject']), comments: text(2000) }),
);

export const memberInput = z.lazy(() =>
  z.strictObject({
    name: personName(),
    residentId: residentIdField().optional(),
    role: z.enum(MEMBER_ROLES),
    isLeader: z.boolean().default(false),
    professionalTitle: z.enum(PROFESSIONAL_TITLES).optional(),
    skillLevel: z.enum(SKILL_LEVELS).optional(),
    employer: text(100).optional(),
    /** Why the team changes (X-AUDIT). */
    reason: text(1000),
    /** An admin's audited exception to BJ-TEAM's size ("原则上不多于15名"). */
    overrideReason: text(1000).optional(),
  }),
);
export type MemberInputBody = z.output<typeof memberInput>;
export const removeMemberBody = z.lazy(() => z.strictObject({ reason: text(1000) }));

export const checkBody = z.lazy(() =>
  z.strictObject({
    /** annual: 年度检查 (a project year); mid-term: 中期评估; acceptance: 结项验收. */
    kind: z.enum(['annual', 'mid-term', 'acceptance']),
    /** The project year an annual check is about (1 = the plan's first 12 months). */
    year: z.number().int().min(1).max(3).optional(),
    /** Met / missed per target (annual: that year's targets; acceptance: the overall targets). */
    results: z
      .array(z.strictObject({ targetId: targetId(), met: z.boolean(), note: text(1000).optional() }))
      .max(30)
      .default([]),
    /**
     * The experts' verdict: required for a mid-term evaluation or an acceptance; for an annual check
     * optional (without it the year passes exactly when every target is met; with it a year with
     * missed targets may pass, and only such a year may fail: 淘汰 by the targets' completion).
     */
    passed: z.boolean().optional(),
    score: z.number().int().min(0).max(100).optional(),
    comments: text(2000),
  }),
);
export type CheckBody = z.output<typeof checkBody>;

/** 自评报告: the selectee's (school's) report for one check, before the experts record it. */
export const reportBody = z.lazy(() =>
  z.strictObject({
    checkKey: z.enum(['annual-1', 'annual-2', 'annual-3', 'mid-term', 'acceptance']),
    summary: text(20_000),
    targets: z
      .array(z.strictObject({ targetId: targetId(), met: z.boolean(), evidence: text(2000).optional() }))
      .max(30)
      .default([]),
  }),
);
export type ReportBody = z.output<typeof reportBody>;

export const reportView = z.lazy(() =>
  z.object({
    checkKey: z.string(),
    projectId: z.string(),
    summary: z.string(),
    targets: z.array(z.object({ targetId: z.string(), met: z.boolean(), evidence: z.string().optional() })),
    submittedBy: z.string(),
    submittedAt: z.string(),
  }),
);
export const reportPage = z.lazy(() =>
  z.object({ items: z.array(reportView), nextCursor: z.string().nullable() }),
);

export const disqualificationBody = z.lazy(() =>
  z.strictObject({
    ground: z.enum(DISQUALIFICATION_GROUNDS),
    details: text(2000),
    decidedOn: isoDate(),
  }),
);

// ——— views (documentation) ———

const target = () => z.object({ targetId: z.string(), description: z.string() });
export const planView = z.lazy(() =>
  z.object({
    status: z.enum(['draft', 'submitted', 'returned', 'approved']),
    revision: z.number(),
    startsOn: z.string(),
    endsOn: z.string(),
    years: z.number().describe('Project years (2 or 3): year k is the k-th 12 months from startsOn'),
    growthPlan: z.string(),
    taskBook: z.string(),
    overallTargets: z.array(target()),
    yearlyTargets: z.array(z.object({ year: z.number(), targets: z.array(target()) })),
    submittedAt: z.string().optional(),
    reviewedAt: z.string().optional(),
    reviewedBy: z.string().optional(),
    reviewComments: z.string().optional(),
    approvedAt: z.string().optional(),
  }),
);

export const projectView = z.lazy(() =>
  z.object({
    projectId: z.string(),
    cycleId: z.string(),
    nominationId: z.string(),
    category: z.string(),
    nomineeKind: z.enum(['person', 'team']),
    unitId: z.string(),
    name: z.string(),
    status: z.enum(PROJECT_STATUSES),
    plan: planView.optional(),
    planHistory: z.array(planView).describe('Earlier approved plans (changed by approved change requests)'),
    pendingChangeRequestId: z.string().optional(),
    memberCount: z.number(),
    checks: z.array(z.string()).describe('Keys of the recorded checks (annual-1, mid-term, acceptance)'),
    ending: z
      .object({
        kind: z.enum(['eliminated', 'disqualified', 'not-accepted']),
        ruleId: z.string(),
        reason: z.string(),
        ground: z.string().optional(),
        at: z.string(),
        by: z.string(),
      })
      .optional(),
    certificateNumber: z.string().optional(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
);
export const projectPage = z.lazy(() =>
  z.object({ items: z.array(projectView), nextCursor: z.string().nullable() }),
);
export const openProjectsView = z.lazy(() =>
  z.object({ created: z.number(), existing: z.number(), projectIds: z.array(z.string()) }),
);

export const changeRequestView = z.lazy(() =>
  z.object({
    changeRequestId: z.string(),
    projectId: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    reason: z.string(),
    plan: planView,
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    comments: z.string().optional(),
  }),
);
export const changeRequestPage = z.lazy(() =>
  z.object({ items: z.array(changeRequestView), nextCursor: z.string().nullable() }),
);

export const memberView = z.lazy(() =>
  z.object({
    memberId: z.string(),
    name: z.string(),
    residentId: z.string().optional().describe('Masked unless the caller is admin'),
    role: z.enum(MEMBER_ROLES),
    isLeader: z.boolean(),
    professionalTitle: z.string().optional(),
    skillLevel: z.string().optional(),
    employer: z.string().optional(),
    addedAt: z.string(),
    addedBy: z.string(),
  }),
);
export const memberPage = z.lazy(() =>
  z.object({ items: z.array(memberView), nextCursor: z.string().nullable() }),
);
export const memberChangeView = z.lazy(() =>
  z.object({
    member: memberView,
    memberCount: z.number(),
    reported: z.array(z.object({ ruleId: z.string(), path: z.string(), message: z.string() })),
  }),
);

export const checkView = z.lazy(() =>
  z.object({
    checkKey: z.string(),
    projectId: z.string(),
    kind: z.enum(['annual', 'mid-term', 'acceptance']),
    year: z.number().optional(),
    results: z.array(
      z.object({
        targetId: z.string(),
        description: z.string(),
        met: z.boolean(),
        note: z.string().optional(),
      }),
    ),
    passed: z.boolean(),
    passedWithMissedTargets: z
      .array(z.string())
      .optional()
      .describe('An annual check the experts passed although these yearly targets were missed'),
    score: z.number().optional(),
    comments: z.string(),
    planRevision: z.number(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    finalAt: z.string().optional().describe('Set when the stage closes: the result is final'),
  }),
);
export const checkPage = z.lazy(() =>
  z.object({ items: z.array(checkView), nextCursor: z.string().nullable() }),
);

export const certificateView = z.lazy(() =>
  z.object({
    certificateNumber: z.string(),
    projectId: z.string(),
    category: z.string(),
    titleZh: z.string(),
    name: z.string(),
    unitId: z.string(),
    issuedOn: z.string(),
    countsForAwardsAndTitles: z.literal(true),
    ruleId: z.literal('BJ-CERTIFICATES'),
  }),
);

export const auditPage = z.lazy(() =>
  z.object({ items: z.array(z.record(z.string(), z.unknown())), nextCursor: z.string().nullable() }),
);
