import { describe, expect, it } from 'vitest';
import { beijingStageHooks } from '../src/beijing/stage-hooks';
import {
  admin,
  annual,
  approvePlan,
  at,
  auditor,
  call,
  getProject,
  hookContext,
  intruder,
  openProjects,
  recordCheck,
  reviewer,
  seedBeijing,
  setStage,
  teamOf,
  unit,
} from './beijing-support';

const hooks = (kind: string) => {
  const h = beijingStageHooks[kind];
  if (!h) throw new Error(`no hooks for ${kind}`);
  return h;
};

const certificate = (projectId: string, caller = admin) =>
  call({ method: 'GET', route: '/projects/{projectId}/certificate', pathParameters: { projectId }, caller });

const checksOf = async (projectId: string) =>
  (
    await call({
      method: 'GET',
      route: '/projects/{projectId}/checks',
      pathParameters: { projectId },
      caller: auditor,
    })
  ).body.items as { checkKey: string; finalAt?: string }[];

describe('Beijing stage hooks', () => {
  it('opens the projects when the planning stage opens, idempotently, and blocks its close until every plan is approved (BJ-PLAN)', async () => {
    const s = await seedBeijing({
      persons: [{ category: 'master-teacher', unitId: 's1' }],
      teams: [{ unitId: 's2', name: '新能源匠师团队', members: teamOf(6) }],
    });
    const before = await hooks('planning').blockers?.(await hookContext(s.cycleId, 'planning'));
    expect(before?.map((v) => v.ruleId)).toEqual(['BJ-PLAN', 'BJ-PLAN']);
    expect(before?.[0]?.path).toMatch(/^nominations\./);
    const ctx = await hookContext(s.cycleId, 'planning');
    await hooks('planning').opened?.(ctx);
    await hooks('planning').opened?.(ctx);
    const team = (await getProject(s.teamIds[0] as string)).body;
    expect(team).toMatchObject({ status: 'planning', memberCount: 6 });
    const blockers = await hooks('planning').blockers?.(ctx);
    expect(blockers).toHaveLength(2);
    expect(blockers?.every((v) => v.ruleId === 'BJ-PLAN' && v.path.endsWith('.plan'))).toBe(true);
    await approvePlan(s.personIds[0] as string, 's1');
    expect(await hooks('planning').blockers?.(ctx)).toHaveLength(1);
    await approvePlan(s.teamIds[0] as string, 's2');
    expect(await hooks('planning').blockers?.(ctx)).toEqual([]);
  });

  it('opens each project once when the hook and the route run at the same time (BJ-PLAN)', async () => {
    const s = await seedBeijing({
      persons: [
        { category: 'backbone', unitId: 's1' },
        { category: 'leader', unitId: 's2' },
      ],
    });
    const ctx = await hookContext(s.cycleId, 'planning');
    const [, route] = await Promise.all([
      hooks('planning').opened?.(ctx),
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/projects',
        pathParameters: { cycleId: s.cycleId },
        caller: admin,
      }),
    ]);
    expect(route.status).toBe(200);
    const list = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/projects',
      pathParameters: { cycleId: s.cycleId },
      caller: admin,
    });
    expect(list.body.items).toHaveLength(2);
    const audit = await call({
      method: 'GET',
      route: '/projects/{projectId}/audit',
      pathParameters: { projectId: s.personIds[0] as string },
      caller: auditor,
    });
    expect(
      audit.body.items.filter((a: { action: string }) => a.action === 'beijing.project.opened'),
    ).toHaveLength(1);
  });

  it('blocks the annual-check stage until every active project has the results of each year but the last (BJ-CHECKS)', async () => {
    const s = await seedBeijing({
      persons: [
        { category: 'backbone', unitId: 's1' },
        { category: 'leader', unitId: 's1' },
        { category: 'leader', unitId: 's1' },
      ],
    });
    const [two, three, gone] = s.personIds as [string, string, string];
    await hooks('planning').opened?.(await hookContext(s.cycleId, 'planning'));
    await approvePlan(two, 's1', 2);
    await approvePlan(three, 's1', 3);
    await approvePlan(gone, 's1', 2);
    await setStage(s.cycleId, 'annual-check', 'open');
    const ctx = await hookContext(s.cycleId, 'annual-check');
    const first = (await hooks('annual-check').blockers?.(ctx)) ?? [];
    expect(first.map((v) => v.path).sort()).toEqual(
      [
        `projects.${two}.checks.annual-1`,
        `projects.${three}.checks.annual-1`,
        `projects.${three}.checks.annual-2`,
        `projects.${gone}.checks.annual-1`,
      ].sort(),
    );
    expect(first.every((v) => v.ruleId === 'BJ-CHECKS')).toBe(true);
    await recordCheck(two, annual(1, { y1a: true, y1b: true }));
    await recordCheck(three, annual(1, { y1a: true, y1b: true }));
    await recordCheck(gone, annual(1, { y1a: false, y1b: true })); // eliminated: needs nothing more
    const left = (await hooks('annual-check').blockers?.(ctx)) ?? [];
    expect(left.map((v) => v.path)).toEqual([`projects.${three}.checks.annual-2`]);
    await recordCheck(three, annual(2, { y2a: true }));
    expect(await hooks('annual-check').blockers?.(ctx)).toEqual([]);
    // Closing: results final (stamped once, audited), and no result is recorded after.
    await setStage(s.cycleId, 'annual-check', 'closed');
    const closedCtx = await hookContext(s.cycleId, 'annual-check');
    await hooks('annual-check').closed?.(closedCtx);
    const stamped = await checksOf(two);
    expect(stamped[0]?.finalAt).toEqual(expect.any(String));
    at('2027-09-02T02:00:00Z');
    await hooks('annual-check').closed?.(await hookContext(s.cycleId, 'annual-check'));
    expect((await checksOf(two))[0]?.finalAt).toBe(stamped[0]?.finalAt);
    const audit = await call({
      method: 'GET',
      route: '/projects/{projectId}/audit',
      pathParameters: { projectId: two },
      caller: auditor,
    });
    expect(
      audit.body.items.filter((a: { action: string }) => a.action === 'beijing.check.annual-1.final'),
    ).toHaveLength(1);
    const late = await recordCheck(three, annual(3, { y3a: true }));
    expect(late.status).toBe(409);
    expect(late.body.ruleId).toBe('BJ-CHECKS');
  });

  it('blocks the mid-term and acceptance stages on projects without a result (BJ-CHECKS)', async () => {
    const s = await seedBeijing({ persons: [{ category: 'backbone', unitId: 's1' }] });
    const id = s.personIds[0] as string;
    await hooks('planning').opened?.(await hookContext(s.cycleId, 'planning'));
    await approvePlan(id, 's1');
    await setStage(s.cycleId, 'annual-check', 'open');
    await recordCheck(id, annual(1, { y1a: true, y1b: true }));
    await setStage(s.cycleId, 'mid-term', 'open');
    const mid = await hookContext(s.cycleId, 'mid-term');
    expect((await hooks('mid-term').blockers?.(mid))?.map((v) => v.ruleId)).toEqual(['BJ-CHECKS']);
    await recordCheck(id, { kind: 'mid-term', passed: true, comments: '良好' });
    expect(await hooks('mid-term').blockers?.(mid)).toEqual([]);
    await setStage(s.cycleId, 'acceptance', 'open');
    const acc = await hookContext(s.cycleId, 'acceptance');
    expect((await hooks('acceptance').blockers?.(acc))?.[0]?.path).toBe(`projects.${id}.checks.acceptance`);
  });

  it('issues a certificate per title on closing the acceptance, once, and none to ended projects (BJ-CERTIFICATES)', async () => {
    const s = await seedBeijing({
      persons: [
        { category: 'master-teacher', unitId: 's1' },
        { category: 'backbone', unitId: 's1' },
        { category: 'leader', unitId: 's1' },
        { category: 'leader', unitId: 's1' },
      ],
      teams: [{ unitId: 's2', name: '精密制造匠师团队', members: teamOf(5) }],
    });
    const [master, failing, disqualified, missedMid] = s.personIds as [string, string, string, string];
    const teamId = s.teamIds[0] as string;
    await hooks('planning').opened?.(await hookContext(s.cycleId, 'planning'));
    for (const id of [master, failing, disqualified, missedMid]) await approvePlan(id, 's1');
    await approvePlan(teamId, 's2');
    await setStage(s.cycleId, 'annual-check', 'open');
    for (const id of [master, failing, disqualified, missedMid, teamId])
      expect((await recordCheck(id, annual(1, { y1a: true, y1b: true }))).status).toBe(201);
    await setStage(s.cycleId, 'mid-term', 'open');
    for (const id of [master, failing, disqualified, teamId])
      await recordCheck(id, { kind: 'mid-term', passed: true, comments: '通过' });
    await recordCheck(missedMid, { kind: 'mid-term', passed: false, comments: '未通过' });
    await call({
      method: 'POST',
      route: '/projects/{projectId}/disqualification',
      pathParameters: { projectId: disqualified },
      body: { ground: 'harmful-public-conduct', details: '产生不良社会影响', decidedOn: '2028-05-01' },
      caller: admin,
    });
    await setStage(s.cycleId, 'acceptance', 'open');
    const pass = {
      kind: 'acceptance',
      passed: true,
      results: [{ targetId: 'o1', met: true }],
      comments: '通过验收',
    };
    expect((await recordCheck(master, pass)).status).toBe(201);
    expect((await recordCheck(teamId, pass)).status).toBe(201);
    expect((await recordCheck(failing, { ...pass, passed: false })).status).toBe(201);
    const acc = await hookContext(s.cycleId, 'acceptance');
    expect(await hooks('acceptance').blockers?.(acc)).toEqual([]);
    // No certificate before the stage closes.
    expect((await certificate(master)).status).toBe(404);
    at('2028-09-15T02:00:00Z');
    await setStage(s.cycleId, 'acceptance', 'closed');
    const closed = await hookContext(s.cycleId, 'acceptance');
    await hooks('acceptance').closed?.(closed);
    await hooks('acceptance').closed?.(closed);
    const c = await certificate(master, unit('s1'));
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({
      category: 'master-teacher',
      titleZh: '北京市技工院校工匠名师',
      issuedOn: '2028-09-15',
      countsForAwardsAndTitles: true,
      ruleId: 'BJ-CERTIFICATES',
    });
    expect(c.body.certificateNumber).toMatch(/^BJGJ-2026-\d{4}$/);
    const t = await certificate(teamId);
    expect(t.body).toMatchObject({
      category: 'team',
      titleZh: '北京市技工院校优秀匠师团队',
      name: '精密制造匠师团队',
    });
    expect(t.body.certificateNumber).not.toBe(c.body.certificateNumber);
    const p = (await getProject(master)).body;
    expect(p).toMatchObject({ status: 'certified', certificateNumber: c.body.certificateNumber });
    for (const id of [failing, disqualified, missedMid]) expect((await certificate(id)).status).toBe(404);
    const audit = await call({
      method: 'GET',
      route: '/projects/{projectId}/audit',
      pathParameters: { projectId: master },
      caller: auditor,
    });
    const issued = audit.body.items.filter(
      (a: { action: string }) => a.action === 'beijing.certificate.issued',
    );
    expect(issued).toHaveLength(1);
    expect((await checksOf(master)).find((k) => k.checkKey === 'acceptance')?.finalAt).toEqual(
      expect.any(String),
    );
    // The certificate route: every reader of the agency, a unit its own; others 403 / 404.
    expect((await certificate(master, reviewer)).status).toBe(200);
    expect((await certificate(master, unit('s2'))).status).toBe(403);
    expect((await certificate(master, { agency: 'beijing', roles: ['finance'] })).status).toBe(403);
    expect((await certificate(master, intruder)).status).toBe(404);
  });

  it('ignores cycles of other programmes', async () => {
    const ctx = await hookContext((await seedBeijing({ persons: [] })).cycleId, 'planning');
    const other = { ...ctx, cycle: { ...ctx.cycle, programmeId: 'jiangsu-excellent-technicians' } };
    expect(await hooks('planning').blockers?.(other)).toEqual([]);
    expect(await hooks('acceptance').blockers?.(other)).toEqual([]);
  });
});

