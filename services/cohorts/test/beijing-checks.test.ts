import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  admin,
  annual,
  approvePlan,
  auditor,
  call,
  getProject,
  intruder,
  openProjects,
  planBody,
  recordCheck,
  registerReviewer,
  reviewer,
  seedBeijing,
  setStage,
  unit,
} from './beijing-support';

/** A cycle with `n` backbone selectees of unit s1, plans approved (2 years unless `years`). */
const running = async (n = 1, years: 2 | 3 = 2) => {
  const s = await seedBeijing({
    persons: Array.from({ length: n }, () => ({ category: 'backbone', unitId: 's1' })),
  });
  await openProjects(s.cycleId);
  for (const id of s.personIds) await approvePlan(id, 's1', years);
  return { cycleId: s.cycleId, ids: s.personIds as string[] };
};

const midTerm = (passed: boolean) => ({
  kind: 'mid-term',
  passed,
  score: passed ? 85 : 40,
  comments: '中期评估',
});
const acceptance = (passed: boolean) => ({
  kind: 'acceptance',
  passed,
  results: [{ targetId: 'o1', met: passed }],
  comments: '结项验收',
});

const disqualify = (projectId: string, ground: string, caller = admin) =>
  call({
    method: 'POST',
    route: '/projects/{projectId}/disqualification',
    pathParameters: { projectId },
    body: { ground, details: '经查实', decidedOn: '2027-03-01' },
    caller,
  });

