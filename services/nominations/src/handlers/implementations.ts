import {
  type ApiRequest,
  type AuthContext,
  healthImplementation,
  implement,
  type RouteContract,
  type RouteImplementation,
} from '@talent/http';
import { newId, nowIso } from '@talent/kernel';
import { DynamoProgrammeStore } from '@talent/programmes';
import { type Cycle, toCycleView } from '../cycle';
import {
  etagOf,
  FULL_PERSONAL_DATA_ROLES,
  type Nomination,
  REVIEWER_IDENTITY_ROLES,
  toView,
} from '../nomination';
import { DynamoCycleRepository } from '../repositories/cycle-repository';
import { DynamoNominationRepository } from '../repositories/nomination-repository';
import { DynamoSelectionRepository, type Review, type Reviewer } from '../repositories/selection-repository';
import { workflowStarterFromEnvironment } from '../repositories/workflows';
import * as routes from '../routes';
import * as cycles from '../use-cases/cycles';
import { extendStage, type LifecycleDeps, requestStageClose } from '../use-cases/lifecycle';
import * as lists from '../use-cases/lists';
import * as useCases from '../use-cases/nominations';
import * as publicity from '../use-cases/publicity';
import * as review from '../use-cases/review';

const cycleRepository = new DynamoCycleRepository();
const workflows = workflowStarterFromEnvironment();
const deps: useCases.Deps & LifecycleDeps = {
  repository: new DynamoNominationRepository(),
  selection: new DynamoSelectionRepository(),
  cycles: cycleRepository,
  programmes: new DynamoProgrammeStore(),
  workflows,
  // Only publicity stages need the calendar: loaded on first use (cold start).
  calendar: async (agency) => (await import('@talent/calendar/store')).agencyCalendar(agency),
  stageHooks: async (programmeId, kind) =>
    (await import('./stage-hook-registry')).stageHooksFor(programmeId, kind),
  now: () => nowIso(),
  newId: () => newId(),
};

const cycleResult = (c: Cycle, status?: number) => ({
  ...(status ? { status } : {}),
  body: toCycleView(c),
  headers: { etag: etagOf(c) },
});

const seesFull = (roles: readonly string[]) => roles.some((r) => FULL_PERSONAL_DATA_ROLES.includes(r));
const seesReviewers = (roles: readonly string[]) => roles.some((r) => REVIEWER_IDENTITY_ROLES.includes(r));
const viewFor = (roles: readonly string[]) => (n: Nomination) =>
  toView(n, seesFull(roles), seesReviewers(roles));

const one = (n: Nomination, roles: readonly string[], status?: number) => ({
  ...(status ? { status } : {}),
  body: viewFor(roles)(n),
  headers: { etag: etagOf(n) },
});

type IfMatch = ApiRequest['ifMatch'];

/**
 * A route that changes one nomination (`/nominations/{nominationId}/…`) and answers with it as the
 * caller may see it: the use case gets the caller, the id, `If-Match`, the body and the request id.
 */
const nominationChange = <C extends RouteContract>(
  contract: C,
  change: (
    deps: useCases.Deps,
    auth: AuthContext,
    nominationId: string,
    ifMatch: IfMatch,
    body: ApiRequest<C>['body'],
    requestId: string,
  ) => Promise<Nomination>,
) =>
  implement(contract, async (req) => {
    const auth = req.auth as AuthContext;
    const { nominationId } = req.params as { nominationId: string };
    return one(await change(deps, auth, nominationId, req.ifMatch, req.body, req.requestId), auth.roles);
  });

const reviewerResult = ({ agencyId: _a, ...r }: Reviewer) => r;
const reviewResult = ({ agencyId: _a, ...r }: Review) => r;
const isAdmin = (roles: readonly string[]) => roles.includes('admin');

