import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  admin,
  approved,
  auditor,
  call,
  createBatch,
  finance,
  JS,
  LS,
  reviewer,
  seedJiangsu,
  seedMaster,
  seedTraineeFile,
  setBudget,
  step,
  unit,
} from './support';

const J = 'jiangsu';

const report = (
  caller: ReturnType<typeof unit>,
  cycleId: string,
  lines: Record<string, unknown>[],
  unitId?: string,
) =>
  call({
    method: 'POST',
    route: '/expense-reports',
    body: { cycleId, year: 2056, lines, ...(unitId ? { unitId } : {}) },
    caller,
  });

const teaching = (amountFen: number) => ({ category: 'teaching', amountFen, description: '授课费' });
/** A travel line for the trainee (JS-EXPENSE-SPLIT: travel and lodging name an out-of-town trainee). */
const travel = (amountFen: number, traineeId: string) => ({
  category: 'travel',
  amountFen,
  description: '往返交通',
  traineeId,
});
/** An out-of-town trainee of the unit in the cycle (its training file). */
const fromOutOfTown = (cycleId: string, unitId = 'nj-1') =>
  seedTraineeFile(J, { cycleId, unitId, outOfTown: true });

describe('expense reports (JS-EXPENSE-SPLIT)', () => {
  it('keeps a unit user who also holds finance or auditor to its own unit (P-UNIT-SCOPE)', async () => {
    const cycleId = `c-${randomUUID().slice(0, 8)}`;
    for (const extra of ['finance', 'auditor']) {
      const caller = { ...unit(J, 'nj-1'), roles: ['unit', extra] };
      const other = await report(caller, cycleId, [teaching(800_000), travel(200_000, 't-x')], 'nj-OTHER');
      expect(other.status).toBe(403);
      expect(other.body.ruleId).toBe('P-UNIT-SCOPE');
      const listed = await call({
        method: 'GET',
        route: '/expense-reports',
        query: { unitId: 'nj-OTHER' },
        caller,
      });
      expect(listed.status).toBe(403);
    }
  });

  it('takes exactly 80% teaching and 20% travel, and refuses one fen more travel (JS-EXPENSE-SPLIT)', async () => {
    const { cycleId } = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year: 2056 });
    const away = await fromOutOfTown(cycleId);
    const ok = await report(unit(J, 'nj-1'), cycleId, [teaching(800_000), travel(200_000, away)]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({
      unitId: 'nj-1',
      totalFen: 1_000_000,
      byCategory: { teaching: 800_000, travel: 200_000 },
    });
    const over = await report(unit(J, 'nj-1'), cycleId, [teaching(799_999), travel(200_001, away)]);
    expect(over.status).toBe(422);
    expect(over.body.errors.map((e: any) => [e.ruleId, e.field])).toEqual([
      ['JS-EXPENSE-SPLIT', 'body.lines'],
      ['JS-EXPENSE-SPLIT', 'body.lines'],
    ]);
  });

  it('allows meals only at the unit canteen and travel and lodging only for out-of-town trainees (JS-EXPENSE-SPLIT)', async () => {
    const { cycleId } = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year: 2056 });
    const local = await seedTraineeFile(J, { cycleId, unitId: 'nj-1', outOfTown: false });
    const r = await report(unit(J, 'nj-1'), cycleId, [
      teaching(900_000),
      { category: 'meals', amountFen: 50_000, description: '外出聚餐' },
      { category: 'lodging', amountFen: 50_000, description: '本地学员住宿', traineeId: local },
      { category: 'gifts', amountFen: 1, description: '礼品' },
    ]);
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: any) => e.field)).toEqual(
      expect.arrayContaining([
        'body.lines[1].atUnitCanteenForTrainee',
        'body.lines[2].outOfTownTrainee',
        'body.lines[3].category',
      ]),
    );
    expect(r.body.errors.every((e: any) => e.ruleId === 'JS-EXPENSE-SPLIT')).toBe(true);
    const canteen = await report(unit(J, 'nj-1'), cycleId, [
      teaching(900_000),
      { category: 'meals', amountFen: 100_000, description: '食堂用餐', atUnitCanteenForTrainee: true },
    ]);
    expect(canteen.status).toBe(201);
  });

  it('takes out-of-town status from the trainee’s training file: a travel or lodging line names its trainee of this unit and cycle, and a contradicting flag is refused (JS-EXPENSE-SPLIT 仅限异地参训培育对象)', async () => {
    const { cycleId } = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year: 2056 });
    const away = await fromOutOfTown(cycleId);
    const local = await seedTraineeFile(J, { cycleId, unitId: 'nj-1', outOfTown: false });
    const otherUnit = await seedTraineeFile(J, { cycleId, unitId: 'nj-2', outOfTown: true });
    const lodging = (extra: Record<string, unknown>) => ({
      category: 'lodging',
      amountFen: 100_000,
      description: '住宿',
      ...extra,
    });
    const refused = await report(unit(J, 'nj-1'), cycleId, [
      teaching(900_000),
      lodging({ outOfTownTrainee: true }),
      lodging({ traineeId: 't-unknown' }),
      lodging({ traineeId: otherUnit }),
      lodging({ traineeId: local, outOfTownTrainee: true }),
    ]);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: any) => [e.ruleId, e.field])).toEqual([
      ['JS-EXPENSE-SPLIT', 'body.lines[1].traineeId'],
      ['JS-EXPENSE-SPLIT', 'body.lines[2].traineeId'],
      ['JS-EXPENSE-SPLIT', 'body.lines[3].traineeId'],
      ['JS-EXPENSE-SPLIT', 'body.lines[4].outOfTownTrainee'],
    ]);
    // A local trainee's lodging is refused by the split rule on the file's word, not the unit's.
    const localOnly = await report(unit(J, 'nj-1'), cycleId, [
      teaching(900_000),
      lodging({ traineeId: local }),
    ]);
    expect(localOnly.status).toBe(422);
    expect(localOnly.body.errors.map((e: any) => e.field)).toEqual(['body.lines[1].outOfTownTrainee']);
    // The out-of-town trainee's lodging, flag or not: stored with the file's status.
    const ok = await report(unit(J, 'nj-1'), cycleId, [teaching(900_000), lodging({ traineeId: away })]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.lines[1]).toMatchObject({ traineeId: away, outOfTownTrainee: true });
  });

  it('keeps a unit to its own unit (P-UNIT-SCOPE) and its own reports', async () => {
    const { cycleId } = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year: 2056 });
    const other = await report(unit(J, 'nj-1'), cycleId, [teaching(1)], 'nj-2');
    expect(other.status).toBe(403);
    expect(other.body.ruleId).toBe('P-UNIT-SCOPE');
    for (const caller of [finance(J), admin(J), auditor(J), reviewer(J)])
      expect(
        (
          await call({
            method: 'POST',
            route: '/expense-reports',
            body: { cycleId, year: 2056, lines: [teaching(1)] },
            caller,
          })
        ).status,
      ).toBe(403);
    const mine = await report(unit(J, 'nj-1'), cycleId, [teaching(1)]);
    const get = (caller: any) =>
      call({
        method: 'GET',
        route: '/expense-reports/{reportId}',
        pathParameters: { reportId: mine.body.reportId },
        caller,
      });
    expect((await get(unit(J, 'nj-1'))).status).toBe(200);
    expect((await get(unit(J, 'nj-2'))).status).toBe(404);
    expect((await get(auditor(J))).status).toBe(200);
    expect((await get(reviewer(J))).status).toBe(403);
    expect((await get(finance('zhuhai'))).status).toBe(404);
    const list = (caller: any, query: Record<string, string>) =>
      call({ method: 'GET', route: '/expense-reports', query, caller });
    const own = await list(unit(J, 'nj-1'), { cycleId });
    expect(own.body.items.map((x: any) => x.reportId)).toContain(mine.body.reportId);
    expect((await list(unit(J, 'nj-1'), { unitId: 'nj-2' })).status).toBe(403);
    expect((await list(finance(J), { unitId: 'nj-1', cycleId })).body.items.length).toBeGreaterThan(0);
    expect((await list(finance('zhuhai'), { unitId: 'nj-1', cycleId })).body.items).toEqual([]);
    expect((await list(reviewer(J), { unitId: 'nj-1' })).status).toBe(403);
    // An unknown cycle, or another agency's: 404.
    expect(
      (
        await call({
          method: 'POST',
          route: '/expense-reports',
          body: { cycleId, year: 2056, lines: [teaching(1)] },
          caller: unit('zhuhai', 'nj-1'),
        })
      ).status,
    ).toBe(404);
  });

  it("lists a unit's ledger: released subsidy, expense lines and balance (JS-LEDGER)", async () => {
    const { cycleId } = await seedJiangsu(
      J,
      [
        { category: 'A', unitId: 'nj-5' },
        { category: 'B', unitId: 'sz-5' },
      ],
      { year: 2057 },
    );
    await setBudget(J, JS, 2057, 10_000_000);
    const b = await createBatch(J, cycleId);
    const ok = await approved(J, b.body, b.headers.etag as string);
    const ledger = (caller: any, unitId = 'nj-5') =>
      call({
        method: 'GET',
        route: '/expense-reports/ledgers/{unitId}',
        pathParameters: { unitId },
        query: { cycleId },
        caller,
      });
    // Approved but not released: no income yet.
    expect((await ledger(unit(J, 'nj-5'))).body.incomeFen).toBe(0);
    await step(finance(J), b.body.batchId, 'release', ok.headers.etag as string, {
      reference: 'R',
      releasedOn: '2057-12-01',
    });
    const away = await fromOutOfTown(cycleId, 'nj-5');
    await report(unit(J, 'nj-5'), cycleId, [teaching(600_000), travel(100_000, away)]);
    const r = await ledger(unit(J, 'nj-5'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      ruleId: 'JS-LEDGER',
      incomeFen: 1_000_000,
      expenseFen: 700_000,
      balanceFen: 300_000,
      overspent: false,
    });
    expect(r.body.income[0]).toMatchObject({ releasedOn: '2057-12-01', amountFen: 1_000_000 });
    expect(r.body.expenses.map((e: any) => [e.category, e.amountFen])).toEqual([
      ['teaching', 600_000],
      ['travel', 100_000],
    ]);
    expect((await ledger(unit(J, 'sz-5'))).status).toBe(403);
    expect((await ledger(auditor(J))).body.incomeFen).toBe(1_000_000);
    expect((await ledger(reviewer(J))).status).toBe(403);
    expect((await ledger(finance('zhuhai'))).status).toBe(404);
  });
});

