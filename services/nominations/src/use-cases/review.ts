/**
 * Review (评审) inside a cycle's review stages: the agency's reviewer registry, assignments of
 * reviewers to submitted nominations (never of the nominee's own unit: X-RECUSAL), one immutable
 * review per reviewer and round, returns to the unit for correction, and the admin's decision —
 * the moderation when two reviewers disagree (X-AUDIT records which).
 */
import type { Page } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { ValidationFailedError } from '@talent/kernel';
import { reviewsRequired } from '../cycle';
import {
  NotAssignedError,
  OverridePendingError,
  OwnUnitReviewError,
  ReviewStageClosedError,
  ReviewsRequiredError,
} from '../errors';
import { reviewOpen } from '../lifecycle/stages';
import type { Assignment, Decision, Nomination } from '../nomination';
import type { Review, Reviewer } from '../repositories/selection-repository';
import type {
  AssignReviewersBody,
  DecisionBody,
  RegisterReviewerBody,
  ReviewBody,
} from '../schemas/selection';
import { meanScore, requireStatus, reviewersDisagree } from '../selection';
import { getCycle } from './cycles';
import { assertVersion, changeBy, type Deps, getNomination, saveChange } from './nominations';

type IfMatch = readonly number[] | 'any' | undefined;

/** Most reviewers on one nomination (two independent ones and a spare). */
export const MAX_REVIEWERS = 3;

/** Registers a reviewer, or updates name and unit; answers whether it was new. Unchanged: no write. */
export const registerReviewer = async (
  deps: Deps,
  auth: AuthContext,
  body: RegisterReviewerBody,
  requestId: string,
): Promise<{ reviewer: Reviewer; created: boolean }> => {
  const before = await deps.selection.getReviewer(auth.agencyId, body.reviewerId);
  if (before && before.name === body.name && before.unitId === body.unitId) {
    return { reviewer: before, created: false };
  }
  const at = deps.now();
  const { unitId: _unit, ...kept } = before ?? ({} as Partial<Reviewer>);
  const after: Reviewer = {
    ...kept,
    agencyId: auth.agencyId,
    reviewerId: body.reviewerId,
    name: body.name,
    ...(body.unitId ? { unitId: body.unitId } : {}),
    version: (before?.version ?? 0) + 1,
    createdAt: before?.createdAt ?? at,
    createdBy: before?.createdBy ?? auth.userId,
    updatedAt: at,
    updatedBy: auth.userId,
  };
  const action = before ? 'reviewer.updated' : 'reviewer.registered';
  await deps.selection.saveReviewer(before, after, changeBy(auth, action, at, requestId));
  return { reviewer: after, created: !before };
};

export const listReviewers = (
  deps: Deps,
  auth: AuthContext,
  query: { limit: number; cursor?: string | undefined },
): Promise<Page<Reviewer>> => deps.selection.listReviewers(auth.agencyId, query.limit, query.cursor);

/** X-RECUSAL: the reviewer's registered unit, or the unit of the token, is the nominee's. */
const assertNotOwnUnit = (nomination: Nomination, ...units: (string | undefined)[]) => {
  if (units.some((u) => u !== undefined && u === nomination.unitId)) throw new OwnUnitReviewError();
};

/** Adds reviewers to a submitted nomination (at most 3 in all); reviewers already on it are kept. */
export const assignReviewers = async (
  deps: Deps,
  auth: AuthContext,
  nominationId: string,
  ifMatch: IfMatch,
  body: AssignReviewersBody,
  requestId: string,
): Promise<Nomination> => {
  const before = await getNomination(deps, auth, nominationId);
  assertVersion(before, ifMatch);
  requireStatus(before, ['submitted'], 'assigned reviewers');
  const current = before.assignments ?? [];
  const reviewers = await Promise.all(
    body.reviewerIds.map((id) => deps.selection.getReviewer(auth.agencyId, id)),
  );
  const unknown = body.reviewerIds.flatMap((id, i) =>
    reviewers[i]
      ? []
      : [
          {
            ruleId: 'P-REVIEWER',
            path: `body.reviewerIds[${i}]`,
            message: `${id} is not in the agency's reviewer registry (POST /reviewers)`,
            messageZh: '该评审专家未登记',
          },
        ],
  );
  if (unknown.length > 0) throw new ValidationFailedError(unknown);
  for (const r of reviewers) if (r) assertNotOwnUnit(before, r.unitId);
  const at = deps.now();
  const added: Assignment[] = reviewers
    .filter((r): r is Reviewer => r !== undefined && !current.some((a) => a.reviewerId === r.reviewerId))
    .map((r) => ({ reviewerId: r.reviewerId, name: r.name, assignedAt: at, assignedBy: auth.userId }));
  if (added.length === 0) return before;
  const assignments = [...current, ...added];
  if (assignments.length > MAX_REVIEWERS) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-ASSIGNMENTS',
        path: 'body.reviewerIds',
        message: `at most ${MAX_REVIEWERS} reviewers per nomination; it has ${current.length}`,
        messageZh: `每项推荐最多${MAX_REVIEWERS}名评审专家`,
      },
    ]);
  }
  return saveChange(
    deps,
    auth,
    before,
    'nomination.reviewers-assigned',
    requestId,
    { assignments, reviewerIds: assignments.map((a) => a.reviewerId) },
    added.map((a) => a.reviewerId).join(', '),
  );
};

