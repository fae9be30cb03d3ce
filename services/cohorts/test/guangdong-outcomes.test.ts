import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { findProgramme } from '@talent/catalogue';
import { asAgencyId, getDocumentClient, mainTableName, tenantKey } from '@talent/data';
import { describe, expect, it } from 'vitest';
import { kpiReport } from '../src/guangdong/kpis';
import type { OutcomeInput } from '../src/guangdong/schemas';
import { guangdongStageHooks } from '../src/guangdong/stage-hooks';
import {
  admin,
  auditor,
  call,
  classReady,
  enrol,
  finance,
  intruder,
  outcome,
  PROGRAMME,
  pilotsReady,
  registerReviewer,
  reviewer,
  unit,
} from './guangdong-support';

const programme = findProgramme(PROGRAMME);
if (!programme) throw new Error('no programme');

const base: OutcomeInput = {
  graduated: true,
  courseAssessmentPassed: true,
  enterprisePracticePassed: true,
  technicianCertificate: false,
  recognisedTechnicianCertificate: false,
  enterpriseAssessedTechnicianLevel: false,
  technicianEquivalentPostWithPay: false,
  employed: true,
  matchedEmployment: false,
  paidAboveTechnicianPay: false,
};
/** n outcomes, the first k with `yes` applied. */
const cohort = (n: number, k: number, yes: Partial<OutcomeInput>, rest: Partial<OutcomeInput> = {}) =>
  Array.from({ length: n }, (_, i) => ({ ...base, ...rest, ...(i < k ? yes : {}) }));
const indicator = (r: ReturnType<typeof kpiReport>, id: string) =>
  r.indicators.find((i) => i.indicator === id);

describe('Graduate KPIs against the definition (GD-OUTCOME, GD-EMPLOYMENT)', () => {
  it('passes at exactly 80% of graduates at technician level and fails at 79.2% (GD-OUTCOME)', () => {
    expect(
      indicator(
        kpiReport(programme, 2030, cohort(5, 4, { technicianCertificate: true })),
        'technician-outcome',
      )?.met,
    ).toBe(true);
    const below = kpiReport(programme, 2030, cohort(24, 19, { recognisedTechnicianCertificate: true }));
    expect(indicator(below, 'technician-outcome')?.met).toBe(false);
    expect(below.shortfalls.map((s) => s.ruleId)).toContain('GD-OUTCOME');
  });

  it('counts each of the three technician-level routes and ignores non-graduates (GD-OUTCOME)', () => {
    const routes = [
      { ...base, technicianCertificate: true },
      { ...base, recognisedTechnicianCertificate: true },
      { ...base, enterpriseAssessedTechnicianLevel: true },
      { ...base, technicianEquivalentPostWithPay: true },
      { ...base, graduated: false, employed: false, technicianCertificate: true },
    ];
    const r = kpiReport(programme, 2030, routes);
    expect(r.metrics.graduates).toBe(4);
    expect(r.metrics.graduatesAtTechnicianLevel).toBe(4);
    expect(indicator(r, 'technician-outcome')?.met).toBe(true);
  });

  it('passes matched employment at exactly 60% of the employed and fails at 58.6% (GD-EMPLOYMENT)', () => {
    const at60 = kpiReport(programme, 2030, cohort(5, 3, { matchedEmployment: true }));
    expect(indicator(at60, 'matched-employment')?.met).toBe(true);
    const below = kpiReport(programme, 2030, cohort(29, 17, { matchedEmployment: true }));
    expect(indicator(below, 'matched-employment')?.met).toBe(false);
    // of the employed only: 3 matched of 5 employed among 10 graduates is 60%
    const withUnemployed = kpiReport(programme, 2030, [
      ...cohort(5, 3, { matchedEmployment: true }),
      ...cohort(5, 0, {}, { employed: false }),
    ]);
    expect(withUnemployed.metrics.employedGraduates).toBe(5);
    expect(indicator(withUnemployed, 'matched-employment')?.met).toBe(true);
  });

  it('fails above-technician pay at exactly 60% (more than 60% needed) and passes at 61.1% (GD-EMPLOYMENT)', () => {
    const at60 = kpiReport(programme, 2030, cohort(5, 3, { paidAboveTechnicianPay: true }));
    expect(indicator(at60, 'paid-above-technician')?.met).toBe(false);
    expect(at60.shortfalls.map((s) => s.ruleId)).toContain('GD-EMPLOYMENT');
    const above = kpiReport(programme, 2030, cohort(18, 11, { paidAboveTechnicianPay: true }));
    expect(indicator(above, 'paid-above-technician')?.met).toBe(true);
  });

  it('reports no graduates as not reported, never as met (GD-OUTCOME)', () => {
    const r = kpiReport(programme, 2030, [undefined, { ...base, graduated: false, employed: false }]);
    expect(r.met).toBe(false);
    expect(indicator(r, 'technician-outcome')?.met).toBeUndefined();
    expect(r.shortfalls[0]?.message).toContain('not reported');
  });
});

