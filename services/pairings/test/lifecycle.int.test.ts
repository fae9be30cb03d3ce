/** The hooks through the real lifecycle (nominations' state-machine tasks): the pairing-list stage. */
import { asAgencyId } from '@talent/data';
import { readCycle } from '@talent/svc-nominations/roster';
import { describe, expect, it } from 'vitest';
import { handler as lifecycle } from '../../nominations/src/handlers/lifecycle';
import { listsFinal } from '../src/use-cases/lists';
import { activePairings, admin, at, call, masterAtSchool, seedCycle, unit } from './support';

const task = (input: Record<string, unknown>) =>
  lifecycle(input as never) as Promise<Record<string, unknown>>;

describe('pairing-list stage through the lifecycle', () => {
  it('does not close while a submitted list is unreviewed, then makes the lists final (LS-TWO-WAY, LS-CALENDAR)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    await activePairings(c.cycleId, schoolId, masterId, 1);
    const base = { agencyId: 'lishui', cycleId: c.cycleId, year: 1, stageId: 'pairing-list' };
    const opened = await task({ ...base, action: 'open-stage' });
    // Opened, due at the end of 30 November (Shanghai): the machine waits; the lists are not final.
    expect(opened, JSON.stringify(opened)).toMatchObject({ outcome: 'wait' });
    const open = (await readCycle(asAgencyId('lishui'), c.cycleId))?.stages.find(
      (s) => s.id === 'pairing-list',
    );
    expect(open).toMatchObject({ status: 'open', endsOn: '2026-11-30' });
    expect(open?.blockedBy).toBeUndefined();
    expect(await listsFinal(asAgencyId('lishui'), c.cycleId)).toBe(false);
    const submitted = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pairing-lists/{schoolId}/submit',
      pathParameters: { cycleId: c.cycleId, schoolId },
      body: {},
      caller: unit(schoolId),
    });
    expect(submitted.status).toBe(200);
    at('2026-12-01T02:00:00Z');
    const blocked = await task({ ...base, action: 'close-stage' });
    expect(blocked.outcome).toBe('wait');
    const waiting = await readCycle(asAgencyId('lishui'), c.cycleId);
    const stage = waiting?.stages.find((s) => s.id === 'pairing-list');
    expect(stage?.status).toBe('open');
    expect(stage?.blockedBy).toMatchObject({ ruleId: 'LS-TWO-WAY' });
    await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pairing-lists/{schoolId}/review',
      pathParameters: { cycleId: c.cycleId, schoolId },
      body: { outcome: 'approved', reason: '审核通过' },
      caller: admin,
    });
    const closed = await task({ ...base, action: 'close-stage' });
    expect(closed, JSON.stringify(closed)).toMatchObject({ outcome: 'advance' });
    const list = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pairing-lists/{schoolId}',
      pathParameters: { cycleId: c.cycleId, schoolId },
      caller: admin,
    });
    expect(list.body).toMatchObject({ status: 'approved', final: true });
    at('2026-11-15T02:00:00Z');
  });
});
