import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName } from '@talent/data';
import { addDays, todayInShanghai } from '@talent/kernel';
import { programmeOfCycle, readCycle } from '@talent/svc-nominations/roster';
import type { StageHookContext } from '@talent/svc-nominations/stage-hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { handler as lifecycle } from '../../nominations/src/handlers/lifecycle';
import { counters, keys } from '../src/repositories/pairing-store';
import { pairingStageHooks } from '../src/stage-hooks';
import {
  activePairings,
  admin,
  at,
  call,
  holdWriteUntil,
  masterAtSchool,
  readyPairing,
  registerApprentice,
  reviewer,
  seedCycle,
  unit,
} from './support';

afterEach(() => at('2026-11-15T02:00:00Z'));

const submit = (cycleId: string, schoolId: string) =>
  call({
    method: 'POST',
    route: '/cycles/{cycleId}/pairing-lists/{schoolId}/submit',
    pathParameters: { cycleId, schoolId },
    body: {},
    caller: unit(schoolId),
  });
const review = (cycleId: string, schoolId: string, outcome: 'approved' | 'returned') =>
  call({
    method: 'POST',
    route: '/cycles/{cycleId}/pairing-lists/{schoolId}/review',
    pathParameters: { cycleId, schoolId },
    body: { outcome, reason: outcome === 'approved' ? '审核通过' : '名单信息不全' },
    caller: admin,
  });

const hookContext = async (cycleId: string, kind: string): Promise<StageHookContext> => {
  const agencyId = asAgencyId('lishui');
  const cycle = await readCycle(agencyId, cycleId);
  if (!cycle) throw new Error('no cycle');
  const stage = cycle.stages.find((s) => s.kind === kind);
  if (!stage) throw new Error(`no ${kind} stage`);
  return { agencyId, cycle, programme: await programmeOfCycle(cycle), stage, at: new Date().toISOString() };
};

const schoolWithPairings = async (cycleId: string, nominationId: string, n = 1) => {
  const { schoolId, masterId } = await masterAtSchool(cycleId, nominationId);
  const pairings = await activePairings(cycleId, schoolId, masterId, n);
  return { schoolId, masterId, pairings };
};

