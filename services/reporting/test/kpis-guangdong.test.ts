import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { apiEvent, type Caller, lambdaContext, parseResponse } from '../../../test/support/api-event';
import {
  admin,
  call,
  classReady,
  enrol,
  outcome,
  pilotsReady,
  unit,
} from '../../cohorts/test/guangdong-support';
import { handler as reportingHandler } from '../src/handlers/api';
import { kpis, reporting, row, sheetRows, workbook } from './kpis-support';

const P = 'guangdong-diploma-technician';
const tag = Math.random().toString(36).slice(2, 8);
const U1 = `gd-a-${tag}`;
const U2 = `gd-b-${tag}`;

/** Outcomes of 5 graduates: 4 at technician level, 5 employed, 3 matched, 3 paid above (the cohorts test's set). */
const PLANS = [
  outcome(),
  outcome(),
  outcome(),
  outcome({ matchedEmployment: false, paidAboveTechnicianPay: false }),
  outcome({ technicianCertificate: false, matchedEmployment: false, paidAboveTechnicianPay: false }),
];

const setup = (async () => {
  const { cycleId, pilotIds } = await pilotsReady([{ unitId: U1 }, { unitId: U2 }]);
  const [p1, p2] = pilotIds as [string, string];
  const c1 = await classReady(unit(U1), p1);
  const c2 = await classReady(unit(U1), p1);
  const c3 = await classReady(unit(U2), p2);
  const record = async (u: string, classId: string, plans: Record<string, unknown>[]) => {
    for (const body of plans) {
      const s = await enrol(unit(u), classId);
      expect(s.status, JSON.stringify(s.body)).toBe(201);
      const r = await call({
        method: 'PUT',
        route: '/students/{studentId}/outcome',
        pathParameters: { studentId: s.body.studentId },
        body,
        caller: unit(u),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  };
  await record(U1, c1, PLANS);
  await record(U1, c2, [outcome(), outcome()]);
  await record(U2, c3, [outcome({ technicianCertificate: false }), outcome()]);
  return { cycleId, p1, p2, c1, c2, c3 };
})();

/** The outcomes above graduate on 2030-06-30: the report of 2030 counts them, 2029's does not. */
const yearOf = async (_cycleId: string) => 2030;

describe('Guangdong outcome and employment rates per class and pilot (GD-OUTCOME, GD-EMPLOYMENT)', () => {
  it('computes the class rates from the recorded outcomes against ≥80% / ≥60% / >60% (GD-OUTCOME, GD-EMPLOYMENT)', async () => {
    const s = await setup;
    const report = await kpis(P, await yearOf(s.cycleId), admin);
    const of = (scopeId: string, indicator: string) =>
      row(report.rows, { scope: 'class', scopeId, indicator });
    // 4 of 5 at technician level = 80% → met at the boundary (GD-OUTCOME)
    expect(of(s.c1, 'technician-outcome')).toMatchObject({
      value: 4,
      whole: 5,
      percent: 80,
      met: true,
      target: '≥ 80% of graduates',
    });
    // 3 of 5 employed matched = 60% → met at the boundary (GD-EMPLOYMENT ≥60%)
    expect(of(s.c1, 'matched-employment')).toMatchObject({ value: 3, whole: 5, percent: 60, met: true });
    // 3 of 5 paid above = 60%, not more than 60% → not met (GD-EMPLOYMENT >60%)
    expect(of(s.c1, 'paid-above-technician')).toMatchObject({ value: 3, whole: 5, percent: 60, met: false });
    expect(of(s.c3, 'technician-outcome')).toMatchObject({ value: 1, whole: 2, percent: 50, met: false });
    expect(of(s.c1, 'technician-outcome').basis).toBe('cumulative');
    // a year before they graduate: no graduates yet → not reported, never met
    const before = await kpis(P, 2029, admin);
    expect(
      row(before.rows, { scope: 'class', scopeId: s.c1, indicator: 'technician-outcome' }),
    ).toMatchObject({
      value: null,
      met: null,
    });
  });

  it('computes the pilot rates over all its classes, the same as the cohorts service (GD-OUTCOME, GD-EMPLOYMENT)', async () => {
    const s = await setup;
    const report = await kpis(P, await yearOf(s.cycleId), admin);
    const pilot = row(report.rows, { scope: 'pilot', scopeId: s.p1, indicator: 'technician-outcome' });
    expect(pilot).toMatchObject({ value: 6, whole: 7, met: true });
    const own = await call({
      method: 'GET',
      route: '/pilots/{pilotId}/kpis',
      pathParameters: { pilotId: s.p1 },
      caller: admin,
    });
    expect(own.status).toBe(200);
    expect(own.body.metrics.graduatesAtTechnicianLevel).toBe(pilot.value);
    expect(own.body.metrics.graduates).toBe(pilot.whole);
    const paid = row(report.rows, { scope: 'pilot', scopeId: s.p1, indicator: 'paid-above-technician' });
    expect(paid).toMatchObject({ value: own.body.metrics.paidAboveTechnicianPay, met: 5 * 100 > 60 * 7 });
    const xlsx = sheetRows(await workbook(P, await yearOf(s.cycleId), admin));
    const x = xlsx.find((r) => r.范围编号 === s.p1 && r.指标 === 'technician-outcome');
    expect(x).toMatchObject({ 实际: 6, 基数: 7, 是否达标: '达标' });
  });

  it('gives a unit its own pilot only (GD-OUTCOME)', async () => {
    const s = await setup;
    const report = await kpis(P, await yearOf(s.cycleId), {
      agency: 'guangdong',
      roles: ['unit'],
      user: 'u',
      unit: U2,
    });
    expect(report.rows.length).toBeGreaterThan(0);
    expect(report.rows.every((r) => r.scopeId === s.p2 || r.scopeId === s.c3)).toBe(true);
  });

  it('refuses a caller without a reading role (403) and is 404 to another agency (X-TENANT)', async () => {
    const s = await setup;
    const year = await yearOf(s.cycleId);
    expect((await reporting(P, year, { agency: 'guangdong', roles: [], user: 'n' })).status).toBe(403);
    expect((await reporting(P, year, { agency: 'zhuhai', roles: ['admin'], user: 'z' })).status).toBe(404);
  });
});

describe('Guangdong evaluation report with the KPIs (GD-OVERSIGHT, GD-OUTCOME, GD-EMPLOYMENT)', () => {
  const report = async (cycleId: string, caller: Caller, format?: string) => {
    const raw = (await reportingHandler(
      apiEvent({
        method: 'GET',
        route: '/cycles/{cycleId}/reports/guangdong-evaluation',
        pathParameters: { cycleId },
        ...(format ? { query: { format } } : {}),
        caller,
      }),
      lambdaContext('reporting'),
    )) as APIGatewayProxyStructuredResultV2;
    return { lambda: raw, ...parseResponse(raw) };
  };

  it('lists each pilot with its evaluations and the KPIs of its graduates (GD-OVERSIGHT, GD-OUTCOME)', async () => {
    const s = await setup;
    const ev = await call({
      method: 'PUT',
      route: '/pilots/{pilotId}/evaluations/{kind}',
      pathParameters: { pilotId: s.p1, kind: 'mid-term' },
      body: { result: 'pass', score: 88, findings: '培养方案执行良好' },
      caller: admin,
    });
    expect(ev.status, JSON.stringify(ev.body)).toBe(200);
    const r = await report(s.cycleId, { agency: 'guangdong', roles: ['auditor'], user: 'a' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const p1 = r.body.pilots.find((p: { pilotId: string }) => p.pilotId === s.p1);
    expect(p1).toMatchObject({
      status: 'active',
      evaluations: [{ kind: 'mid-term', result: 'pass', score: 88, final: false }],
      students: 7,
      metrics: { graduates: 7, graduatesAtTechnicianLevel: 6 },
    });
    expect(
      p1.indicators.find((i: { indicator: string }) => i.indicator === 'technician-outcome'),
    ).toMatchObject({
      ruleId: 'GD-OUTCOME',
      value: 6,
      met: true,
    });
    const p2 = r.body.pilots.find((p: { pilotId: string }) => p.pilotId === s.p2);
    expect(p2.evaluations).toEqual([]);
    const x = await report(s.cycleId, admin, 'xlsx');
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(String(x.lambda.body), 'base64') as unknown as ArrayBuffer);
    const values: unknown[][] = [];
    wb.worksheets[0]?.eachRow((row, n) => {
      if (n > 1) values.push((row.values as unknown[]).slice(1));
    });
    expect(values.find((v) => v[0] === s.p1 && v[5] === 'technician-outcome')).toEqual([
      s.p1,
      U1,
      'active',
      'mid-term:pass',
      'GD-OUTCOME',
      'technician-outcome',
      '≥ 80% of graduates',
      6,
      '达标',
    ]);
  });

  it('gives a unit its own pilot; 403 without a reading role; 404 to another agency (GD-OVERSIGHT, X-TENANT)', async () => {
    const s = await setup;
    const own = await report(s.cycleId, { agency: 'guangdong', roles: ['unit'], user: 'u', unit: U2 });
    expect(own.body.pilots.map((p: { pilotId: string }) => p.pilotId)).toEqual([s.p2]);
    expect((await report(s.cycleId, { agency: 'guangdong', roles: [], user: 'n' })).status).toBe(403);
    expect((await report(s.cycleId, { agency: 'zhuhai', roles: ['admin'], user: 'z' })).status).toBe(404);
  });
});
