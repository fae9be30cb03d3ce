import { randomUUID } from 'node:crypto';
import { setClockSource } from '@talent/kernel';
import { afterEach, describe, expect, it } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { handler as api } from '../src/handlers/api';
import { handler as lifecycle } from '../src/handlers/lifecycle';

// Integration: the lifecycle tasks the state machines call (open, close, complete, fail, continue)
// and the scheduled opening, against DynamoDB Local, on a controlled domain clock.

const lsAdmin: Caller = { agency: 'lishui', roles: ['admin'], user: 'ls-admin' };
const gdAdmin: Caller = { agency: 'guangdong', roles: ['admin'], user: 'gd-admin' };

const call = async (input: EventInput) =>
  parseResponse(await api(apiEvent(input), lambdaContext('nominations')));
const task = (input: Record<string, unknown>) =>
  lifecycle(input as never) as Promise<Record<string, unknown>>;

let now = Date.parse('2026-09-01T01:00:00Z');
const at = (iso: string) => {
  now = Date.parse(iso);
};
setClockSource(() => now);
afterEach(() => at('2026-09-01T01:00:00Z'));

const getCycle = async (caller: Caller, cycleId: string) =>
  (await call({ method: 'GET', route: '/cycles/{cycleId}', pathParameters: { cycleId }, caller })).body;

const openLishui = async () => {
  const cycleId = `ls-${randomUUID().slice(0, 8)}`;
  const r = await call({
    method: 'POST',
    route: '/cycles',
    body: { cycleId, programmeId: 'lishui-masters', year: 2026 },
    caller: lsAdmin,
  });
  expect(r.status).toBe(201);
  return cycleId;
};
const base = (cycleId: string, agencyId = 'lishui') => ({
  agencyId,
  cycleId,
  year: 1,
});