const putOutcome = (
  caller: Parameters<typeof call>[0]['caller'],
  studentId: string,
  body: unknown,
  headers?: Record<string, string>,
) =>
  call({
    method: 'PUT',
    route: '/students/{studentId}/outcome',
    pathParameters: { studentId },
    body,
    caller,
    ...(headers ? { headers } : {}),
  });

describe('Outcomes per student and KPIs per class and pilot', () => {
  it('computes a class and a pilot KPI from recorded outcomes (GD-OUTCOME, GD-EMPLOYMENT)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const classId = await classReady(unit('gz-tech'), pilotId);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await enrol(unit('gz-tech'), classId)).body.studentId);
    const plans = [
      outcome(),
      outcome(),
      outcome(),
      outcome({ matchedEmployment: false, paidAboveTechnicianPay: false }),
      outcome({ technicianCertificate: false, matchedEmployment: false, paidAboveTechnicianPay: false }),
    ];
    for (const [i, body] of plans.entries()) {
      const r = await putOutcome(unit('gz-tech'), ids[i] as string, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const k = await call({
      method: 'GET',
      route: '/classes/{classId}/kpis',
      pathParameters: { classId },
      caller: auditor,
    });
    expect(k.status).toBe(200);
    expect(k.body.metrics).toEqual({
      graduates: 5,
      graduatesAtTechnicianLevel: 4,
      employedGraduates: 5,
      matchedEmployment: 3,
      paidAboveTechnicianPay: 3,
    });
    const met = Object.fromEntries(
      k.body.indicators.map((i: { indicator: string; met: boolean }) => [i.indicator, i.met]),
    );
    expect(met).toEqual({
      'technician-outcome': true,
      'matched-employment': true,
      'paid-above-technician': false,
    });
    expect(k.body.met).toBe(false);
    const p = await call({
      method: 'GET',
      route: '/pilots/{pilotId}/kpis',
      pathParameters: { pilotId },
      caller: reviewer,
    });
    expect(p.body.metrics.graduates).toBe(5);
    expect(p.body.met).toBe(false);
    expect(
      (
        await call({
          method: 'GET',
          route: '/classes/{classId}/kpis',
          pathParameters: { classId },
          caller: finance,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/classes/{classId}/kpis',
          pathParameters: { classId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}/kpis',
          pathParameters: { pilotId },
          caller: unit('sz-tech'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}/kpis',
          pathParameters: { pilotId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
  });

  it('refuses inconsistent outcomes (GD-OUTCOME, GD-EMPLOYMENT)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const classId = await classReady(unit('gz-tech'), pilotIds[0] as string);
    const studentId = (await enrol(unit('gz-tech'), classId)).body.studentId as string;
    const notPassed = await putOutcome(
      unit('gz-tech'),
      studentId,
      outcome({ enterprisePracticePassed: false }),
    );
    expect(notPassed.status).toBe(422);
    expect(notPassed.body.errors[0]).toMatchObject({ ruleId: 'GD-OUTCOME', field: 'body.graduated' });
    const matchedUnemployed = await putOutcome(unit('gz-tech'), studentId, outcome({ employed: false }));
    expect(matchedUnemployed.status).toBe(422);
    expect(matchedUnemployed.body.errors.map((e: { ruleId: string }) => e.ruleId)).toEqual([
      'GD-EMPLOYMENT',
      'GD-EMPLOYMENT',
    ]);
    const extra = await putOutcome(unit('gz-tech'), studentId, { ...outcome(), salary: 1 });
    expect(extra.status).toBe(422);
  });

  it('honours If-Match on an outcome and refuses other units, reviewers, auditors, finance (403) and agencies (404) (P-UNIT-SCOPE, X-TENANT)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const classId = await classReady(unit('gz-tech'), pilotIds[0] as string);
    const s = await enrol(unit('gz-tech'), classId);
    const studentId = s.body.studentId as string;
    const first = await putOutcome(unit('gz-tech'), studentId, outcome(), {
      'if-match': s.headers.etag as string,
    });
    expect(first.status).toBe(200);
    const stale = await putOutcome(unit('gz-tech'), studentId, outcome(), {
      'if-match': s.headers.etag as string,
    });
    expect(stale.status).toBe(412);
    for (const caller of [unit('sz-tech'), reviewer, auditor, finance])
      expect((await putOutcome(caller, studentId, outcome())).status).toBe(403);
    expect((await putOutcome(intruder, studentId, outcome())).status).toBe(404);
    expect((await putOutcome(admin, studentId, outcome())).status).toBe(200);
  });
});

const putEvaluation = (
  caller: Parameters<typeof call>[0]['caller'],
  pilotId: string,
  kind: string,
  body: unknown,
) =>
  call({
    method: 'PUT',
    route: '/pilots/{pilotId}/evaluations/{kind}',
    pathParameters: { pilotId, kind },
    body,
    caller,
  });

describe('Mid-term and completion evaluations, dynamic exit (GD-OVERSIGHT)', () => {
  const hookContext = (cycle: Awaited<ReturnType<typeof pilotsReady>>['cycle'], kind: string) => {
    const stage = cycle.stages.find((s) => s.kind === kind);
    if (!stage) throw new Error('no stage');
    return { agencyId: asAgencyId('guangdong'), cycle, programme, stage, at: new Date().toISOString() };
  };

  it('blocks closing the mid-term stage while a pilot has no evaluation, then revokes failing pilots on close (GD-OVERSIGHT)', async () => {
    const { pilotIds, cycle } = await pilotsReady([{ unitId: 'gz-tech' }, { unitId: 'sz-tech' }]);
    const [good, bad] = pilotIds as [string, string];
    const hooks = guangdongStageHooks['mid-term'];
    const ctx = hookContext(cycle, 'mid-term');
    const blockers = await hooks?.blockers?.(ctx);
    expect(blockers?.map((b) => b.ruleId)).toEqual(['GD-OVERSIGHT', 'GD-OVERSIGHT']);
    expect(
      (
        await putEvaluation(reviewer, good, 'mid-term', {
          result: 'pass',
          score: 88,
          findings: '培养方案执行良好',
        })
      ).status,
    ).toBe(200);
    expect(
      (await putEvaluation(reviewer, bad, 'mid-term', { result: 'pass', findings: '初评' })).status,
    ).toBe(200);
    const changed = await putEvaluation(reviewer, bad, 'mid-term', {
      result: 'fail',
      score: 40,
      findings: '师资配备不达标',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    expect(await hooks?.blockers?.(ctx)).toEqual([]);
    await hooks?.closed?.(ctx);
    await hooks?.closed?.(ctx); // idempotent
    const failed = await call({
      method: 'GET',
      route: '/pilots/{pilotId}',
      pathParameters: { pilotId: bad },
      caller: admin,
    });
    expect(failed.body.status).toBe('revoked');
    expect(failed.body.revocation.reason).toBe('failed-mid-term');
    const passed = await call({
      method: 'GET',
      route: '/pilots/{pilotId}',
      pathParameters: { pilotId: good },
      caller: admin,
    });
    expect(passed.body.status).toBe('active');
    const list = await call({
      method: 'GET',
      route: '/pilots/{pilotId}/evaluations',
      pathParameters: { pilotId: bad },
      caller: auditor,
    });
    expect(list.body.items[0]).toMatchObject({ kind: 'mid-term', result: 'fail', final: true });
    const late = await putEvaluation(reviewer, good, 'mid-term', { result: 'fail', findings: '改判' });
    expect(late.status).toBe(409);
    expect(late.body.ruleId).toBe('GD-OVERSIGHT');
    const classAfter = await call({
      method: 'POST',
      route: '/pilots/{pilotId}/classes',
      pathParameters: { pilotId: bad },
      body: { name: '班', entryLevel: 'senior-high', intakeYear: 2027 },
      caller: unit('sz-tech'),
    });
    expect(classAfter.status).toBe(409);
  });

  it('does not block the completion stage for pilots already revoked, and revokes on a failed completion (GD-OVERSIGHT)', async () => {
    const { pilotIds, cycle } = await pilotsReady([{ unitId: 'gz-tech' }, { unitId: 'sz-tech' }]);
    const [a, b] = pilotIds as [string, string];
    await call({
      method: 'POST',
      route: '/pilots/{pilotId}/revocation',
      pathParameters: { pilotId: b },
      body: { reason: '违规招生' },
      caller: admin,
    });
    const hooks = guangdongStageHooks.acceptance;
    const ctx = hookContext(cycle, 'acceptance');
    expect((await hooks?.blockers?.(ctx))?.map((v) => v.path)).toEqual([`pilots.${a}`]);
    expect(
      (await putEvaluation(admin, a, 'completion', { result: 'fail', findings: '技能达标率不足' })).status,
    ).toBe(200);
    await hooks?.closed?.(ctx);
    const r = await call({
      method: 'GET',
      route: '/pilots/{pilotId}',
      pathParameters: { pilotId: a },
      caller: admin,
    });
    expect(r.body.revocation.reason).toBe('failed-completion');
  });

  it('lets only reviewers and admin score evaluations (403) within the agency (404) (X-TENANT)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const body = { result: 'pass', findings: '良好' };
    for (const caller of [unit('gz-tech'), auditor, finance])
      expect((await putEvaluation(caller, pilotId, 'mid-term', body)).status).toBe(403);
    expect((await putEvaluation(intruder, pilotId, 'mid-term', body)).status).toBe(404);
    expect((await putEvaluation(reviewer, pilotId, 'final', body)).status).toBe(422);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}/evaluations',
          pathParameters: { pilotId },
          caller: finance,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}/evaluations',
          pathParameters: { pilotId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
  });
});

describe('Recusal of evaluators (X-RECUSAL)', () => {
  it('refuses a reviewer evaluating a pilot of their own unit (X-RECUSAL)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const own = { agency: 'guangdong', roles: ['reviewer'], user: 'gd-rev-own', unit: 'gz-tech' };
    const r = await putEvaluation(own, pilotId, 'mid-term', { result: 'pass', findings: '良好' });
    expect(r.status).toBe(403);
    expect(r.body.ruleId).toBe('X-RECUSAL');
    const other = { agency: 'guangdong', roles: ['reviewer'], user: 'gd-rev-other', unit: 'sz-tech' };
    expect(
      (await putEvaluation(other, pilotId, 'mid-term', { result: 'pass', findings: '良好' })).status,
    ).toBe(200);
  });
});

describe('Filed major changes (GD-OVERSIGHT)', () => {
  const change = {
    area: 'curriculum',
    description: '调整工学一体化课程体系',
    approvedByPartyCommitteeOn: '2026-05-10',
    filedOn: '2026-05-20',
  };
  const post = (caller: Parameters<typeof call>[0]['caller'], pilotId: string, body: unknown) =>
    call({ method: 'POST', route: '/pilots/{pilotId}/changes', pathParameters: { pilotId }, body, caller });

  it('records a major change after party-committee approval and lists them paginated (GD-OVERSIGHT)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    expect((await post(unit('gz-tech'), pilotId, change)).status).toBe(201);
    expect((await post(admin, pilotId, { ...change, area: 'practice' })).status).toBe(201);
    const early = await post(unit('gz-tech'), pilotId, { ...change, filedOn: '2026-05-01' });
    expect(early.status).toBe(422);
    expect(early.body.errors[0]).toMatchObject({ ruleId: 'GD-OVERSIGHT', field: 'body.filedOn' });
    expect((await post(unit('gz-tech'), pilotId, { ...change, area: 'canteen' })).status).toBe(422);
    const p1 = await call({
      method: 'GET',
      route: '/pilots/{pilotId}/changes',
      pathParameters: { pilotId },
      query: { limit: '1' },
      caller: auditor,
    });
    expect(p1.body.items).toHaveLength(1);
    const p2 = await call({
      method: 'GET',
      route: '/pilots/{pilotId}/changes',
      pathParameters: { pilotId },
      query: { limit: '1', cursor: p1.body.nextCursor },
      caller: auditor,
    });
    expect(p2.body.items).toHaveLength(1);
  });

  it('refuses changes by other units, reviewers, auditors, finance (403) and agencies (404) (P-UNIT-SCOPE, X-TENANT)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    for (const caller of [unit('sz-tech'), reviewer, auditor, finance])
      expect((await post(caller, pilotId, change)).status).toBe(403);
    expect((await post(intruder, pilotId, change)).status).toBe(404);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}/changes',
          pathParameters: { pilotId },
          caller: finance,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}/changes',
          pathParameters: { pilotId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
  });
});