describe('pairing lists', () => {
  it("takes a school's list by 30 November (Shanghai) and refuses it on 1 December (LS-CALENDAR)", async () => {
    const c = await seedCycle(2);
    const onTime = await schoolWithPairings(c.cycleId, c.nominationIds[0] as string, 2);
    const late = await schoolWithPairings(c.cycleId, c.nominationIds[1] as string);
    at('2026-11-30T15:59:00Z'); // 23:59 on 30 November in Shanghai
    const ok = await submit(c.cycleId, onTime.schoolId);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'submitted', pairings: 2, submittedOn: '2026-11-30' });
    at('2026-11-30T16:00:00Z'); // 00:00 on 1 December in Shanghai
    const refused = await submit(c.cycleId, late.schoolId);
    expect(refused.status).toBe(409);
    expect(refused.body.ruleId).toBe('LS-CALENDAR');
    // A list the city returns may be sent again after the deadline.
    expect((await review(c.cycleId, onTime.schoolId, 'returned')).body.status).toBe('returned');
    const again = await submit(c.cycleId, onTime.schoolId);
    expect(again.status).toBe(200);
    expect((await submit(c.cycleId, onTime.schoolId)).status).toBe(409);
  });

  it('is reviewed by the city only; a school reads only its own list (LS-TWO-WAY)', async () => {
    const c = await seedCycle(2);
    const a = await schoolWithPairings(c.cycleId, c.nominationIds[0] as string);
    const b = await schoolWithPairings(c.cycleId, c.nominationIds[1] as string);
    await submit(c.cycleId, a.schoolId);
    await submit(c.cycleId, b.schoolId);
    const asUnit = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pairing-lists/{schoolId}/review',
      pathParameters: { cycleId: c.cycleId, schoolId: a.schoolId },
      body: { outcome: 'approved', reason: 'x' },
      caller: unit(a.schoolId),
    });
    expect(asUnit.status).toBe(403);
    expect((await review(c.cycleId, a.schoolId, 'approved')).body.status).toBe('approved');
    expect((await review(c.cycleId, a.schoolId, 'approved')).status).toBe(409);
    const own = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pairing-lists',
      pathParameters: { cycleId: c.cycleId },
      caller: unit(a.schoolId),
    });
    expect(own.body.items.map((l: { schoolId: string }) => l.schoolId)).toEqual([a.schoolId]);
    const other = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pairing-lists/{schoolId}',
      pathParameters: { cycleId: c.cycleId, schoolId: b.schoolId },
      caller: unit(a.schoolId),
    });
    expect(other.status).toBe(404);
    const all = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pairing-lists',
      pathParameters: { cycleId: c.cycleId },
      caller: reviewer,
    });
    expect(all.body.items).toHaveLength(2);
  });

  it('pairing stage hooks: blockers name schools with unreviewed lists, closed makes the lists final, idempotently (LS-TWO-WAY)', async () => {
    const c = await seedCycle(2);
    const a = await schoolWithPairings(c.cycleId, c.nominationIds[0] as string);
    const b = await schoolWithPairings(c.cycleId, c.nominationIds[1] as string);
    await submit(c.cycleId, a.schoolId);
    await submit(c.cycleId, b.schoolId);
    const hooks = pairingStageHooks['lishui-masters']?.pairing;
    const ctx = await hookContext(c.cycleId, 'pairing');
    const blockers = await hooks?.blockers?.(ctx);
    expect(blockers?.map((v) => v.ruleId)).toEqual(['LS-TWO-WAY', 'LS-TWO-WAY']);
    expect(blockers?.map((v) => v.path).sort()).toEqual(
      [`pairingLists.${a.schoolId}`, `pairingLists.${b.schoolId}`].sort(),
    );
    await review(c.cycleId, a.schoolId, 'approved');
    await review(c.cycleId, b.schoolId, 'returned');
    expect(await hooks?.blockers?.(ctx)).toEqual([]);
    await hooks?.closed?.(ctx);
    await hooks?.closed?.(ctx); // a task that runs twice
    const list = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pairing-lists/{schoolId}',
      pathParameters: { cycleId: c.cycleId, schoolId: a.schoolId },
      caller: admin,
    });
    expect(list.body.final).toBe(true);
    const resubmit = await submit(c.cycleId, b.schoolId);
    expect(resubmit.status).toBe(409);
    expect(resubmit.body.ruleId).toBe('LS-CALENDAR');
  });
});