describe('lifecycle tasks (LS-CALENDAR)', () => {
  it('opens the nomination stage, waits for the end of 31 October in Shanghai, then advances', async () => {
    const cycleId = await openLishui();
    const opened = await task({ ...base(cycleId), action: 'open-stage', stageId: 'master-nomination' });
    expect(opened).toEqual({
      stageId: 'master-nomination',
      outcome: 'wait',
      checkAt: '2026-10-31T16:00:00.000Z',
    });
    const cycle = await getCycle(lsAdmin, cycleId);
    expect(cycle).toMatchObject({
      currentStageId: 'master-nomination',
      intakeOpen: true,
      execution: { status: 'RUNNING' },
    });

    at('2026-10-31T15:59:59Z'); // 23:59:59 on 31 October in Shanghai: still open
    expect(
      await task({ ...base(cycleId), action: 'close-stage', stageId: 'master-nomination' }),
    ).toMatchObject({
      outcome: 'wait',
      checkAt: '2026-10-31T16:00:00.000Z',
    });
    at('2026-10-31T16:00:00Z');
    expect(
      await task({ ...base(cycleId), action: 'close-stage', stageId: 'master-nomination' }),
    ).toMatchObject({
      outcome: 'advance',
    });
    const after = await getCycle(lsAdmin, cycleId);
    expect(after.intakeOpen).toBe(false);
    expect(after.stages[0]).toMatchObject({ status: 'closed', closedAt: '2026-10-31T16:00:00.000Z' });
  });

  it('is idempotent: a repeated open or close answers as the first time and writes nothing more', async () => {
    const cycleId = await openLishui();
    const first = await task({ ...base(cycleId), action: 'open-stage', stageId: 'master-nomination' });
    const again = await task({ ...base(cycleId), action: 'open-stage', stageId: 'master-nomination' });
    expect(again).toEqual(first);
    at('2026-11-01T00:00:00Z');
    await task({ ...base(cycleId), action: 'close-stage', stageId: 'master-nomination' });
    const version = (await getCycle(lsAdmin, cycleId)).version;
    expect(
      await task({ ...base(cycleId), action: 'close-stage', stageId: 'master-nomination' }),
    ).toMatchObject({
      outcome: 'advance',
    });
    expect(
      await task({ ...base(cycleId), action: 'open-stage', stageId: 'master-nomination' }),
    ).toMatchObject({
      outcome: 'advance',
    });
    expect((await getCycle(lsAdmin, cycleId)).version).toBe(version);
  });

  it('refuses nominations once the nomination stage has closed (P-CYCLE-OPEN)', async () => {
    const cycleId = await openLishui();
    await task({ ...base(cycleId), action: 'open-stage', stageId: 'master-nomination' });
    at('2026-11-01T00:00:00Z');
    await task({ ...base(cycleId), action: 'close-stage', stageId: 'master-nomination' });
    const r = await call({
      method: 'POST',
      route: '/nominations',
      body: {
        programmeId: 'lishui-masters',
        cycleId,
        category: 'master-tier-1',
        unitId: 'school-1',
        nominee: {
          name: '张大师',
          residentId: '110105198504020136',
          phone: '13812345678',
          employer: '丽水某企业',
          occupation: '木雕',
          skillLevel: '高级技师',
        },
        attributes: {},
      },
      caller: lsAdmin,
    });
    expect(r.status).toBe(409);
    expect(r.body.ruleId).toBe('P-CYCLE-OPEN');
  });

  it('closes an auto stage at once and a decision stage only when an admin closes it, with the reason in the audit', async () => {
    const cycleId = await openLishui();
    await task({ ...base(cycleId), action: 'open-stage', stageId: 'master-nomination' });
    at('2026-11-01T00:00:00Z');
    await task({ ...base(cycleId), action: 'close-stage', stageId: 'master-nomination' });
    expect(await task({ ...base(cycleId), action: 'open-stage', stageId: 'master-list' })).toMatchObject({
      outcome: 'wait',
      checkAt: '2026-11-01T00:00:00.000Z',
    });
    expect(await task({ ...base(cycleId), action: 'close-stage', stageId: 'master-list' })).toMatchObject({
      outcome: 'advance',
    });
    await task({ ...base(cycleId), action: 'open-stage', stageId: 'pairing-list' });
    at('2026-12-01T00:00:00Z');
    await task({ ...base(cycleId), action: 'close-stage', stageId: 'pairing-list' });
    const mentoring = await task({ ...base(cycleId), action: 'open-stage', stageId: 'mentoring' });
    expect(mentoring).toMatchObject({ outcome: 'wait', checkAt: '2026-12-02T00:00:00.000Z' }); // one look a day
    expect(await task({ ...base(cycleId), action: 'close-stage', stageId: 'mentoring' })).toMatchObject({
      outcome: 'wait',
    });
    const closeRoute = (stageId: string, caller: Caller = lsAdmin) =>
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/stages/{stageId}/close',
        pathParameters: { cycleId, stageId },
        body: { reason: '本年度结对培养已完成' },
        caller,
      });
    expect((await closeRoute('mentoring', { agency: 'lishui', roles: ['reviewer'], user: 'r' })).status).toBe(
      403,
    );
    expect((await closeRoute('mentoring', { agency: 'zhuhai', roles: ['admin'], user: 'z' })).status).toBe(
      404,
    );
    expect((await closeRoute('top-selection')).status).toBe(409); // not open
    const closed = await closeRoute('mentoring');
    expect(closed.status).toBe(200);
    expect(closed.body.stages[3]).toMatchObject({
      closedBy: 'ls-admin',
      closeReason: '本年度结对培养已完成',
      status: 'open',
    });
    expect(await task({ ...base(cycleId), action: 'close-stage', stageId: 'mentoring' })).toMatchObject({
      outcome: 'advance',
    });
  });

  it('lets an admin extend an open deadline stage, and the task then waits for the new day', async () => {
    const cycleId = await openLishui();
    await task({ ...base(cycleId), action: 'open-stage', stageId: 'master-nomination' });
    const extend = (endsOn: string, stageId = 'master-nomination') =>
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/stages/{stageId}/extend',
        pathParameters: { cycleId, stageId },
        body: { endsOn, reason: '推荐人数不足，延长推荐期' },
        caller: lsAdmin,
      });
    expect((await extend('2026-10-30')).status).toBe(422); // earlier than the deadline
    expect((await extend('2026-11-15')).status).toBe(200);
    at('2026-11-01T00:00:00Z');
    expect(
      await task({ ...base(cycleId), action: 'close-stage', stageId: 'master-nomination' }),
    ).toMatchObject({
      outcome: 'wait',
      checkAt: '2026-11-15T16:00:00.000Z',
    });
    const closeDeadline = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/stages/{stageId}/close',
      pathParameters: { cycleId, stageId: 'master-nomination' },
      body: { reason: 'x' },
      caller: lsAdmin,
    });
    expect(closeDeadline.status).toBe(409);
    expect(closeDeadline.body.ruleId).toBe('P-CYCLE-STAGE');
  });

  it('hands a wait beyond the execution year to a continuation, which records the next year', async () => {
    const cycleId = await openLishui();
    const far = await call({
      method: 'POST',
      route: '/cycles',
      body: { cycleId: `${cycleId}x`, programmeId: 'lishui-masters', year: 2026 },
      caller: lsAdmin,
    });
    expect(far.status).toBe(201);
    // The execution's first task runs on 1 October 2025: the deadline (31 Oct 2026) is over a year on.
    at('2025-10-01T00:00:00Z');
    const step = await task({ ...base(`${cycleId}x`), action: 'open-stage', stageId: 'master-nomination' });
    expect(step.outcome).toBe('continue');
    expect((await getCycle(lsAdmin, `${cycleId}x`)).execution.startedAt).toBe('2025-10-01T00:00:00.000Z');
    const next = await task({
      ...base(`${cycleId}x`),
      action: 'continue-cycle',
      stageId: 'master-nomination',
    });
    expect(next).toEqual({ name: `lishui--${cycleId}x--y2` });
    expect((await getCycle(lsAdmin, `${cycleId}x`)).execution).toMatchObject({ year: 2, status: 'RUNNING' });
  });

  it('opens the next stage not closed for the registered-programmes machine, and answers complete at the end', async () => {
    const cycleId = await openLishui();
    expect(await task({ ...base(cycleId), action: 'open-next-stage' })).toMatchObject({
      stageId: 'master-nomination',
      outcome: 'wait',
    });
    at('2026-11-01T00:00:00Z');
    await task({ ...base(cycleId), action: 'close-stage', stageId: 'master-nomination' });
    expect(await task({ ...base(cycleId), action: 'open-next-stage' })).toMatchObject({
      stageId: 'master-list',
    });
    expect(await task({ ...base(cycleId), action: 'open-next-stage' })).toMatchObject({
      stageId: 'master-list',
    });
  });

  it('records a failure on the cycle (the state machine catch path)', async () => {
    const cycleId = await openLishui();
    await task({
      ...base(cycleId),
      action: 'record-failure',
      error: { Error: 'CycleStageError', Cause: 'stage mentoring of x is not open' },
    });
    expect(await getCycle(lsAdmin, cycleId)).toMatchObject({
      status: 'failed',
      execution: { status: 'FAILED' },
      failure: { error: 'CycleStageError', cause: 'stage mentoring of x is not open' },
    });
  });

  it('keeps a Lambda failure’s message on the cycle, never its stack trace', async () => {
    const cycleId = await openLishui();
    await task({
      ...base(cycleId),
      action: 'record-failure',
      error: {
        Error: 'CycleStageError',
        Cause: JSON.stringify({
          errorType: 'CycleStageError',
          errorMessage: 'stage x is not open',
          trace: ['CycleStageError: stage x is not open', '    at closeStage (/var/task/index.mjs:1:2)'],
        }),
      },
    });
    const failure = (await getCycle(lsAdmin, cycleId)).failure;
    expect(failure).toMatchObject({ error: 'CycleStageError', cause: 'stage x is not open' });
    expect(JSON.stringify(failure)).not.toContain('/var/task');
  });

  it('throws CycleStageError (retried by the state machine) for a stage that is not there or not open', async () => {
    const cycleId = await openLishui();
    await expect(
      task({ ...base(cycleId), action: 'close-stage', stageId: 'mentoring' }),
    ).rejects.toMatchObject({
      name: 'CycleStageError',
    });
    await expect(task({ ...base(cycleId), action: 'open-stage', stageId: 'nope' })).rejects.toMatchObject({
      name: 'CycleStageError',
    });
    await expect(
      task({ ...base('ls-missing'), action: 'open-stage', stageId: 'mentoring' }),
    ).rejects.toMatchObject({
      name: 'CycleStageError',
    });
  });
});