/** The caller acts as an assigned reviewer of this nomination, not of its own unit (X-RECUSAL). */
const assertAssignedReviewer = async (deps: Deps, auth: AuthContext, nomination: Nomination) => {
  assertNotOwnUnit(nomination, auth.unitId);
  if (!(nomination.reviewerIds ?? []).includes(auth.userId)) throw new NotAssignedError();
  const registered = await deps.selection.getReviewer(auth.agencyId, auth.userId);
  assertNotOwnUnit(nomination, registered?.unitId);
};

const assertReviewOpen = async (deps: Deps, auth: AuthContext, nomination: Nomination) => {
  const cycle = await getCycle(deps, auth, nomination.cycleId);
  if (cycle.status !== 'open' || !reviewOpen(cycle.stages)) throw new ReviewStageClosedError(cycle.cycleId);
  return cycle;
};

/** An assigned reviewer's review: once per round, never changed (a conditional put). */
export const submitReview = async (
  deps: Deps,
  auth: AuthContext,
  nominationId: string,
  body: ReviewBody,
  requestId: string,
): Promise<Review> => {
  const nomination = await getNomination(deps, auth, nominationId);
  await assertAssignedReviewer(deps, auth, nomination);
  requireStatus(nomination, ['submitted'], 'reviewed');
  await assertReviewOpen(deps, auth, nomination);
  const at = deps.now();
  const review: Review = {
    agencyId: auth.agencyId,
    nominationId,
    reviewerId: auth.userId,
    round: nomination.reviewRound ?? 1,
    score: body.score,
    qualificationPassed: body.qualificationPassed,
    recommendation: body.recommendation,
    comment: body.comment,
    at,
  };
  await deps.selection.addReview(nomination, review, changeBy(auth, 'nomination.reviewed', at, requestId));
  return review;
};

export const listReviews = async (deps: Deps, auth: AuthContext, nominationId: string): Promise<Review[]> => {
  await getNomination(deps, auth, nominationId);
  return deps.selection.reviews(auth.agencyId, nominationId);
};

/**
 * Returns a submitted nomination to its unit for correction (admin, or an assigned reviewer): the
 * unit changes it like a draft and submits it again; its reviews start over in the next round.
 */
export const returnNomination = async (
  deps: Deps,
  auth: AuthContext,
  nominationId: string,
  ifMatch: IfMatch,
  reason: string,
  requestId: string,
): Promise<Nomination> => {
  const before = await getNomination(deps, auth, nominationId);
  assertVersion(before, ifMatch);
  if (!auth.roles.includes('admin')) await assertAssignedReviewer(deps, auth, before);
  requireStatus(before, ['submitted'], 'returned');
  return saveChange(
    deps,
    auth,
    before,
    'nomination.returned',
    requestId,
    (at) => ({
      status: 'returned',
      reviewRound: (before.reviewRound ?? 1) + 1,
      lastReturn: { by: auth.userId, at, reason },
    }),
    reason,
  );
};

/**
 * The admin decides on a reviewed nomination: the round needs the cycle's number of reviews; with two
 * reviewers who disagree the decision is the moderation (recorded as `nomination.moderated`).
 * Recommending needs an eligible nomination: pending relaxable breaches are overridden first.
 */
export const decide = async (
  deps: Deps,
  auth: AuthContext,
  nominationId: string,
  ifMatch: IfMatch,
  body: DecisionBody,
  requestId: string,
): Promise<Nomination> => {
  const before = await getNomination(deps, auth, nominationId);
  assertVersion(before, ifMatch);
  requireStatus(before, ['submitted'], 'decided');
  const cycle = await assertReviewOpen(deps, auth, before);
  const round = before.reviewRound ?? 1;
  const reviews = await deps.selection.reviews(auth.agencyId, nominationId, round);
  const required = reviewsRequired(cycle);
  if (reviews.length < required) throw new ReviewsRequiredError(required, reviews.length);
  if (body.outcome === 'recommend' && before.eligibility.status !== 'eligible') {
    throw new OverridePendingError(before.eligibility.pending);
  }
  const moderation = reviews.length > 1 && reviewersDisagree(reviews);
  const scores = reviews.map((r) => r.score);
  return saveChange(
    deps,
    auth,
    before,
    moderation ? 'nomination.moderated' : 'nomination.decided',
    requestId,
    (at) => {
      const decision: Decision = {
        outcome: body.outcome,
        reasons: body.reasons,
        by: auth.userId,
        at,
        round,
        scores,
        meanScore: meanScore(scores),
        moderation,
      };
      return { status: body.outcome === 'recommend' ? 'recommended' : 'not-recommended', decision };
    },
    `${body.outcome}: ${body.reasons}`,
  );
};