describe('pairing-list stage close vs submissions', () => {
  const unreviewed = async (cycleId: string) =>
    (await counters(keys.unreviewedLists(asAgencyId('lishui'), cycleId))).count ?? 0;
  const listOf = async (cycleId: string, schoolId: string) =>
    (
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/pairing-lists/{schoolId}',
        pathParameters: { cycleId, schoolId },
        caller: admin,
      })
    ).body;

  it('counts unreviewed lists consistently: submit +1, review −1, resubmission +1; blockers follow the counter (LS-TWO-WAY)', async () => {
    const c = await seedCycle(2);
    const a = await schoolWithPairings(c.cycleId, c.nominationIds[0] as string);
    const b = await schoolWithPairings(c.cycleId, c.nominationIds[1] as string);
    const hooks = pairingStageHooks['lishui-masters']?.pairing;
    const ctx = await hookContext(c.cycleId, 'pairing');
    expect(await unreviewed(c.cycleId)).toBe(0);
    expect((await submit(c.cycleId, a.schoolId)).status).toBe(200);
    expect((await submit(c.cycleId, b.schoolId)).status).toBe(200);
    expect(await unreviewed(c.cycleId)).toBe(2);
    expect((await submit(c.cycleId, a.schoolId)).status).toBe(409); // a second submission changes nothing
    expect(await unreviewed(c.cycleId)).toBe(2);
    expect((await review(c.cycleId, a.schoolId, 'returned')).status).toBe(200);
    expect(await unreviewed(c.cycleId)).toBe(1);
    expect((await hooks?.blockers?.(ctx))?.map((v) => v.path)).toEqual([`pairingLists.${b.schoolId}`]);
    expect((await submit(c.cycleId, a.schoolId)).status).toBe(200);
    expect(await unreviewed(c.cycleId)).toBe(2);
    expect((await review(c.cycleId, a.schoolId, 'approved')).status).toBe(200);
    expect((await review(c.cycleId, b.schoolId, 'approved')).status).toBe(200);
    expect(await unreviewed(c.cycleId)).toBe(0);
    expect(await hooks?.blockers?.(ctx)).toEqual([]);
  });

  it('a list submitted after the blockers ran keeps the lists from being final until the city reviews it (LS-TWO-WAY, LS-CALENDAR)', async () => {
    const c = await seedCycle(1);
    const a = await schoolWithPairings(c.cycleId, c.nominationIds[0] as string);
    const hooks = pairingStageHooks['lishui-masters']?.pairing;
    const ctx = await hookContext(c.cycleId, 'pairing');
    expect(await hooks?.blockers?.(ctx)).toEqual([]);
    // Submitted while the stage is being closed (no blocker was seen), before the hook runs.
    expect((await submit(c.cycleId, a.schoolId)).status).toBe(200);
    // The hook does not fail the close: it leaves the lists not final while one awaits review.
    await hooks?.closed?.(ctx);
    expect(await listOf(c.cycleId, a.schoolId)).toMatchObject({ status: 'submitted', final: false });
    // The city can still review it; the hook run again then makes the lists final.
    const reviewed = await review(c.cycleId, a.schoolId, 'approved');
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    await hooks?.closed?.(ctx);
    await hooks?.closed?.(ctx);
    expect(await listOf(c.cycleId, a.schoolId)).toMatchObject({ status: 'approved', final: true });
  });

  it('a submission and the closed hook in parallel: either the list is refused or the lists are not final, never a final cycle with an unreviewed list (LS-TWO-WAY, LS-CALENDAR)', async () => {
    const c = await seedCycle(2);
    const a = await schoolWithPairings(c.cycleId, c.nominationIds[0] as string);
    const hooks = pairingStageHooks['lishui-masters']?.pairing;
    const ctx = await hookContext(c.cycleId, 'pairing');
    // The submission commits first, while the hook's marker write waits for it.
    let release = holdWriteUntil('pairing-lists.final', 'pairing-list.submitted');
    const [submitted, closed] = await Promise.allSettled([
      submit(c.cycleId, a.schoolId),
      hooks?.closed?.(ctx) ?? Promise.resolve(),
    ]).finally(release);
    expect(submitted).toMatchObject({ status: 'fulfilled', value: { status: 200 } });
    expect(closed).toMatchObject({ status: 'fulfilled' });
    expect(await listOf(c.cycleId, a.schoolId)).toMatchObject({ status: 'submitted', final: false });
    expect((await review(c.cycleId, a.schoolId, 'approved')).status).toBe(200);
    await hooks?.closed?.(ctx);
    expect(await listOf(c.cycleId, a.schoolId)).toMatchObject({ status: 'approved', final: true });

    // Another cycle: the hook's marker commits first, the submission waits for it and is refused.
    const c2 = await seedCycle(1);
    const b = await schoolWithPairings(c2.cycleId, c2.nominationIds[0] as string);
    const ctx2 = await hookContext(c2.cycleId, 'pairing');
    release = holdWriteUntil('pairing-list.submitted', 'pairing-lists.final');
    const [late, final] = await Promise.allSettled([
      submit(c2.cycleId, b.schoolId),
      hooks?.closed?.(ctx2) ?? Promise.resolve(),
    ]).finally(release);
    expect(final.status).toBe('fulfilled');
    expect(late).toMatchObject({
      status: 'fulfilled',
      value: { status: 409, body: { ruleId: 'LS-CALENDAR' } },
    });
    expect(await unreviewed(c2.cycleId)).toBe(0);
  });

  it('refuses a returned list sent again once the pairing stage is recorded closed, before its hook ran (LS-CALENDAR)', async () => {
    const c = await seedCycle(1);
    const a = await schoolWithPairings(c.cycleId, c.nominationIds[0] as string);
    const base = { agencyId: 'lishui', cycleId: c.cycleId, year: 1, stageId: 'pairing-list' };
    await lifecycle({ ...base, action: 'open-stage' } as never);
    // A returned list may be sent again after 30 November, until the stage closes.
    expect((await submit(c.cycleId, a.schoolId)).status).toBe(200);
    expect((await review(c.cycleId, a.schoolId, 'returned')).status).toBe(200);
    at('2026-12-01T02:00:00Z');
    const closed = (await lifecycle({ ...base, action: 'close-stage' } as never)) as { outcome: string };
    expect(closed.outcome).toBe('advance');
    // As if the close task had recorded the stage closed and not yet run the hook: no marker.
    await getDocumentClient().send(
      new DeleteCommand({
        TableName: mainTableName(),
        Key: keys.marker(asAgencyId('lishui'), c.cycleId, 'PAIRING-LISTS-FINAL'),
      }),
    );
    const late = await submit(c.cycleId, a.schoolId);
    expect(late.status).toBe(409);
    expect(late.body.ruleId).toBe('LS-CALENDAR');
    expect(await unreviewed(c.cycleId)).toBe(0);
    expect(await listOf(c.cycleId, a.schoolId)).toMatchObject({ status: 'returned' });
  });
  it('a list that came in while the stage closed is made final by the city’s review once the stage is recorded closed (LS-TWO-WAY)', async () => {
    const c = await seedCycle(1);
    const a = await schoolWithPairings(c.cycleId, c.nominationIds[0] as string);
    const base = { agencyId: 'lishui', cycleId: c.cycleId, year: 1, stageId: 'pairing-list' };
    await lifecycle({ ...base, action: 'open-stage' } as never);
    const hooks = pairingStageHooks['lishui-masters']?.pairing;
    expect(await hooks?.blockers?.(await hookContext(c.cycleId, 'pairing'))).toEqual([]);
    // Submitted after the blockers were read, before the close was recorded.
    expect((await submit(c.cycleId, a.schoolId)).status).toBe(200);
    at('2026-12-01T02:00:00Z');
    // The close task sees the new list as a blocker and waits; record the close as if it had not.
    await hooks?.closed?.({ ...(await hookContext(c.cycleId, 'pairing')) });
    expect(await listOf(c.cycleId, a.schoolId)).toMatchObject({ final: false });
    const { DynamoCycleRepository } = await import('../../nominations/src/repositories/cycle-repository');
    const cycles = new DynamoCycleRepository();
    const before = await cycles.get(asAgencyId('lishui'), c.cycleId);
    if (!before) throw new Error('no cycle');
    await cycles.replace(
      before,
      {
        ...before,
        stages: before.stages.map((st) =>
          st.id === 'pairing-list' ? { ...st, status: 'closed' as const } : st,
        ),
        version: before.version + 1,
      },
      { actor: { userId: 'test', roles: [] }, action: 'test.close', at: new Date().toISOString() },
    );
    expect((await review(c.cycleId, a.schoolId, 'approved')).status).toBe(200);
    expect(await listOf(c.cycleId, a.schoolId)).toMatchObject({ status: 'approved', final: true });
  });
});