describe('publicity on the official working-day calendar (X-WORKING-DAYS, GD-APPLY-FLOW)', () => {
  const openGuangdong = async (year: number) => {
    const cycleId = `gd-${randomUUID().slice(0, 8)}`;
    const r = await call({
      method: 'POST',
      route: '/cycles',
      body: { cycleId, programmeId: 'guangdong-diploma-technician', year, selectionDate: `${year}-03-01` },
      caller: gdAdmin,
    });
    expect(r.status).toBe(201);
    return cycleId;
  };
  const walkTo = async (cycleId: string, stageId: string) => {
    const cycle = await getCycle(gdAdmin, cycleId);
    for (const s of cycle.stages as { id: string }[]) {
      if (s.id === stageId) break;
      await task({ ...base(cycleId, 'guangdong'), action: 'open-stage', stageId: s.id });
      if (!['notice', 'official-list'].includes(s.id)) {
        await call({
          method: 'POST',
          route: '/cycles/{cycleId}/stages/{stageId}/close',
          pathParameters: { cycleId, stageId: s.id },
          body: { reason: '完成' },
          caller: gdAdmin,
        });
      }
      expect(
        await task({ ...base(cycleId, 'guangdong'), action: 'close-stage', stageId: s.id }),
      ).toMatchObject({
        outcome: 'advance',
      });
    }
  };

  it('ends a 5-working-day publicity opened on Thursday 30 April 2026 after the Labour Day holiday', async () => {
    const cycleId = await openGuangdong(2026);
    at('2026-04-30T02:00:00Z');
    await walkTo(cycleId, 'publicity');
    const step = await task({ ...base(cycleId, 'guangdong'), action: 'open-stage', stageId: 'publicity' });
    const publicity = (await getCycle(gdAdmin, cycleId)).stages.find(
      (s: { id: string }) => s.id === 'publicity',
    );
    // 30 Apr (Thu) is day 1; 1–5 May are the holiday; 6, 7, 8 May, and Saturday 9 May is a make-up working day.
    expect(publicity).toMatchObject({ status: 'open', workingDays: 5, endsOn: '2026-05-09' });
    expect(step).toMatchObject({ outcome: 'wait', checkAt: '2026-05-09T16:00:00.000Z' });
  });

  it('blocks a publicity in a year without an official schedule, naming the year, and never guesses', async () => {
    const cycleId = await openGuangdong(2027);
    at('2027-04-01T02:00:00Z');
    await walkTo(cycleId, 'publicity');
    const step = await task({ ...base(cycleId, 'guangdong'), action: 'open-stage', stageId: 'publicity' });
    expect(step).toMatchObject({ outcome: 'wait', checkAt: '2027-04-02T02:00:00.000Z' });
    const publicity = (await getCycle(gdAdmin, cycleId)).stages.find(
      (s: { id: string }) => s.id === 'publicity',
    );
    expect(publicity.endsOn).toBeUndefined();
    expect(publicity.blockedBy).toMatchObject({
      ruleId: 'X-WORKING-DAYS',
      message: expect.stringContaining('2027'),
    });
    at('2027-04-20T02:00:00Z');
    expect(
      await task({ ...base(cycleId, 'guangdong'), action: 'close-stage', stageId: 'publicity' }),
    ).toMatchObject({
      outcome: 'wait',
    });
  });
});

