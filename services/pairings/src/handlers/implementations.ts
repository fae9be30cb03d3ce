import { etagHeader, healthImplementation, implement, type RouteImplementation } from '@talent/http';
import {
  apprenticeView,
  honourView,
  listView,
  type Master,
  masterView,
  type Pairing,
  pairingView,
  seesFull,
} from '../model';
import * as routes from '../routes';
import * as honours from '../use-cases/honours';
import * as lists from '../use-cases/lists';
import * as pairings from '../use-cases/pairings';
import * as reg from '../use-cases/registrations';

const etag = etagHeader;
const pairingResult = (p: Pairing, status?: number) => ({
  ...(status ? { status } : {}),
  body: pairingView(p),
  headers: etag(p),
});
const masterResult = (m: Master, roles: readonly string[], status?: number) => ({
  ...(status ? { status } : {}),
  body: masterView(m, seesFull(roles)),
  headers: etag(m),
});

/** The pairings service: masters, apprentices, two-way pairing, mentoring, lists and honours (Lishui). */
export const implementations: readonly RouteImplementation[] = [
  healthImplementation('pairings'),
  implement(routes.registerMaster, async (req) =>
    masterResult(
      await reg.registerMaster(req.auth, req.params.cycleId, req.body, req.requestId),
      req.auth.roles,
      201,
    ),
  ),
  implement(routes.listMasters, async (req) => {
    const page = await reg.listMasters(req.auth, req.params.cycleId, req.query);
    const full = seesFull(req.auth.roles);
    return { body: { items: page.items.map((m) => masterView(m, full)), nextCursor: page.nextCursor } };
  }),
  implement(routes.getMaster, async (req) =>
    masterResult(await reg.getMaster(req.auth, req.params.cycleId, req.params.masterId), req.auth.roles),
  ),
  implement(routes.recordMasterLeaving, async (req) =>
    masterResult(
      await reg.recordLeaving(req.auth, req.params.cycleId, req.params.masterId, req.body, req.requestId),
      req.auth.roles,
    ),
  ),
  implement(routes.registerApprentice, async (req) => {
    const a = await reg.registerApprentice(req.auth, req.params.cycleId, req.body, req.requestId);
    return { status: 201, body: apprenticeView(a, seesFull(req.auth.roles)), headers: etag(a) };
  }),
  implement(routes.listApprentices, async (req) => {
    const page = await reg.listApprentices(req.auth, req.params.cycleId, req.query);
    const full = seesFull(req.auth.roles);
    return { body: { items: page.items.map((a) => apprenticeView(a, full)), nextCursor: page.nextCursor } };
  }),
  implement(routes.getApprentice, async (req) => {
    const a = await reg.getApprentice(req.auth, req.params.cycleId, req.params.apprenticeId);
    return { body: apprenticeView(a, seesFull(req.auth.roles)), headers: etag(a) };
  }),
  implement(routes.proposePairing, async (req) =>
    pairingResult(await pairings.proposePairing(req.auth, req.params.cycleId, req.body, req.requestId), 201),
  ),
  implement(routes.listPairings, async (req) => {
    const page = await pairings.listPairings(req.auth, req.params.cycleId, req.query);
    return { body: { items: page.items.map(pairingView), nextCursor: page.nextCursor } };
  }),
  implement(routes.getPairing, async (req) =>
    pairingResult(await pairings.getPairing(req.auth, req.params.pairingId)),
  ),
  implement(routes.acceptPairing, async (req) =>
    pairingResult(
      await pairings.acceptPairing(
        req.auth,
        req.params.pairingId,
        req.body.party,
        req.ifMatch,
        req.requestId,
      ),
    ),
  ),
  implement(routes.recordAgreements, async (req) =>
    pairingResult(
      await pairings.recordAgreements(req.auth, req.params.pairingId, req.body, req.ifMatch, req.requestId),
    ),
  ),
  implement(routes.activatePairing, async (req) =>
    pairingResult(await pairings.activatePairing(req.auth, req.params.pairingId, req.ifMatch, req.requestId)),
  ),
  implement(routes.endPairing, async (req) =>
    pairingResult(
      await pairings.endPairing(req.auth, req.params.pairingId, req.body, req.ifMatch, req.requestId),
    ),
  ),
  implement(routes.logSession, async (req) => ({
    status: 201,
    body: await pairings.logSession(req.auth, req.params.pairingId, req.body, req.requestId),
  })),
  implement(routes.listSessions, async (req) => ({
    body: await pairings.listSessions(req.auth, req.params.pairingId, req.query),
  })),
  implement(routes.confirmCompletion, async (req) =>
    pairingResult(
      await pairings.confirmCompletion(req.auth, req.params.pairingId, req.body, req.ifMatch, req.requestId),
    ),
  ),
  implement(routes.pairingAudit, async (req) => ({
    body: await pairings.pairingAudit(req.auth, req.params.pairingId, req.query),
  })),
  implement(routes.submitList, async (req) => ({
    body: listView(
      await lists.submitList(req.auth, req.params.cycleId, req.params.schoolId, req.body, req.requestId),
      false,
    ),
  })),
  implement(routes.reviewList, async (req) => ({
    body: listView(
      await lists.reviewList(req.auth, req.params.cycleId, req.params.schoolId, req.body, req.requestId),
      false,
    ),
  })),
  implement(routes.getList, async (req) => {
    const { list, final } = await lists.getList(req.auth, req.params.cycleId, req.params.schoolId);
    return { body: listView(list, final), headers: etag(list) };
  }),
  implement(routes.listLists, async (req) => {
    const { page, final } = await lists.listLists(req.auth, req.params.cycleId, req.query);
    return { body: { items: page.items.map((l) => listView(l, final)), nextCursor: page.nextCursor } };
  }),
  implement(routes.grantOutstanding, async (req) => ({
    status: 201,
    body: honourView(await honours.grantOutstanding(req.auth, req.params.cycleId, req.body, req.requestId)),
  })),
  implement(routes.selectTop, async (req) => ({
    status: 201,
    body: honourView(await honours.selectTop(req.auth, req.params.cycleId, req.body, req.requestId)),
  })),
  implement(routes.listHonours, async (req) => {
    const page = await honours.listHonours(req.auth, req.params.cycleId, req.query);
    return { body: { items: page.items.map(honourView), nextCursor: page.nextCursor } };
  }),
];