describe('Recusal through the reviewer registry (X-RECUSAL)', () => {
  it('recuses an expert registered with the pilot unit, also with a token naming no unit (X-RECUSAL)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const ownId = `gd-reg-${randomUUID().slice(0, 8)}`;
    const otherId = `gd-reg-${randomUUID().slice(0, 8)}`;
    await registerReviewer(ownId, 'gz-tech');
    await registerReviewer(otherId, 'sz-tech');
    const body = { result: 'pass', findings: '良好' };
    const own = { agency: 'guangdong', roles: ['reviewer'], user: ownId };
    const refused = await putEvaluation(own, pilotId, 'mid-term', body);
    expect(refused.status).toBe(403);
    expect(refused.body.ruleId).toBe('X-RECUSAL');
    expect((await putEvaluation({ ...own, unit: 'expert-pool' }, pilotId, 'completion', body)).status).toBe(
      403,
    );
    const listed = await call({
      method: 'GET',
      route: '/pilots/{pilotId}/evaluations',
      pathParameters: { pilotId },
      caller: admin,
    });
    expect(listed.body.items).toEqual([]);
    const other = { agency: 'guangdong', roles: ['reviewer'], user: otherId };
    expect((await putEvaluation(other, pilotId, 'mid-term', body)).status).toBe(200);
    // Admin is never recused, whatever the registry says of the same user id.
    expect(
      (await putEvaluation({ agency: 'guangdong', roles: ['admin'], user: ownId }, pilotId, 'mid-term', body))
        .status,
    ).toBe(200);
  });
});