describe('honours', () => {
  it('grants 优秀学徒 for a 3rd prize or better won after the pairing, or a patent, not a 4th prize, only after pairing (LS-OUTSTANDING-APPRENTICE)', async () => {
    const c = await seedCycle(1);
    const { schoolId, pairings } = await schoolWithPairings(c.cycleId, c.nominationIds[0] as string, 3);
    const grant = (body: object) =>
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/honours/outstanding-apprentices',
        pathParameters: { cycleId: c.cycleId },
        body: { evidence: '获奖证书', achievedOn: todayInShanghai(), ...body },
        caller: admin,
      });
    const [p1, p2, p3] = pairings;
    const fourth = await grant({ apprenticeId: p1?.apprenticeId, competitionPrizeRank: 4 });
    expect(fourth.status).toBe(422);
    expect(fourth.body.errors[0].ruleId).toBe('LS-OUTSTANDING-APPRENTICE');
    const third = await grant({
      apprenticeId: p1?.apprenticeId,
      competitionPrizeRank: 3,
      competitionName: '浙江省职业院校技能大赛',
    });
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    expect(third.body.attributes).toMatchObject({ achievedOn: todayInShanghai() });
    expect((await grant({ apprenticeId: p1?.apprenticeId, competitionPrizeRank: 1 })).status).toBe(409);
    expect((await grant({ apprenticeId: p2?.apprenticeId, patentsWhileAtSchool: 1 })).status).toBe(201);
    expect((await grant({ apprenticeId: p3?.apprenticeId, patentsWhileAtSchool: 0 })).status).toBe(422);
    // A prize won before the pairing began, or a date still to come, does not count (经大师结对培养后取得).
    const pairedOn = todayInShanghai();
    const early = await grant({
      apprenticeId: p3?.apprenticeId,
      competitionPrizeRank: 2,
      achievedOn: addDays(pairedOn, -400),
    });
    expect(early.status).toBe(422);
    expect(early.body.errors[0]).toMatchObject({
      ruleId: 'LS-OUTSTANDING-APPRENTICE',
      field: 'body.achievedOn',
    });
    const future = await grant({
      apprenticeId: p3?.apprenticeId,
      patentsWhileAtSchool: 1,
      achievedOn: addDays(pairedOn, 1),
    });
    expect(future.status).toBe(422);
    expect(future.body.errors[0]).toMatchObject({ field: 'body.achievedOn' });
    // A patent while at school needs no pairing date order.
    expect(
      (
        await grant({
          apprenticeId: p3?.apprenticeId,
          patentsWhileAtSchool: 2,
          achievedOn: addDays(pairedOn, -400),
        })
      ).status,
    ).toBe(201);
    const unpaired = await registerApprentice(c.cycleId, schoolId);
    const never = await grant({ apprenticeId: unpaired.body.apprenticeId, competitionPrizeRank: 1 });
    expect(never.status).toBe(422);
    expect(never.body.errors[0]).toMatchObject({
      ruleId: 'LS-OUTSTANDING-APPRENTICE',
      field: 'body.apprenticeId',
    });
    const listed = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/honours',
      pathParameters: { cycleId: c.cycleId },
      query: { award: 'outstanding-apprentice' },
      caller: unit(schoolId),
    });
    expect(listed.body.items).toHaveLength(3);
  });

  it('selects at most 10 十佳大师 under 15 concurrent selections, and the award stage makes it final (LS-TOP-TEN)', async () => {
    const c = await seedCycle(16);
    const masters = await Promise.all(c.nominationIds.map((n) => masterAtSchool(c.cycleId, n)));
    const select = (subjectId: string, rank: number) =>
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/honours/top-selections',
        pathParameters: { cycleId: c.cycleId },
        body: { award: 'top-ten-masters', subjectId, rank, evidence: `带徒成效排名第${rank}` },
        caller: admin,
      });
    // Ranks are 1–10 (five asked twice): the counter and the unique ranks hold under concurrency.
    const results = await Promise.all(masters.slice(0, 15).map((m, i) => select(m.masterId, (i % 10) + 1)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(5);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(['LS-TOP-TEN', 'P-RANK-TAKEN']).toContain(r.body.ruleId);
    }
    const ranks = results.filter((r) => r.status === 201).map((r) => r.body.rank as number);
    expect(ranks.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // An 11th selection is refused by the count, whatever rank it asks.
    const eleventh = await select((masters[15] as { masterId: string }).masterId, 5);
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.ruleId).toBe('LS-TOP-TEN');
    const listed = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/honours',
      pathParameters: { cycleId: c.cycleId },
      query: { award: 'top-ten-masters', limit: '100' },
      caller: reviewer,
    });
    expect(listed.body.items).toHaveLength(10);
    // 百佳高徒 counts separately, ranks are unique per award, and the award stage closes it.
    const last = masters[15] as { schoolId: string; masterId: string };
    const pairings = await activePairings(c.cycleId, last.schoolId, last.masterId, 2);
    const best = (subjectId: string, rank: number) =>
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/honours/top-selections',
        pathParameters: { cycleId: c.cycleId },
        body: { award: 'top-hundred-apprentices', subjectId, rank, evidence: '技能竞赛成绩' },
        caller: admin,
      });
    expect((await best(pairings[0]?.apprenticeId as string, 1)).status).toBe(201);
    const sameRank = await best(pairings[1]?.apprenticeId as string, 1);
    expect(sameRank.status).toBe(409);
    expect(sameRank.body.ruleId).toBe('P-RANK-TAKEN');
    const ctx = await hookContext(c.cycleId, 'award');
    await pairingStageHooks['lishui-masters']?.award?.closed?.(ctx);
    await pairingStageHooks['lishui-masters']?.award?.closed?.(ctx);
    const afterFinal = await best(pairings[1]?.apprenticeId as string, 2);
    expect(afterFinal.status).toBe(409);
    expect(afterFinal.body.ruleId).toBe('LS-TOP-TEN');
  }, 30_000);
});