export const implementations: readonly RouteImplementation[] = [
  healthImplementation('nominations'),
  implement(routes.createCycle, async (req) => {
    const c = await cycles.createCycle(deps, req.auth, req.body, req.requestId);
    return { ...cycleResult(c, 201), headers: { etag: etagOf(c), location: `/cycles/${c.cycleId}` } };
  }),
  implement(routes.getCycle, async (req) =>
    cycleResult(await cycles.getCycle(deps, req.auth, req.params.cycleId)),
  ),
  implement(routes.startCycle, async (req) =>
    cycleResult(await cycles.startCycle(deps, req.auth, req.params.cycleId)),
  ),
  implement(routes.closeStage, async (req) =>
    cycleResult(
      await requestStageClose(
        deps,
        req.auth,
        req.params.cycleId,
        req.params.stageId,
        req.body.reason,
        req.requestId,
      ),
    ),
  ),
  implement(routes.extendStage, async (req) =>
    cycleResult(
      await extendStage(
        deps,
        req.auth,
        req.params.cycleId,
        req.params.stageId,
        req.body.endsOn,
        req.body.reason,
        req.requestId,
      ),
    ),
  ),
  implement(routes.listCycles, async (req) => {
    const page = await cycles.listCycles(deps, req.auth, req.query);
    return { body: { items: page.items.map(toCycleView), nextCursor: page.nextCursor } };
  }),
  implement(routes.createNomination, async (req) => {
    const n = await useCases.createNomination(deps, req.auth, req.body, req.requestId);
    return {
      ...one(n, req.auth.roles, 201),
      headers: { etag: etagOf(n), location: `/nominations/${n.nominationId}` },
    };
  }),
  implement(routes.getNomination, async (req) =>
    one(await useCases.getNomination(deps, req.auth, req.params.nominationId), req.auth.roles),
  ),
  implement(routes.listNominations, async (req) => {
    const page = await useCases.listNominations(deps, req.auth, req.query);
    return { body: { items: page.items.map(viewFor(req.auth.roles)), nextCursor: page.nextCursor } };
  }),
  nominationChange(routes.updateNomination, useCases.updateNomination),
  nominationChange(routes.submitNomination, (d, auth, id, ifMatch, _body, requestId) =>
    useCases.submitNomination(d, auth, id, ifMatch, requestId),
  ),
  nominationChange(routes.withdrawNomination, (d, auth, id, ifMatch, body, requestId) =>
    useCases.withdrawNomination(d, auth, id, ifMatch, body.reason, requestId),
  ),
  nominationChange(routes.overrideRule, useCases.overrideRule),
  implement(routes.registerReviewer, async (req) => {
    const { reviewer, created } = await review.registerReviewer(deps, req.auth, req.body, req.requestId);
    return {
      status: created ? 201 : 200,
      body: reviewerResult(reviewer),
      headers: { etag: etagOf(reviewer) },
    };
  }),
  implement(routes.listReviewers, async (req) => {
    const page = await review.listReviewers(deps, req.auth, req.query);
    return { body: { items: page.items.map(reviewerResult), nextCursor: page.nextCursor } };
  }),
  nominationChange(routes.assignReviewers, review.assignReviewers),
  implement(routes.submitReview, async (req) => ({
    status: 201,
    body: reviewResult(
      await review.submitReview(deps, req.auth, req.params.nominationId, req.body, req.requestId),
    ),
  })),
  implement(routes.listReviews, async (req) => ({
    body: { items: (await review.listReviews(deps, req.auth, req.params.nominationId)).map(reviewResult) },
  })),
  nominationChange(routes.returnNomination, (d, auth, id, ifMatch, body, requestId) =>
    review.returnNomination(d, auth, id, ifMatch, body.reason, requestId),
  ),
  nominationChange(routes.decideNomination, review.decide),
  implement(routes.drawProvisionalList, async (req) => ({
    body: {
      cycleId: req.params.cycleId,
      ...(await lists.drawProvisionalList(deps, req.auth, req.params.cycleId, req.requestId)),
    },
  })),
  implement(routes.getCycleList, async (req) => {
    const page = await lists.listOf(deps, req.auth, req.params.cycleId, req.query);
    return { body: { cycleId: req.params.cycleId, stage: req.query.stage, ...page } };
  }),
  implement(routes.fileCycleList, async (req) =>
    cycleResult(await lists.fileList(deps, req.auth, req.params.cycleId, req.body, req.requestId)),
  ),
  implement(routes.amendOfficialList, async (req) =>
    one(await lists.amendList(deps, req.auth, req.params.cycleId, req.body, req.requestId), req.auth.roles),
  ),
  implement(routes.getPublicity, async (req) => ({
    body: await publicity.publicList(deps, req.params.agencyId, req.params.cycleId, req.query),
  })),
  implement(routes.lodgeObjection, async (req) => ({
    status: 202,
    body: await publicity.lodgeObjection(
      deps,
      req.params.agencyId,
      req.params.cycleId,
      req.body,
      req.sourceIp,
      req.requestId,
    ),
  })),
  implement(routes.listObjections, async (req) => {
    const page = await publicity.listObjections(deps, req.auth, req.params.cycleId, req.query);
    const full = isAdmin(req.auth.roles);
    return {
      body: { items: page.items.map((o) => publicity.toObjectionView(o, full)), nextCursor: page.nextCursor },
    };
  }),
  implement(routes.resolveObjection, async (req) => {
    const o = await publicity.resolveObjection(
      deps,
      req.auth,
      req.params.objectionId,
      req.ifMatch,
      req.body,
      req.requestId,
    );
    return { body: publicity.toObjectionView(o, true), headers: { etag: etagOf(o) } };
  }),
  implement(routes.nominationAudit, async (req) => ({
    body: await useCases.nominationAudit(
      deps,
      req.auth,
      req.params.nominationId,
      req.query.limit,
      req.query.cursor,
    ),
  })),
];
