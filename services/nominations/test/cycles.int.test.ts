import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { jiangsuCycle } from '../../../test/support/cycles';
import { handler } from '../src/handlers/api';

// Integration: cycles (one year or round of a programme) against DynamoDB Local.

const admin: Caller = { agency: 'jiangsu', roles: ['admin'], user: 'js-admin' };
const lishuiAdmin: Caller = { agency: 'lishui', roles: ['admin'], user: 'ls-admin' };
const beijingAdmin: Caller = { agency: 'beijing', roles: ['admin'], user: 'bj-admin' };

const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('nominations')));
const open = (body: unknown, caller: Caller = admin) =>
  call({ method: 'POST', route: '/cycles', body, caller });
const newId = (prefix = 'js') => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('cycles', () => {
  it('opens a cycle pinned to the programme version current now (P-PROGRAMME-VERSION)', async () => {
    const cycleId = newId();
    const r = await open(jiangsuCycle(cycleId));
    expect(r.status).toBe(201);
    expect(r.headers.location).toBe(`/cycles/${cycleId}`);
    expect(r.body).toMatchObject({
      cycleId,
      programmeId: 'jiangsu-excellent-technicians',
      programmeVersion: 1,
      year: 2026,
      selectionDate: '2026-03-31',
      status: 'open',
      version: 1,
    });
    const read = await call({
      method: 'GET',
      route: '/cycles/{cycleId}',
      pathParameters: { cycleId },
      caller: admin,
    });
    expect(read.body).toEqual(r.body);
  });

  it('counts ages to the nomination deadline of the calendar when no date is given (LS-CALENDAR: 10-31)', async () => {
    const r = await open({ cycleId: newId('ls'), programmeId: 'lishui-masters', year: 2026 }, lishuiAdmin);
    expect(r.status).toBe(201);
    expect(r.body.selectionDate).toBe('2026-10-31');
  });

  it('asks for the selection date when the calendar sets no deadline (P-CYCLE-SELECTION-DATE)', async () => {
    const { selectionDate: _omit, ...body } = jiangsuCycle(newId());
    const r = await open(body);
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.selectionDate', ruleId: 'P-CYCLE-SELECTION-DATE' }),
    );
  });

  it.each([
    ['2024-12-31', 422],
    ['2025-11-01', 201],
    ['2026-12-31', 201],
    ['2027-01-01', 422],
    ['2026-02-30', 422],
  ])(
    'bounds the selection date %s to the cycle year or the year before (P-CYCLE-SELECTION-DATE)',
    async (date, status) => {
      const r = await open(jiangsuCycle(newId(), { selectionDate: date }));
      expect(r.status).toBe(status);
    },
  );

  it('lets a 2-year Beijing round count to a date in its second year (BJ-SELECTION-FLOW)', async () => {
    const r = await open(
      {
        cycleId: newId('bj'),
        programmeId: 'beijing-craftsman-teachers',
        year: 2026,
        selectionDate: '2027-03-01',
        stages: { publicity: { workingDays: 5 } },
      },
      beijingAdmin,
    );
    expect(r.status).toBe(201);
  });

  it('asks for the publicity length the Beijing seed does not set, never guessing it (P-STAGE-DATES)', async () => {
    const r = await open(
      {
        cycleId: newId('bj'),
        programmeId: 'beijing-craftsman-teachers',
        year: 2026,
        selectionDate: '2026-03-01',
      },
      beijingAdmin,
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.stages.publicity.workingDays', ruleId: 'P-STAGE-DATES' }),
    );
  });

  it('plans the stages from the calendar: deadlines, working-day publicity, decisions (LS-CALENDAR, GD-APPLY-FLOW)', async () => {
    const ls = await open({ cycleId: newId('ls'), programmeId: 'lishui-masters', year: 2026 }, lishuiAdmin);
    expect(
      ls.body.stages.map((s: { id: string; closesBy: string; endsOn?: string }) => [
        s.id,
        s.closesBy,
        s.endsOn,
      ]),
    ).toEqual([
      ['master-nomination', 'deadline', '2026-10-31'],
      ['master-list', 'auto', undefined],
      ['pairing-list', 'deadline', '2026-11-30'],
      ['mentoring', 'decision', undefined],
      ['top-selection', 'decision', undefined],
    ]);
    expect(ls.body).toMatchObject({
      intakeOpen: true,
      currentStageId: null,
      execution: { status: 'NOT_STARTED', year: 1 },
    });
    const gd = await open(
      {
        cycleId: newId('gd'),
        programmeId: 'guangdong-diploma-technician',
        year: 2026,
        selectionDate: '2026-03-01',
      },
      { agency: 'guangdong', roles: ['admin'], user: 'gd-admin' },
    );
    expect(gd.body.stages.find((s: { id: string }) => s.id === 'publicity')).toMatchObject({
      closesBy: 'deadline',
      workingDays: 5,
    });
  });

  it.each([
    [{ 'no-such-stage': { endsOn: '2026-05-01' } }, 'body.stages.no-such-stage'],
    [{ 'master-nomination': { endsOn: '2026-12-15' } }, 'body.stages.pairing-list.endsOn'],
    [{ 'master-nomination': { endsOn: '2027-01-15' } }, 'body.stages.master-nomination.endsOn'],
    [{ 'master-nomination': { workingDays: 5 } }, 'body.stages.master-nomination.workingDays'],
  ])('refuses stage settings %j (P-STAGE-DATES)', async (stages, field) => {
    const r = await open(
      { cycleId: newId('ls'), programmeId: 'lishui-masters', year: 2026, stages },
      lishuiAdmin,
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(expect.objectContaining({ field, ruleId: 'P-STAGE-DATES' }));
  });

  it('opens a cycle once: 10 concurrent openings give one 201 and nine 409 (P-CYCLE-UNIQUE)', async () => {
    const cycleId = newId();
    const results = await Promise.all(Array.from({ length: 10 }, () => open(jiangsuCycle(cycleId))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    expect(results.find((r) => r.status === 409)?.body.ruleId).toBe('P-CYCLE-UNIQUE');
  });

  it('refuses a programme the agency does not run, as unknown (P-PROGRAMME, X-TENANT)', async () => {
    const r = await open(jiangsuCycle(newId()), beijingAdmin);
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('P-PROGRAMME');
  });

  it("keeps another agency out of the agency's cycles (X-TENANT)", async () => {
    const cycleId = newId();
    await open(jiangsuCycle(cycleId));
    const read = await call({
      method: 'GET',
      route: '/cycles/{cycleId}',
      pathParameters: { cycleId },
      caller: beijingAdmin,
    });
    expect(read.status).toBe(404);
    const list = await call({ method: 'GET', route: '/cycles', caller: beijingAdmin });
    expect(list.status).toBe(200);
    expect(list.raw).not.toContain(cycleId);
    const own = await call({ method: 'GET', route: '/cycles', query: { limit: '100' }, caller: admin });
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
  });

  it.each([['reviewer'], ['unit'], ['finance'], ['auditor']])(
    'lets only the admin open a cycle: %s gets 403 (P-ROLE)',
    async (role) => {
      const r = await open(jiangsuCycle(newId()), {
        agency: 'jiangsu',
        roles: [role],
        user: 'x',
        unit: 'u1',
      });
      expect(r.status).toBe(403);
    },
  );

  it('lists the cycles of a programme, a page at a time', async () => {
    const ids = [newId('ls'), newId('ls'), newId('ls')];
    for (const cycleId of ids) {
      expect((await open({ cycleId, programmeId: 'lishui-masters', year: 2027 }, lishuiAdmin)).status).toBe(
        201,
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call({
        method: 'GET',
        route: '/cycles',
        query: { programmeId: 'lishui-masters', limit: '2', ...(cursor ? { cursor } : {}) },
        caller: { agency: 'lishui', roles: ['unit'], user: 'u', unit: 'school-1' },
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { cycleId: string }) => c.cycleId));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(new Set(seen).size).toBe(seen.length);
  });
});