describe('honour ranks', () => {
  it('ranks a 十佳大师 1–10 and a 百佳高徒 1–100, refusing rank 11 / 101 (LS-TOP-TEN)', async () => {
    const c = await seedCycle(2);
    const [m1, m2] = await Promise.all(c.nominationIds.map((n) => masterAtSchool(c.cycleId, n)));
    const pairings = await activePairings(c.cycleId, m1?.schoolId as string, m1?.masterId as string, 2);
    const select = (award: string, subjectId: string, rank: number) =>
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/honours/top-selections',
        pathParameters: { cycleId: c.cycleId },
        body: { award, subjectId, rank, evidence: `排名第${rank}` },
        caller: admin,
      });
    const rank11 = await select('top-ten-masters', m1?.masterId as string, 11);
    expect(rank11.status).toBe(422);
    expect(rank11.body.errors).toEqual([
      expect.objectContaining({ ruleId: 'LS-TOP-TEN', field: 'body.rank' }),
    ]);
    expect((await select('top-ten-masters', m1?.masterId as string, 10)).status).toBe(201);
    expect((await select('top-ten-masters', m2?.masterId as string, 1)).status).toBe(201);
    const apprentice = (i: number) => pairings[i]?.apprenticeId as string;
    const rank101 = await select('top-hundred-apprentices', apprentice(0), 101);
    expect(rank101.status).toBe(422);
    expect(JSON.stringify(rank101.body)).toContain('body.rank');
    expect((await select('top-hundred-apprentices', apprentice(0), 100)).status).toBe(201);
    expect((await select('top-hundred-apprentices', apprentice(1), 11)).status).toBe(201);
    const listed = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/honours',
      pathParameters: { cycleId: c.cycleId },
      query: { limit: '10' },
      caller: reviewer,
    });
    expect(
      listed.body.items.map((h: { rank: number }) => h.rank).sort((x: number, y: number) => x - y),
    ).toEqual([1, 10, 11, 100]);
  });
});

describe('pairing after the list', () => {
  it('a ready pairing of another school does not count against this school (LS-TEACHER-SHARE)', async () => {
    const c = await seedCycle(2);
    const a = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const b = await masterAtSchool(c.cycleId, c.nominationIds[1] as string);
    await activePairings(c.cycleId, a.schoolId, a.masterId, 9);
    const t = await readyPairing(c.cycleId, b.schoolId, b.masterId, { kind: 'teacher' });
    const r = await call({
      method: 'POST',
      route: '/pairings/{pairingId}/activate',
      pathParameters: { pairingId: t.pairingId },
      caller: unit(b.schoolId),
    });
    // 1 teacher of 1 pairing at school b: 100% > 10%
    expect(r.status).toBe(409);
    expect(r.body.ruleId).toBe('LS-TEACHER-SHARE');
  });
});
