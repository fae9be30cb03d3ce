/** Every route: the roles it does not allow get 403; another agency's token finds nothing (X-TENANT). */
import { todayInShanghai } from '@talent/kernel';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../../test/support/api-event';
import { routes } from '../src/routes';
import {
  AGENCY,
  activePairings,
  admin,
  agreements,
  call,
  intruder,
  masterAtSchool,
  newSchool,
  nextResidentId,
  seedCycle,
  unit,
} from './support';

interface Fixture {
  cycleId: string;
  schoolId: string;
  masterId: string;
  apprenticeId: string;
  pairingId: string;
  nominationId: string;
}
let f: Fixture;

beforeAll(async () => {
  const c = await seedCycle(2);
  const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
  const [p] = await activePairings(c.cycleId, schoolId, masterId, 1);
  f = {
    cycleId: c.cycleId,
    schoolId,
    masterId,
    apprenticeId: p?.apprenticeId as string,
    pairingId: p?.pairingId as string,
    nominationId: c.nominationIds[1] as string,
  };
});

/** A valid request for each route (so that only the caller decides the answer). */
const sample = (
  operationId: string,
): { params: Record<string, string>; body?: unknown; query?: Record<string, string> } => {
  const cycle = { cycleId: f.cycleId };
  const pairing = { pairingId: f.pairingId };
  const list = { cycleId: f.cycleId, schoolId: f.schoolId };
  switch (operationId) {
    case 'registerPairingMaster':
      return {
        params: cycle,
        body: {
          nominationId: f.nominationId,
          schoolId: f.schoolId,
          employmentAgreement: { signedOn: '2026-11-01' },
          employmentStartOn: '2026-11-02',
        },
      };
    case 'listPairingMasters':
    case 'listPairingApprentices':
    case 'listPairings':
    case 'listPairingLists':
    case 'listPairingHonours':
      return { params: cycle };
    case 'getPairingMaster':
      return { params: { ...cycle, masterId: f.masterId } };
    case 'recordPairingMasterLeaving':
      return { params: { ...cycle, masterId: f.masterId }, body: { leftOn: '2027-01-01', reason: '调动' } };
    case 'registerPairingApprentice':
      return {
        params: cycle,
        body: {
          schoolId: f.schoolId,
          kind: 'teacher',
          name: '王芳',
          residentId: nextResidentId(),
          studyStage: 'secondary-vocational',
        },
      };
    case 'getPairingApprentice':
      return { params: { ...cycle, apprenticeId: f.apprenticeId } };
    case 'proposePairing':
      return {
        params: cycle,
        body: { masterId: f.masterId, apprenticeId: f.apprenticeId, initiatedBy: 'master' },
      };
    case 'getPairing':
    case 'listMentoringSessions':
    case 'listPairingAudit':
    case 'activatePairing':
      return { params: pairing };
    case 'acceptPairing':
      return { params: pairing, body: { party: 'master' } };
    case 'recordPairingAgreements':
      return { params: pairing, body: agreements };
    case 'endPairing':
      return { params: pairing, body: { reason: 'graduation' } };
    case 'logMentoringSession':
      return {
        params: pairing,
        body: { date: '2026-11-15', days: 1, content: '辅导', confirmedBy: '李老师' },
      };
    case 'confirmMentorshipCompletion':
      return {
        params: pairing,
        body: { skillImproved: true, assessment: '提升', confirmedOn: '2026-11-15' },
      };
    case 'submitPairingList':
      return { params: list, body: {} };
    case 'reviewPairingList':
      return { params: list, body: { outcome: 'approved', reason: '通过' } };
    case 'getPairingList':
      return { params: list };
    case 'grantOutstandingApprentice':
      return {
        params: cycle,
        body: {
          apprenticeId: f.apprenticeId,
          competitionPrizeRank: 1,
          achievedOn: todayInShanghai(),
          evidence: '证书',
        },
      };
    case 'selectTopPairingHonour':
      return {
        params: cycle,
        body: { award: 'top-ten-masters', subjectId: f.masterId, rank: 1, evidence: '排名' },
      };
    default:
      throw new Error(`no sample for ${operationId}`);
  }
};

const ALL_ROLES = ['admin', 'unit', 'reviewer', 'auditor', 'finance'] as const;
const served = routes.filter((r) => r.roles !== 'public');

const send = (r: (typeof served)[number], caller: Caller) => {
  const s = sample(r.operationId);
  return call({
    method: r.method,
    route: r.path,
    pathParameters: s.params,
    ...(s.body !== undefined ? { body: s.body } : {}),
    ...(s.query ? { query: s.query } : {}),
    caller,
  });
};

describe('roles and tenants on every route', () => {
  it('has a sample for every route', () => {
    expect(served.length).toBe(25);
    for (const r of served) expect(() => sample(r.operationId)).not.toThrow();
  });

  it.each(served.map((r) => [r.operationId, r] as const))(
    '%s: refuses the roles it does not allow (403)',
    async (_id, r) => {
      const refused = ALL_ROLES.filter((role) => !(r.roles as readonly string[]).includes(role));
      expect(refused.length).toBeGreaterThan(0); // finance has no route of this service
      for (const role of refused) {
        const res = await send(r, { agency: AGENCY, roles: [role], user: `u-${role}`, unit: f.schoolId });
        expect(res.status, `${role}: ${JSON.stringify(res.body)}`).toBe(403);
      }
    },
  );

  it.each(served.map((r) => [r.operationId, r] as const))(
    "%s: another agency's token finds nothing (X-TENANT)",
    async (_id, r) => {
      const res = await send(r, intruder);
      if (res.status === 200) expect(res.body.items).toEqual([]);
      else expect(res.status, JSON.stringify(res.body)).toBe(404);
    },
  );

  it.each(
    served
      .filter((r) => (r.roles as readonly string[]).includes('unit') && r.path.startsWith('/pairings/'))
      .map((r) => [r.operationId, r] as const),
  )("%s: another school's unit user finds nothing (P-UNIT-SCOPE)", async (_id, r) => {
    const res = await send(r, unit(newSchool()));
    expect(res.status, JSON.stringify(res.body)).toBe(404);
  });

  it('refuses a unit acting for another school (P-UNIT-SCOPE)', async () => {
    const other = newSchool();
    const res = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/apprentices',
      pathParameters: { cycleId: f.cycleId },
      body: {
        schoolId: f.schoolId,
        kind: 'teacher',
        name: '王芳',
        residentId: nextResidentId(),
        studyStage: 'secondary-vocational',
      },
      caller: unit(other),
    });
    expect(res.status).toBe(403);
    const listOther = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pairings',
      pathParameters: { cycleId: f.cycleId },
      query: { schoolId: f.schoolId },
      caller: unit(other),
    });
    expect(listOther.status).toBe(403);
    const own = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/masters',
      pathParameters: { cycleId: f.cycleId },
      caller: unit(other),
    });
    expect(own.body.items).toEqual([]);
    const admins = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/masters',
      pathParameters: { cycleId: f.cycleId },
      caller: admin,
    });
    expect(admins.body.items).toHaveLength(1);
  });
});
