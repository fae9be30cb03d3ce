import { describe, expect, it } from 'vitest';
import {
  activePairings,
  admin,
  call,
  masterAtSchool,
  pairingCall,
  readyPairing,
  seedCycle,
  unit,
} from './support';

describe('hostile and stale input', () => {
  it('names unknown fields, bad ids and bad cursors with 422, never 5xx', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const extra = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pairings',
      pathParameters: { cycleId: c.cycleId },
      body: { masterId, apprenticeId: 'x', initiatedBy: 'master', isAdmin: true },
      caller: unit(schoolId),
    });
    expect(extra.status).toBe(422);
    expect(JSON.stringify(extra.body)).toContain('isAdmin');
    const badId = await call({
      method: 'GET',
      route: '/pairings/{pairingId}',
      pathParameters: { pairingId: 'A#x#y' },
      caller: admin,
    });
    expect(badId.status).toBe(422);
    const badCursor = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pairings',
      pathParameters: { cycleId: c.cycleId },
      query: { cursor: 'eyJQSyI6IngifQ.forged' },
      caller: admin,
    });
    expect(badCursor.status).toBe(422);
    const both = await pairingCall('POST', 'p-1', 'sessions', schoolId, {
      date: '2026-11-15',
      days: 1,
      hours: 2,
      content: 'x',
      confirmedBy: '李老师',
    });
    expect(both.status).toBe(422);
    const halfHour = await pairingCall('POST', 'p-1', 'sessions', schoolId, {
      date: '2026-11-15',
      days: 0.3,
      content: 'x',
      confirmedBy: '李老师',
    });
    expect(halfHour.status).toBe(422);
    const badUnit = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/masters',
      pathParameters: { cycleId: c.cycleId },
      caller: { agency: 'lishui', roles: ['unit'], unit: 'a#b', user: 'u' },
    });
    expect(badUnit.status).toBe(401);
  });

  it('honours If-Match on pairing changes (412 on a stale version)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const [p] = await activePairings(c.cycleId, schoolId, masterId, 1);
    const stale = await call({
      method: 'POST',
      route: '/pairings/{pairingId}/end',
      pathParameters: { pairingId: p?.pairingId as string },
      body: { reason: 'graduation' },
      headers: { 'if-match': '"1"' },
      caller: unit(schoolId),
    });
    expect(stale.status).toBe(412);
    const current = await call({
      method: 'GET',
      route: '/pairings/{pairingId}',
      pathParameters: { pairingId: p?.pairingId as string },
      caller: admin,
    });
    const ok = await call({
      method: 'POST',
      route: '/pairings/{pairingId}/end',
      pathParameters: { pairingId: p?.pairingId as string },
      body: { reason: 'graduation' },
      headers: { 'if-match': current.headers.etag as string },
      caller: unit(schoolId),
    });
    expect(ok.status).toBe(200);
  });

  it('a declined proposal frees the apprentice for another pairing and never touched the caps', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const r = await readyPairing(c.cycleId, schoolId, masterId);
    const notYet = await pairingCall('POST', r.pairingId, 'end', schoolId, { reason: 'graduation' });
    expect(notYet.status).toBe(422);
    const declined = await pairingCall('POST', r.pairingId, 'end', schoolId, { reason: 'declined' });
    expect(declined.body).toMatchObject({ status: 'ended', ended: { reason: 'declined', wasActive: false } });
    const again = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pairings',
      pathParameters: { cycleId: c.cycleId },
      body: { masterId, apprenticeId: r.apprenticeId, initiatedBy: 'apprentice' },
      caller: unit(schoolId),
    });
    expect(again.status).toBe(201);
  });
});