describe('scheduled cycle opening', () => {
  it('opens this year’s cycle once however often the schedule fires', async () => {
    const prefix = `sched${randomUUID().slice(0, 6)}`;
    at('2026-09-01T01:00:00Z');
    const event = {
      action: 'open-scheduled-cycle',
      agencyId: 'lishui',
      programmeId: 'lishui-masters',
      cyclePrefix: prefix,
    };
    const results = await Promise.all([task(event), task(event), task(event)]);
    expect(results.filter((r) => r.created === true)).toHaveLength(1);
    expect(new Set(results.map((r) => r.cycleId))).toEqual(new Set([`${prefix}-2026`]));
    expect(await getCycle(lsAdmin, `${prefix}-2026`)).toMatchObject({
      selectionDate: '2026-10-31',
      year: 2026,
    });
  });

  it('counts ages to the opening day when the calendar sets no nomination deadline (JS)', async () => {
    const prefix = `sched${randomUUID().slice(0, 6)}`;
    at('2026-01-02T01:00:00Z');
    await task({
      action: 'open-scheduled-cycle',
      agencyId: 'jiangsu',
      programmeId: 'jiangsu-excellent-technicians',
      cyclePrefix: prefix,
    });
    const cycle = await getCycle({ agency: 'jiangsu', roles: ['admin'], user: 'a' }, `${prefix}-2026`);
    expect(cycle).toMatchObject({ selectionDate: '2026-01-02', year: 2026 });
  });
});