describe('Evaluations when their stage closes (GD-OVERSIGHT)', () => {
  const hookContext = (cycle: Awaited<ReturnType<typeof pilotsReady>>['cycle'], kind: string) => {
    const stage = cycle.stages.find((s) => s.kind === kind);
    if (!stage) throw new Error('no stage');
    return { agencyId: asAgencyId('guangdong'), cycle, programme, stage, at: new Date().toISOString() };
  };
  const pilot = async (pilotId: string) =>
    (await call({ method: 'GET', route: '/pilots/{pilotId}', pathParameters: { pilotId }, caller: admin }))
      .body;
  const evaluations = async (pilotId: string) =>
    (
      await call({
        method: 'GET',
        route: '/pilots/{pilotId}/evaluations',
        pathParameters: { pilotId },
        caller: admin,
      })
    ).body.items as { kind: string; result: string; final: boolean; version: number }[];

  it('refuses an evaluation that arrives after its stage closed hook ran, even from a request that read the stage open (GD-OVERSIGHT)', async () => {
    const { pilotIds, cycle } = await pilotsReady([{ unitId: 'gz-tech' }, { unitId: 'sz-tech' }]);
    const [done, late] = pilotIds as [string, string];
    const body = { result: 'pass', findings: '良好' };
    expect((await putEvaluation(reviewer, done, 'mid-term', body)).status).toBe(200);
    // The stored cycle still shows the stage not closed, as a request that read it before the close would.
    await guangdongStageHooks['mid-term']?.closed?.(hookContext(cycle, 'mid-term'));
    const first = await putEvaluation(reviewer, late, 'mid-term', { result: 'fail', findings: '迟到' });
    expect(first.status).toBe(409);
    expect(first.body.ruleId).toBe('GD-OVERSIGHT');
    expect(await evaluations(late)).toEqual([]);
    expect((await pilot(late)).status).toBe('active');
    const again = await putEvaluation(admin, done, 'mid-term', { result: 'fail', findings: '改判' });
    expect(again.status).toBe(409);
    expect((await evaluations(done))[0]).toMatchObject({ result: 'pass', final: true });
    // The completion stage is another stage: still open to evaluations.
    expect((await putEvaluation(reviewer, late, 'completion', body)).status).toBe(200);
  });

  it('makes final and revokes on the evaluation stored, even one the cycle index does not list yet (GD-OVERSIGHT)', async () => {
    const { pilotIds, cycle } = await pilotsReady([{ unitId: 'gz-tech' }, { unitId: 'sz-tech' }]);
    const [good, bad] = pilotIds as [string, string];
    expect(
      (await putEvaluation(reviewer, good, 'mid-term', { result: 'pass', findings: '良好' })).status,
    ).toBe(200);
    expect(
      (await putEvaluation(reviewer, bad, 'mid-term', { result: 'fail', findings: '不达标' })).status,
    ).toBe(200);
    // The index lags the table (eventually consistent): the failing evaluation is not listed yet.
    await getDocumentClient().send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: { PK: tenantKey(asAgencyId('guangdong'), 'GDPILOT', bad), SK: 'EVAL#mid-term' },
        UpdateExpression: 'REMOVE GSI1PK, GSI1SK',
      }),
    );
    const hooks = guangdongStageHooks['mid-term'];
    await hooks?.closed?.(hookContext(cycle, 'mid-term'));
    await hooks?.closed?.(hookContext(cycle, 'mid-term')); // idempotent
    expect((await evaluations(bad))[0]).toMatchObject({ result: 'fail', final: true, version: 2 });
    expect((await pilot(bad)).revocation).toMatchObject({ reason: 'failed-mid-term', detail: '不达标' });
    expect((await evaluations(good))[0]).toMatchObject({ result: 'pass', final: true });
    expect((await pilot(good)).status).toBe('active');
  });

  it('revokes exactly the pilots whose final evaluation failed while evaluations change in parallel with the close (GD-OVERSIGHT)', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({ unitId: `u${i}` }));
    const { pilotIds, cycle } = await pilotsReady(entries);
    for (const id of pilotIds)
      expect(
        (await putEvaluation(reviewer, id, 'mid-term', { result: 'pass', findings: '初评' })).status,
      ).toBe(200);
    const [, ...changes] = await Promise.all([
      guangdongStageHooks['mid-term']?.closed?.(hookContext(cycle, 'mid-term')),
      ...pilotIds.map((id) =>
        putEvaluation(reviewer, id, 'mid-term', { result: 'fail', findings: '复评不达标' }),
      ),
    ]);
    for (const [i, id] of pilotIds.entries()) {
      expect([200, 409]).toContain(changes[i]?.status);
      const [stored] = await evaluations(id);
      const p = await pilot(id);
      // Whatever won the race, the stored evaluation is final and the pilot's status follows it.
      expect(stored?.final).toBe(true);
      expect(stored?.result).toBe(changes[i]?.status === 200 ? 'fail' : 'pass');
      expect(p.status).toBe(stored?.result === 'fail' ? 'revoked' : 'active');
    }
  });
});