describe('Beijing checks (BJ-CHECKS)', () => {
  it('records an annual check only while the annual-check stage is open, once (BJ-CHECKS)', async () => {
    const { cycleId, ids } = await running();
    const id = ids[0] as string;
    const early = await recordCheck(id, annual(1, { y1a: true, y1b: true }));
    expect(early.status).toBe(409);
    expect(early.body.ruleId).toBe('BJ-CHECKS');
    await setStage(cycleId, 'annual-check', 'open');
    const ok = await recordCheck(id, annual(1, { y1a: true, y1b: true }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ checkKey: 'annual-1', passed: true, planRevision: 1 });
    expect(ok.body.results.map((r: { met: boolean }) => r.met)).toEqual([true, true]);
    const again = await recordCheck(id, annual(1, { y1a: true, y1b: true }));
    expect(again.status).toBe(409);
    expect(again.body.ruleId).toBe('BJ-CHECKS');
    expect((await getProject(id)).body).toMatchObject({ status: 'active', checks: ['annual-1'] });
  });

  it('records one of two concurrent results of the same check; the other gets 409 (BJ-CHECKS)', async () => {
    const { cycleId, ids } = await running();
    const id = ids[0] as string;
    await setStage(cycleId, 'annual-check', 'open');
    const [a, b] = await Promise.all([
      recordCheck(id, annual(1, { y1a: true, y1b: true })),
      recordCheck(id, annual(1, { y1a: false, y1b: true }), { ...reviewer, user: 'bj-expert-2' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const winner = a.status === 201 ? a : b;
    const p = (await getProject(id)).body;
    expect(p.checks).toEqual(['annual-1']);
    expect(p.status).toBe(winner.body.passed ? 'active' : 'eliminated');
  });

  it('needs the result of every yearly target of that year, and no other (BJ-CHECKS)', async () => {
    const { cycleId, ids } = await running();
    const id = ids[0] as string;
    await setStage(cycleId, 'annual-check', 'open');
    const missing = await recordCheck(id, annual(1, { y1a: true }));
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0]).toMatchObject({ ruleId: 'BJ-CHECKS', field: 'body.results' });
    const unknown = await recordCheck(id, annual(1, { y1a: true, y1b: true, y2a: true }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0]).toMatchObject({ ruleId: 'BJ-CHECKS', field: 'body.results[2].targetId' });
    const noYear = await recordCheck(id, annual(3, { y1a: true }));
    expect(noYear.status).toBe(422);
    const failedThoughMet = await recordCheck(id, { ...annual(1, { y1a: true, y1b: true }), passed: false });
    expect(failedThoughMet.status).toBe(422);
    expect(failedThoughMet.body.errors[0]).toMatchObject({ ruleId: 'BJ-CHECKS', field: 'body.passed' });
    expect((await getProject(id)).body).toMatchObject({ status: 'active', checks: [] });
  });

  it('lets the experts pass a year with a missed target by their verdict, recorded as such; their failing verdict eliminates (BJ-CHECKS 根据年度绩效目标完成情况)', async () => {
    const { cycleId, ids } = await running(2);
    const [kept, failed] = ids as [string, string];
    await setStage(cycleId, 'annual-check', 'open');
    const pass = await recordCheck(kept, { ...annual(1, { y1a: true, y1b: false }), passed: true });
    expect(pass.status, JSON.stringify(pass.body)).toBe(201);
    expect(pass.body).toMatchObject({ checkKey: 'annual-1', passed: true, passedWithMissedTargets: ['y1b'] });
    expect((await getProject(kept)).body).toMatchObject({ status: 'active', checks: ['annual-1'] });
    const fail = await recordCheck(failed, { ...annual(1, { y1a: true, y1b: false }), passed: false });
    expect(fail.status).toBe(201);
    expect((await getProject(failed)).body).toMatchObject({
      status: 'eliminated',
      ending: { kind: 'eliminated', ruleId: 'BJ-CHECKS' },
    });
  });

  it('eliminates a project that missed a yearly target; it gets no further checks (BJ-CHECKS 淘汰)', async () => {
    const { cycleId, ids } = await running();
    const id = ids[0] as string;
    await setStage(cycleId, 'annual-check', 'open');
    const missed = await recordCheck(id, annual(1, { y1a: true, y1b: false }));
    expect(missed.status).toBe(201);
    expect(missed.body.passed).toBe(false);
    const p = (await getProject(id)).body;
    expect(p.status).toBe('eliminated');
    expect(p.ending).toMatchObject({ kind: 'eliminated', ruleId: 'BJ-CHECKS' });
    expect(p.ending.reason).toContain('y1b');
    await setStage(cycleId, 'mid-term', 'open');
    const later = await recordCheck(id, midTerm(true));
    expect(later.status).toBe(409);
    expect(later.body.ruleId).toBe('BJ-CHECKS');
    expect((await disqualify(id, 'academic-misconduct')).status).toBe(409);
  });

  it('orders the checks: mid-term after annual-1, acceptance after the mid-term and every annual but the last (BJ-CHECKS)', async () => {
    const { cycleId, ids } = await running(1, 3);
    const id = ids[0] as string;
    await setStage(cycleId, 'mid-term', 'open');
    expect((await recordCheck(id, midTerm(true))).status).toBe(409);
    await setStage(cycleId, 'annual-check', 'open');
    expect((await recordCheck(id, annual(1, { y1a: true, y1b: true }))).status).toBe(201);
    expect((await recordCheck(id, midTerm(true))).status).toBe(201);
    await setStage(cycleId, 'acceptance', 'open');
    const tooEarly = await recordCheck(id, acceptance(true));
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.detail).toContain('annual-2');
    expect((await recordCheck(id, annual(2, { y2a: true }))).status).toBe(201);
    const noVerdict = await recordCheck(id, {
      kind: 'acceptance',
      results: [{ targetId: 'o1', met: true }],
      comments: '验收',
    });
    expect(noVerdict.status).toBe(422);
    const accepted = await recordCheck(id, acceptance(true));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect((await getProject(id)).body.status).toBe('accepted');
  });

  it('eliminates a project that failed the mid-term evaluation (BJ-CHECKS 淘汰)', async () => {
    const { cycleId, ids } = await running();
    const id = ids[0] as string;
    await setStage(cycleId, 'annual-check', 'open');
    await recordCheck(id, annual(1, { y1a: true, y1b: true }));
    await setStage(cycleId, 'mid-term', 'open');
    const failed = await recordCheck(id, midTerm(false));
    expect(failed.status).toBe(201);
    const p = (await getProject(id)).body;
    expect(p.status).toBe('eliminated');
    expect(p.ending.reason).toContain('mid-term');
  });

  it('ends a project that did not pass the acceptance without a certificate (BJ-CHECKS)', async () => {
    const { cycleId, ids } = await running();
    const id = ids[0] as string;
    await setStage(cycleId, 'annual-check', 'open');
    await recordCheck(id, annual(1, { y1a: true, y1b: true }));
    await setStage(cycleId, 'mid-term', 'open');
    await recordCheck(id, midTerm(true));
    await setStage(cycleId, 'acceptance', 'open');
    const missingTarget = await recordCheck(id, { kind: 'acceptance', passed: true, comments: '验收' });
    expect(missingTarget.status).toBe(422);
    expect((await recordCheck(id, acceptance(false))).status).toBe(201);
    expect((await getProject(id)).body).toMatchObject({
      status: 'not-accepted',
      ending: { kind: 'not-accepted' },
    });
  });

  it('refuses checks of a project without an approved plan (BJ-CHECKS)', async () => {
    const s = await seedBeijing({ persons: [{ category: 'leader', unitId: 's1' }] });
    await openProjects(s.cycleId);
    await setStage(s.cycleId, 'annual-check', 'open');
    const r = await recordCheck(s.personIds[0] as string, annual(1, { y1a: true, y1b: true }));
    expect(r.status).toBe(409);
    expect(r.body.ruleId).toBe('BJ-CHECKS');
  });

  it('guards the check routes: roles (403), recusal, other agencies (404), pages the list', async () => {
    const { cycleId, ids } = await running();
    const id = ids[0] as string;
    await setStage(cycleId, 'annual-check', 'open');
    for (const caller of [unit('s1'), auditor, { agency: 'beijing', roles: ['finance'] }]) {
      expect((await recordCheck(id, annual(1, { y1a: true, y1b: true }), caller)).status).toBe(403);
    }
    expect((await recordCheck(id, annual(1, { y1a: true, y1b: true }), intruder)).status).toBe(404);
    const own = await recordCheck(id, annual(1, { y1a: true, y1b: true }), { ...reviewer, unit: 's1' });
    expect(own.status).toBe(403);
    expect(own.body.ruleId).toBe('X-RECUSAL');
    expect((await recordCheck(id, annual(1, { y1a: true, y1b: true }), admin)).status).toBe(201);
    const list = (caller: Parameters<typeof call>[0]['caller']) =>
      call({
        method: 'GET',
        route: '/projects/{projectId}/checks',
        pathParameters: { projectId: id },
        query: { limit: '5' },
        caller,
      });
    const page = await list(unit('s1'));
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect((await list(unit('s2'))).status).toBe(403);
    expect((await list({ agency: 'beijing', roles: ['finance'] })).status).toBe(403);
    expect((await list(intruder)).status).toBe(404);
  });
});

describe('Beijing self-reports (BJ-CHECKS)', () => {
  const report = (projectId: string, body: Record<string, unknown>, caller = unit('s1')) =>
    call({
      method: 'POST',
      route: '/projects/{projectId}/reports',
      pathParameters: { projectId },
      body: { checkKey: 'annual-1', summary: '本年度完成课程标准', ...body },
      caller,
    });

  it('takes one self-report per check from the own unit, before the result, against the plan targets (BJ-CHECKS)', async () => {
    const { cycleId, ids } = await running();
    const id = ids[0] as string;
    const unknown = await report(id, { targets: [{ targetId: 'zz', met: true }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0]).toMatchObject({ ruleId: 'BJ-CHECKS', field: 'body.targets[0].targetId' });
    expect((await report(id, { checkKey: 'annual-3' })).status).toBe(422);
    const ok = await report(id, { targets: [{ targetId: 'y1a', met: true, evidence: '课程标准文本' }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await report(id, {})).status).toBe(409);
    for (const caller of [unit('s2'), reviewer, auditor])
      expect((await report(id, { checkKey: 'mid-term' }, caller)).status).toBe(403);
    expect((await report(id, { checkKey: 'mid-term' }, intruder)).status).toBe(404);
    await setStage(cycleId, 'annual-check', 'open');
    await recordCheck(id, annual(1, { y1a: true, y1b: true }));
    // A report after the result is too late.
    const late = await call({
      method: 'POST',
      route: '/projects/{projectId}/reports',
      pathParameters: { projectId: id },
      body: { checkKey: 'annual-1', summary: '补交' },
      caller: admin,
    });
    expect(late.status).toBe(409);
    const list = (caller: Parameters<typeof call>[0]['caller']) =>
      call({
        method: 'GET',
        route: '/projects/{projectId}/reports',
        pathParameters: { projectId: id },
        caller,
      });
    const page = await list(reviewer);
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({ checkKey: 'annual-1', submittedBy: 'bj-s1' }),
    ]);
    expect((await list(unit('s2'))).status).toBe(403);
    expect((await list({ agency: 'beijing', roles: ['finance'] })).status).toBe(403);
    expect((await list(intruder)).status).toBe(404);
  });
});

describe('Beijing disqualification (BJ-CHECKS 取消培养资格)', () => {
  it('ends the project at once on each ground, keeps its history and audits it (BJ-CHECKS)', async () => {
    const { cycleId, ids } = await running(3);
    const grounds = ['academic-misconduct', 'harmful-public-conduct', 'criminal-liability'];
    for (const [i, ground] of grounds.entries()) {
      const r = await disqualify(ids[i] as string, ground);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({
        status: 'disqualified',
        ending: { kind: 'disqualified', ground, ruleId: 'BJ-CHECKS' },
      });
      expect(r.body.plan.status).toBe('approved'); // history kept
    }
    const change = await call({
      method: 'POST',
      route: '/projects/{projectId}/change-requests',
      pathParameters: { projectId: ids[0] as string },
      body: { reason: '调整', plan: planBody(3) },
      caller: unit('s1'),
    });
    expect(change.status).toBe(409);
    const lateReport = await call({
      method: 'POST',
      route: '/projects/{projectId}/reports',
      pathParameters: { projectId: ids[0] as string },
      body: { checkKey: 'annual-1', summary: '自评' },
      caller: unit('s1'),
    });
    expect(lateReport.status).toBe(409);
    const invalidGround = await disqualify(ids[0] as string, 'late-report');
    expect(invalidGround.status).toBe(422);
    expect((await disqualify(ids[0] as string, 'academic-misconduct')).status).toBe(409);
    await setStage(cycleId, 'annual-check', 'open');
    const check = await recordCheck(ids[0] as string, annual(1, { y1a: true, y1b: true }));
    expect(check.status).toBe(409);
    const audit = await call({
      method: 'GET',
      route: '/projects/{projectId}/audit',
      pathParameters: { projectId: ids[1] as string },
      caller: auditor,
    });
    const last = audit.body.items.at(-1);
    expect(last).toMatchObject({
      action: 'beijing.project.disqualified',
      actorId: 'bj-admin',
      reason: '经查实',
    });
    expect(last.before.status).toBe('active');
    expect(last.after.status).toBe('disqualified');
  });

  it('lets only the city disqualify (403), never another agency (404)', async () => {
    const { ids } = await running();
    const id = ids[0] as string;
    for (const caller of [unit('s1'), reviewer, auditor]) {
      expect((await disqualify(id, 'criminal-liability', caller)).status).toBe(403);
    }
    expect((await disqualify(id, 'criminal-liability', intruder)).status).toBe(404);
    expect((await getProject(id)).body.status).toBe('active');
  });
});

describe('Recusal through the reviewer registry (X-RECUSAL)', () => {
  it('recuses an expert registered with the project unit, also with a token naming no unit, from plan review and checks (X-RECUSAL)', async () => {
    const s = await seedBeijing({ persons: [{ category: 'backbone', unitId: 's1' }] });
    await openProjects(s.cycleId);
    const id = s.personIds[0] as string;
    const ownId = `bj-reg-${randomUUID().slice(0, 8)}`;
    const otherId = `bj-reg-${randomUUID().slice(0, 8)}`;
    await registerReviewer(ownId, 's1');
    await registerReviewer(otherId, 's2');
    const own = { agency: 'beijing', roles: ['reviewer'], user: ownId };
    const other = { agency: 'beijing', roles: ['reviewer'], user: otherId };
    const p = await getProject(id);
    expect(
      (
        await call({
          method: 'PUT',
          route: '/projects/{projectId}/plan',
          pathParameters: { projectId: id },
          headers: { 'if-match': p.headers.etag ?? '*' },
          body: planBody(),
          caller: unit('s1'),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call({
          method: 'POST',
          route: '/projects/{projectId}/plan/submit',
          pathParameters: { projectId: id },
          body: {},
          caller: unit('s1'),
        })
      ).status,
    ).toBe(200);
    const review = (caller: typeof own) =>
      call({
        method: 'POST',
        route: '/projects/{projectId}/plan/review',
        pathParameters: { projectId: id },
        body: { decision: 'approve', comments: '方案可行' },
        caller,
      });
    const refused = await review(own);
    expect(refused.status).toBe(403);
    expect(refused.body.ruleId).toBe('X-RECUSAL');
    // The token's unit does not hide the registered one.
    expect((await review({ ...own, unit: 'expert-pool' } as typeof own)).status).toBe(403);
    expect((await review(other)).status).toBe(200);
    await setStage(s.cycleId, 'annual-check', 'open');
    const check = annual(1, { y1a: true, y1b: true });
    const recused = await recordCheck(id, check, own);
    expect(recused.status).toBe(403);
    expect(recused.body.ruleId).toBe('X-RECUSAL');
    expect((await getProject(id)).body.checks).toEqual([]);
    // Admin is never recused, whatever the registry says of the same user id.
    expect((await recordCheck(id, check, { agency: 'beijing', roles: ['admin'], user: ownId })).status).toBe(
      201,
    );
    await setStage(s.cycleId, 'mid-term', 'open');
    expect((await recordCheck(id, midTerm(true), own)).status).toBe(403);
    expect((await recordCheck(id, midTerm(true), other)).status).toBe(201);
  });
});