describe('master working-fund budgets (LS-FUNDS-FLOOR)', () => {
  const put = (
    caller: any,
    masterId: string,
    amountFen: number,
    headers: Record<string, string> = {},
    year = 2026,
  ) =>
    call({
      method: 'PUT',
      route: '/master-budgets/{year}/{masterId}',
      pathParameters: { year: String(year), masterId },
      body: { programmeId: LS, masterName: '叶大师', amountFen },
      headers,
      caller,
    });

  it('flags a budget one fen below 50,000 CNY and not one at it, without refusing either (LS-FUNDS-FLOOR)', async () => {
    const school = `ls-school-${randomUUID().slice(0, 6)}`;
    const [mBelow, mAt] = [
      await seedMaster('lishui', { schoolId: school }),
      await seedMaster('lishui', { schoolId: school }),
    ];
    const below = await put(unit('lishui', school), mBelow, 4_999_999);
    expect(below.status).toBe(201);
    expect(below.body).toMatchObject({ belowFloor: true, unitId: school });
    expect(below.body.flags[0]).toMatchObject({ ruleId: 'LS-FUNDS-FLOOR' });
    expect(below.body.flags[0].messageZh).toContain('低于50,000');
    const at = await put(unit('lishui', school), mAt, 5_000_000);
    expect(at.body).toMatchObject({ belowFloor: false, flags: [] });
    const list = await call({
      method: 'GET',
      route: '/master-budgets',
      query: { programmeId: LS, year: '2026', unitId: school, belowFloor: 'true' },
      caller: finance('lishui'),
    });
    expect(list.body.items.map((x: any) => x.masterId)).toEqual([mBelow]);
    const all = await call({
      method: 'GET',
      route: '/master-budgets',
      query: { programmeId: LS, year: '2026' },
      caller: unit('lishui', school),
    });
    expect(all.body.items.map((x: any) => x.masterId).sort()).toEqual([mAt, mBelow].sort());
    // Raising it (If-Match) clears the flag; a stale version is 412.
    const raised = await put(unit('lishui', school), mBelow, 5_000_000, {
      'if-match': below.headers.etag as string,
    });
    expect(raised.status).toBe(200);
    expect(raised.body.belowFloor).toBe(false);
    expect(
      (await put(unit('lishui', school), mBelow, 1, { 'if-match': below.headers.etag as string })).status,
    ).toBe(412);
  });

  it('budgets only a registered master, at its school, in a year it serves, under its registered name (LS-FUNDS-FLOOR)', async () => {
    const school = `ls-school-${randomUUID().slice(0, 6)}`;
    const serving = await seedMaster('lishui', {
      schoolId: school,
      name: '陈大师',
      employmentStartOn: '2025-09-01',
    });
    const left = await seedMaster('lishui', {
      schoolId: school,
      employmentStartOn: '2024-09-01',
      leftOn: '2025-06-30',
    });
    const budget = (caller: any, masterId: string, year: number, extra: Record<string, unknown> = {}) =>
      call({
        method: 'PUT',
        route: '/master-budgets/{year}/{masterId}',
        pathParameters: { year: String(year), masterId },
        body: { programmeId: LS, amountFen: 5_000_000, ...extra },
        caller,
      });
    const unknown = await budget(unit('lishui', school), 'm-nobody', 2026);
    expect(unknown.status).toBe(404);
    const before = await budget(unit('lishui', school), serving, 2024);
    expect(before.status).toBe(422);
    expect(before.body.errors[0]).toMatchObject({ ruleId: 'LS-FUNDS-FLOOR', field: 'params.year' });
    const gone = await budget(unit('lishui', school), left, 2026);
    expect(gone.status).toBe(422);
    expect(gone.body.errors[0]).toMatchObject({ field: 'params.year' });
    expect((await budget(unit('lishui', school), left, 2025)).status).toBe(201);
    const otherSchool = await budget(admin('lishui'), serving, 2026, { unitId: 'ls-school-other' });
    expect(otherSchool.status).toBe(422);
    expect(otherSchool.body.errors[0]).toMatchObject({ ruleId: 'LS-FUNDS-FLOOR', field: 'body.unitId' });
    expect((await budget(unit('lishui', 'ls-school-other'), serving, 2026)).status).toBe(403);
    const wrongName = await budget(unit('lishui', school), serving, 2026, { masterName: '叶大师' });
    expect(wrongName.status).toBe(422);
    expect(wrongName.body.errors[0]).toMatchObject({ field: 'body.masterName' });
    const ok = await budget(unit('lishui', school), serving, 2026);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ masterId: serving, masterName: '陈大师', unitId: school, year: 2026 });
  });

  it("keeps a school to its own masters' budgets, and answers 403 and 404 by role and agency (LS-FUNDS-FLOOR)", async () => {
    const school = `ls-school-${randomUUID().slice(0, 6)}`;
    const masterId = await seedMaster('lishui', { schoolId: school });
    expect((await put(unit('lishui', school), masterId, 6_000_000)).status).toBe(201);
    const stranger = await put(unit('lishui', 'other-school'), masterId, 1);
    expect(stranger.status).toBe(403);
    expect(stranger.body.ruleId).toBe('P-UNIT-SCOPE');
    for (const caller of [finance('lishui'), auditor('lishui'), reviewer('lishui')])
      expect((await put(caller, masterId, 1)).status).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/master-budgets',
          query: { programmeId: LS, year: '2026' },
          caller: reviewer('lishui'),
        })
      ).status,
    ).toBe(403);
    // Jiangsu does not run the Lishui programme: 404 for it (X-TENANT).
    expect((await put(admin(J), masterId, 1)).status).toBe(404);
    expect(
      (
        await call({
          method: 'GET',
          route: '/master-budgets',
          query: { programmeId: LS, year: '2026' },
          caller: finance(J),
        })
      ).status,
    ).toBe(404);
    // A programme with no budget rule is not for master budgets.
    const js = await call({
      method: 'PUT',
      route: '/master-budgets/{year}/{masterId}',
      pathParameters: { year: '2026', masterId },
      body: { programmeId: JS, unitId: 'nj-1', masterName: '叶大师', amountFen: 1 },
      caller: admin(J),
    });
    expect(js.status).toBe(409);
  });
});