describe('Beijing checks once their stage is closed (docs/lifecycle.md: closed runs after the stage is recorded closed)', () => {
  const running = async (n: number) => {
    const s = await seedBeijing({
      persons: Array.from({ length: n }, () => ({ category: 'backbone', unitId: 's1' })),
    });
    await openProjects(s.cycleId);
    for (const id of s.personIds) await approvePlan(id, 's1');
    return { cycleId: s.cycleId, ids: s.personIds as string[] };
  };
  const pass = {
    kind: 'acceptance',
    passed: true,
    results: [{ targetId: 'o1', met: true }],
    comments: '通过验收',
  };

  it('refuses a check that arrives after its stage closed hook ran, even from a request that read the stage open (BJ-CHECKS)', async () => {
    const { cycleId, ids } = await running(2);
    const [first, late] = ids as [string, string];
    await setStage(cycleId, 'annual-check', 'open');
    expect((await recordCheck(first, annual(1, { y1a: true, y1b: true }))).status).toBe(201);
    // The close task recorded the stage closed and ran the hook; this request read the cycle
    // before that (the stored cycle still says open here), so only the write can refuse it.
    const ctx = await hookContext(cycleId, 'annual-check');
    await hooks('annual-check').closed?.(ctx);
    const refused = await recordCheck(late, annual(1, { y1a: true, y1b: true }));
    expect(refused.status).toBe(409);
    expect(refused.body.ruleId).toBe('BJ-CHECKS');
    expect((await getProject(late)).body.checks).toEqual([]);
    expect(await checksOf(late)).toEqual([]);
    expect((await checksOf(first))[0]?.finalAt).toEqual(expect.any(String));
    // Once the stage is recorded closed the cycle refuses it first; the hook stays idempotent.
    await setStage(cycleId, 'annual-check', 'closed');
    await hooks('annual-check').closed?.(await hookContext(cycleId, 'annual-check'));
    const closed = await recordCheck(late, annual(1, { y1a: true, y1b: true }));
    expect(closed.status).toBe(409);
    expect(closed.body.ruleId).toBe('BJ-CHECKS');
    // Another stage is not affected.
    await setStage(cycleId, 'mid-term', 'open');
    expect((await recordCheck(first, { kind: 'mid-term', passed: true, comments: '通过' })).status).toBe(201);
  });

  it('refuses a self-report once its check stage has closed, also from a request that read the stage open; other stages still take theirs (BJ-CHECKS)', async () => {
    const { cycleId, ids } = await running(3);
    const [early, afterHook, afterClose] = ids as [string, string, string];
    const report = (projectId: string, checkKey: string) =>
      call({
        method: 'POST',
        route: '/projects/{projectId}/reports',
        pathParameters: { projectId },
        body: { checkKey, summary: '本年度自评' },
        caller: unit('s1'),
      });
    const reportsOf = async (projectId: string) =>
      (
        await call({
          method: 'GET',
          route: '/projects/{projectId}/reports',
          pathParameters: { projectId },
          caller: auditor,
        })
      ).body.items as { checkKey: string }[];
    await setStage(cycleId, 'annual-check', 'open');
    expect((await report(early, 'annual-1')).status).toBe(201);
    // The close task has run the closed hook; the stored cycle still says open: the write refuses.
    await hooks('annual-check').closed?.(await hookContext(cycleId, 'annual-check'));
    const refused = await report(afterHook, 'annual-1');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      ruleId: 'BJ-CHECKS',
      detail: expect.stringContaining('annual-check'),
    });
    expect(await reportsOf(afterHook)).toEqual([]);
    // Recorded closed: the cycle refuses it first, for every year's annual report.
    await setStage(cycleId, 'annual-check', 'closed');
    for (const checkKey of ['annual-1', 'annual-2']) {
      const closed = await report(afterClose, checkKey);
      expect(closed.status).toBe(409);
      expect(closed.body.ruleId).toBe('BJ-CHECKS');
    }
    expect(await reportsOf(afterClose)).toEqual([]);
    expect((await reportsOf(early)).map((r) => r.checkKey)).toEqual(['annual-1']);
    // The mid-term stage, still pending, takes its report.
    expect((await report(afterClose, 'mid-term')).status).toBe(201);
  });

  it('certifies every acceptance recorded while the acceptance stage closes in parallel, and takes none after (BJ-CHECKS, BJ-CERTIFICATES)', async () => {
    const { cycleId, ids } = await running(6);
    await setStage(cycleId, 'annual-check', 'open');
    for (const id of ids)
      expect((await recordCheck(id, annual(1, { y1a: true, y1b: true }))).status).toBe(201);
    await setStage(cycleId, 'mid-term', 'open');
    for (const id of ids)
      expect((await recordCheck(id, { kind: 'mid-term', passed: true, comments: '通过' })).status).toBe(201);
    await setStage(cycleId, 'acceptance', 'open');
    const ctx = await hookContext(cycleId, 'acceptance');
    const [, ...results] = await Promise.all([
      hooks('acceptance').closed?.(ctx),
      ...ids.map((id) => recordCheck(id, pass)),
    ]);
    for (const [i, id] of ids.entries()) {
      const status = results[i]?.status;
      expect([201, 409]).toContain(status);
      const project = (await getProject(id)).body;
      const acceptance = (await checksOf(id)).find((c) => c.checkKey === 'acceptance');
      if (status === 201) {
        // Landed before the hook's marker: the hook saw it, made it final and certified it.
        expect(acceptance?.finalAt).toEqual(expect.any(String));
        expect(project.status).toBe('certified');
        expect((await certificate(id)).status).toBe(200);
      } else {
        expect(results[i]?.body.ruleId).toBe('BJ-CHECKS');
        expect(acceptance).toBeUndefined();
        expect(project.status).toBe('active');
      }
    }
    // After the hook, none is taken.
    const pending = ids.filter((_, i) => results[i]?.status === 409);
    for (const id of pending) expect((await recordCheck(id, pass)).status).toBe(409);
  });
});
