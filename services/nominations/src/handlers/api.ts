import { agencyCalendar } from '@talent/calendar/store';
import { createApi, healthImplementation, implement } from '@talent/http';
import { newId, nowIso } from '@talent/kernel';
import { DynamoProgrammeStore } from '@talent/programmes';
import { type Cycle, toCycleView } from '../cycle';
import { etagOf, FULL_PERSONAL_DATA_ROLES, type Nomination, toView } from '../nomination';
import { DynamoCycleRepository } from '../repositories/cycle-repository';
import { DynamoNominationRepository } from '../repositories/nomination-repository';
import { workflowStarterFromEnvironment } from '../repositories/workflows';
import * as routes from '../routes';
import * as cycles from '../use-cases/cycles';
import { extendStage, type LifecycleDeps, requestStageClose } from '../use-cases/lifecycle';
import * as useCases from '../use-cases/nominations';

const cycleRepository = new DynamoCycleRepository();
const workflows = workflowStarterFromEnvironment();
const deps: useCases.Deps & LifecycleDeps = {
  repository: new DynamoNominationRepository(),
  cycles: cycleRepository,
  programmes: new DynamoProgrammeStore(),
  workflows,
  calendar: agencyCalendar,
  now: () => nowIso(),
  newId: () => newId(),
};

const cycleResult = (c: Cycle, status?: number) => ({
  ...(status ? { status } : {}),
  body: toCycleView(c),
  headers: { etag: etagOf(c) },
});

const seesFull = (roles: readonly string[]) => roles.some((r) => FULL_PERSONAL_DATA_ROLES.includes(r));

const one = (n: Nomination, roles: readonly string[], status?: number) => ({
  ...(status ? { status } : {}),
  body: toView(n, seesFull(roles)),
  headers: { etag: etagOf(n) },
});

export const handler = createApi([
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
    const full = seesFull(req.auth.roles);
    return { body: { items: page.items.map((n) => toView(n, full)), nextCursor: page.nextCursor } };
  }),
  implement(routes.updateNomination, async (req) =>
    one(
      await useCases.updateNomination(
        deps,
        req.auth,
        req.params.nominationId,
        req.ifMatch,
        req.body,
        req.requestId,
      ),
      req.auth.roles,
    ),
  ),
  implement(routes.submitNomination, async (req) =>
    one(
      await useCases.submitNomination(deps, req.auth, req.params.nominationId, req.ifMatch, req.requestId),
      req.auth.roles,
    ),
  ),
  implement(routes.withdrawNomination, async (req) =>
    one(
      await useCases.withdrawNomination(
        deps,
        req.auth,
        req.params.nominationId,
        req.ifMatch,
        req.body.reason,
        req.requestId,
      ),
      req.auth.roles,
    ),
  ),
  implement(routes.overrideRule, async (req) =>
    one(
      await useCases.overrideRule(
        deps,
        req.auth,
        req.params.nominationId,
        req.ifMatch,
        req.body,
        req.requestId,
      ),
      req.auth.roles,
    ),
  ),
  implement(routes.nominationAudit, async (req) => ({
    body: await useCases.nominationAudit(
      deps,
      req.auth,
      req.params.nominationId,
      req.query.limit,
      req.query.cursor,
    ),
  })),
]);
