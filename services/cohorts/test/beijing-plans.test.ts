import { describe, expect, it } from 'vitest';
import {
  admin,
  approvePlan,
  auditor,
  call,
  getProject,
  intruder,
  openProjects,
  planBody,
  reviewer,
  seedBeijing,
  teamOf,
  unfreeze,
  unit,
} from './beijing-support';

const putPlan = async (projectId: string, body: unknown, caller = unit('s1'), etag?: string) =>
  call({
    method: 'PUT',
    route: '/projects/{projectId}/plan',
    pathParameters: { projectId },
    headers: { 'if-match': etag ?? (await getProject(projectId)).headers.etag ?? '*' },
    body,
    caller,
  });

const submit = (projectId: string, caller = unit('s1')) =>
  call({
    method: 'POST',
    route: '/projects/{projectId}/plan/submit',
    pathParameters: { projectId },
    body: {},
    caller,
  });

const review = (projectId: string, decision: 'approve' | 'return', caller = reviewer) =>
  call({
    method: 'POST',
    route: '/projects/{projectId}/plan/review',
    pathParameters: { projectId },
    body: { decision, comments: '专家意见' },
    caller,
  });

describe('Beijing projects and plans', () => {
  it('opens one project per selectee and team of the official list, idempotently', async () => {
    const s = await seedBeijing({
      persons: [
        { category: 'master-teacher', unitId: 's1' },
        { category: 'backbone', unitId: 's2' },
      ],
      teams: [{ unitId: 's1', name: '智能制造匠师团队', members: teamOf(5) }],
    });
    const first = await openProjects(s.cycleId);
    expect(first.created).toBe(3);
    const again = await openProjects(s.cycleId);
    expect(again).toMatchObject({ created: 0, existing: 3 });
    const list = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/projects',
      pathParameters: { cycleId: s.cycleId },
      query: { limit: '2' },
      caller: auditor,
    });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.nextCursor).toEqual(expect.any(String));
    const rest = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/projects',
      pathParameters: { cycleId: s.cycleId },
      query: { limit: '2', cursor: list.body.nextCursor },
      caller: auditor,
    });
    expect(rest.body.items).toHaveLength(1);
    const team = (await getProject(s.teamIds[0] as string)).body;
    expect(team).toMatchObject({
      nomineeKind: 'team',
      status: 'planning',
      memberCount: 5,
      name: '智能制造匠师团队',
    });
    // A unit sees only its own unit's projects (P-UNIT-SCOPE).
    const own = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/projects',
      pathParameters: { cycleId: s.cycleId },
      caller: unit('s2'),
    });
    expect(own.body.items.map((p: { unitId: string }) => p.unitId)).toEqual(['s2']);
    const other = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/projects',
      pathParameters: { cycleId: s.cycleId },
      query: { unitId: 's1' },
      caller: unit('s2'),
    });
    expect(other.status).toBe(403);
  });

  it('opens no project before the official list is final (P-OFFICIAL-LIST)', async () => {
    const s = await seedBeijing({ persons: [{ category: 'leader', unitId: 's1' }] });
    await unfreeze(s.cycleId);
    const r = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/projects',
      pathParameters: { cycleId: s.cycleId },
      caller: admin,
    });
    expect(r.status).toBe(409);
    expect(r.body.ruleId).toBe('P-OFFICIAL-LIST');
    expect((await getProject(s.personIds[0] as string)).status).toBe(404);
  });

  it('guards opening and listing projects: roles (403) and other agencies (404)', async () => {
    const s = await seedBeijing({ persons: [{ category: 'leader', unitId: 's1' }] });
    for (const caller of [unit('s1'), reviewer, auditor]) {
      const r = await call({
        method: 'POST',
        route: '/cycles/{cycleId}/projects',
        pathParameters: { cycleId: s.cycleId },
        body: {},
        caller,
      });
      expect(r.status).toBe(403);
    }
    const foreign = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/projects',
      pathParameters: { cycleId: s.cycleId },
      body: {},
      caller: intruder,
    });
    expect(foreign.status).toBe(404);
    const foreignList = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/projects',
      pathParameters: { cycleId: s.cycleId },
      caller: intruder,
    });
    expect(foreignList.status).toBe(404);
    const finance = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/projects',
      pathParameters: { cycleId: s.cycleId },
      caller: { agency: 'beijing', roles: ['finance'] },
    });
    expect(finance.status).toBe(403);
  });

  it('answers hostile paths and bodies with 4xx, never 5xx', async () => {
    expect((await getProject('a#b')).status).toBe(422);
    expect((await getProject('no-such-project')).status).toBe(404);
    const s = await seedBeijing({ persons: [{ category: 'backbone', unitId: 's1' }] });
    await openProjects(s.cycleId);
    const id = s.personIds[0] as string;
    const huge = await putPlan(id, { ...planBody(2), growthPlan: 'x'.repeat(20_001) });
    expect(huge.status).toBe(422);
    const badDate = await putPlan(id, { ...planBody(2), endsOn: '2028-02-30' });
    expect(badDate.status).toBe(422);
    expect(badDate.body.errors[0]).toMatchObject({ ruleId: 'P-DATE', field: 'body.endsOn' });
    const unknownCycle = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/projects',
      pathParameters: { cycleId: 'c-none' },
      caller: admin,
    });
    expect(unknownCycle.status).toBe(404);
  });

  it('accepts a plan of exactly 2 or 3 years and refuses 2 years less a day or 3 years and a day (BJ-PLAN)', async () => {
    const s = await seedBeijing({ persons: [{ category: 'backbone', unitId: 's1' }] });
    await openProjects(s.cycleId);
    const id = s.personIds[0] as string;
    const short = await putPlan(id, { ...planBody(2), endsOn: '2028-08-30' });
    expect(short.status).toBe(422);
    expect(short.body.errors[0]).toMatchObject({ ruleId: 'BJ-PLAN', field: 'body.endsOn' });
    const long = await putPlan(id, { ...planBody(3), endsOn: '2029-09-01' });
    expect(long.status).toBe(422);
    expect(long.body.errors[0]).toMatchObject({ ruleId: 'BJ-PLAN', field: 'body.endsOn' });
    const two = await putPlan(id, planBody(2));
    expect(two.status, JSON.stringify(two.body)).toBe(200);
    expect(two.body.plan).toMatchObject({ years: 2, status: 'draft' });
    const three = await putPlan(id, planBody(3));
    expect(three.status, JSON.stringify(three.body)).toBe(200);
    expect(three.body.plan.years).toBe(3);
  });

  it('needs yearly targets for every project year, with unique target ids (BJ-PLAN)', async () => {
    const s = await seedBeijing({ persons: [{ category: 'backbone', unitId: 's1' }] });
    await openProjects(s.cycleId);
    const id = s.personIds[0] as string;
    const body = planBody(3);
    const missingYear = await putPlan(id, { ...body, yearlyTargets: body.yearlyTargets.slice(0, 2) });
    expect(missingYear.status).toBe(422);
    expect(missingYear.body.errors[0]).toMatchObject({ ruleId: 'BJ-PLAN', field: 'body.yearlyTargets' });
    const dup = await putPlan(id, {
      ...planBody(2),
      overallTargets: [{ targetId: 'y1a', description: '重复' }],
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors[0].ruleId).toBe('BJ-PLAN');
    const extra = await putPlan(id, { ...planBody(2), unexpected: true });
    expect(extra.status).toBe(422);
  });

  it('runs the expert review: return, revise, approve; then the plan is closed to edits (BJ-PLAN)', async () => {
    const s = await seedBeijing({ persons: [{ category: 'leader', unitId: 's1' }] });
    await openProjects(s.cycleId);
    const id = s.personIds[0] as string;
    expect((await putPlan(id, planBody(2))).status).toBe(200);
    expect((await review(id, 'approve')).status).toBe(409); // not submitted yet
    expect((await submit(id)).status).toBe(200);
    const returned = await review(id, 'return');
    expect(returned.status).toBe(200);
    expect(returned.body.plan.status).toBe('returned');
    expect((await putPlan(id, planBody(3))).status).toBe(200);
    expect((await submit(id)).status).toBe(200);
    const approved = await review(id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'active',
      plan: { status: 'approved', revision: 1, years: 3 },
    });
    const edit = await putPlan(id, planBody(2));
    expect(edit.status).toBe(409);
    expect(edit.body.ruleId).toBe('BJ-PLAN');
  });

  it('holds plans to the unit scope, If-Match and recusal (P-UNIT-SCOPE, X-RECUSAL)', async () => {
    const s = await seedBeijing({ persons: [{ category: 'leader', unitId: 's1' }] });
    await openProjects(s.cycleId);
    const id = s.personIds[0] as string;
    expect((await putPlan(id, planBody(2), unit('s2'))).status).toBe(403);
    expect((await putPlan(id, planBody(2), reviewer)).status).toBe(403);
    expect((await putPlan(id, planBody(2), auditor)).status).toBe(403);
    expect((await putPlan(id, planBody(2), intruder)).status).toBe(404);
    expect((await putPlan(id, planBody(2), unit('s1'), '"99"')).status).toBe(412);
    const noIfMatch = await call({
      method: 'PUT',
      route: '/projects/{projectId}/plan',
      pathParameters: { projectId: id },
      body: planBody(2),
      caller: unit('s1'),
    });
    expect(noIfMatch.status).toBe(428);
    expect((await putPlan(id, planBody(2), admin)).status).toBe(200);
    expect((await submit(id, unit('s2'))).status).toBe(403);
    expect((await submit(id, reviewer)).status).toBe(403);
    expect((await submit(id, intruder)).status).toBe(404);
    expect((await submit(id)).status).toBe(200);
    expect((await review(id, 'approve', unit('s1'))).status).toBe(403);
    expect((await review(id, 'approve', auditor)).status).toBe(403);
    expect((await review(id, 'approve', intruder)).status).toBe(404);
    const ownUnitExpert = await review(id, 'approve', { ...reviewer, unit: 's1' });
    expect(ownUnitExpert.status).toBe(403);
    expect(ownUnitExpert.body.ruleId).toBe('X-RECUSAL');
    expect((await review(id, 'approve')).status).toBe(200);
    // Reading: every role of the agency, a unit only its own; another agency 404.
    expect((await getProject(id, auditor)).status).toBe(200);
    expect((await getProject(id, unit('s1'))).status).toBe(200);
    expect((await getProject(id, unit('s2'))).status).toBe(403);
    expect((await getProject(id, intruder)).status).toBe(404);
    expect((await getProject(id, { agency: 'beijing', roles: ['finance'] })).status).toBe(403);
    const audit = await call({
      method: 'GET',
      route: '/projects/{projectId}/audit',
      pathParameters: { projectId: id },
      caller: auditor,
    });
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual([
      'beijing.project.opened',
      'beijing.plan.saved',
      'beijing.plan.submitted',
      'beijing.plan.approved',
    ]);
    for (const caller of [unit('s1'), reviewer]) {
      const r = await call({
        method: 'GET',
        route: '/projects/{projectId}/audit',
        pathParameters: { projectId: id },
        caller,
      });
      expect(r.status).toBe(403);
    }
    const foreignAudit = await call({
      method: 'GET',
      route: '/projects/{projectId}/audit',
      pathParameters: { projectId: id },
      caller: { agency: 'jiangsu', roles: ['auditor'] },
    });
    expect(foreignAudit.status).toBe(404);
  });

  it('changes an approved plan only by a change request the city approves, keeping the history (BJ-PLAN)', async () => {
    const s = await seedBeijing({ persons: [{ category: 'master-teacher', unitId: 's1' }] });
    await openProjects(s.cycleId);
    const id = s.personIds[0] as string;
    await approvePlan(id, 's1', 2);
    const ask = (caller = unit('s1'), body: unknown = { reason: '延长一年建设期', plan: planBody(3) }) =>
      call({
        method: 'POST',
        route: '/projects/{projectId}/change-requests',
        pathParameters: { projectId: id },
        body,
        caller,
      });
    expect((await ask(unit('s2'))).status).toBe(403);
    expect((await ask(reviewer)).status).toBe(403);
    expect((await ask(intruder)).status).toBe(404);
    const moved = await ask(unit('s1'), {
      reason: '推迟',
      plan: { ...planBody(2, '2026-10-01'), endsOn: '2028-09-30' },
    });
    expect(moved.status).toBe(422);
    expect(moved.body.errors[0]).toMatchObject({ ruleId: 'BJ-PLAN', field: 'body.plan.startsOn' });
    const tooLong = await ask(unit('s1'), { reason: '延长', plan: { ...planBody(3), endsOn: '2029-12-31' } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0]).toMatchObject({ ruleId: 'BJ-PLAN', field: 'body.plan.endsOn' });
    const first = await ask();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.status).toBe('pending');
    const second = await ask();
    expect(second.status).toBe(409);
    expect(second.body.ruleId).toBe('BJ-PLAN');
    const decide = (decision: string, caller = admin, changeRequestId = first.body.changeRequestId) =>
      call({
        method: 'POST',
        route: '/projects/{projectId}/change-requests/{changeRequestId}/decision',
        pathParameters: { projectId: id, changeRequestId },
        body: { decision, comments: '同意调整' },
        caller,
      });
    expect((await decide('approve', reviewer)).status).toBe(403);
    expect((await decide('approve', unit('s1'))).status).toBe(403);
    expect((await decide('approve', intruder)).status).toBe(404);
    expect((await decide('approve', admin, 'nope')).status).toBe(404);
    const ok = await decide('approve');
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');
    expect((await decide('approve')).status).toBe(409);
    const p = (await getProject(id)).body;
    expect(p.plan).toMatchObject({ status: 'approved', revision: 2, years: 3 });
    expect(p.planHistory).toHaveLength(1);
    expect(p.planHistory[0]).toMatchObject({ revision: 1, years: 2 });
    expect(p.pendingChangeRequestId).toBeUndefined();
    // A rejected request leaves the plan as it is.
    const third = await ask(unit('s1'), { reason: '缩短', plan: planBody(2) });
    expect(third.status).toBe(201);
    const rejected = await decide('reject', admin, third.body.changeRequestId);
    expect(rejected.body.status).toBe('rejected');
    expect((await getProject(id)).body.plan.revision).toBe(2);
    const list = await call({
      method: 'GET',
      route: '/projects/{projectId}/change-requests',
      pathParameters: { projectId: id },
      query: { limit: '1' },
      caller: auditor,
    });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.nextCursor).toEqual(expect.any(String));
    expect(
      (
        await call({
          method: 'GET',
          route: '/projects/{projectId}/change-requests',
          pathParameters: { projectId: id },
          caller: unit('s2'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/projects/{projectId}/change-requests',
          pathParameters: { projectId: id },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
  });
});
