import { asAgencyId } from '@talent/data';
import { officialRoster } from '@talent/svc-nominations/roster';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import { kpis, reporting, row, sheetRows, workbook } from './kpis-support';

const P = 'beijing-craftsman-teachers';
const admin: Caller = { agency: 'beijing', roles: ['admin'], user: 'bj-admin' };
const school = `bj-school-${Math.random().toString(36).slice(2, 8)}`;
const other = `bj-school-${Math.random().toString(36).slice(2, 8)}`;

const entries = (counts: Record<string, number>, unitId: string) =>
  Object.entries(counts).flatMap(([category, n]) => Array.from({ length: n }, () => ({ category, unitId })));

const round1 = seedOfficialList({
  agencyId: 'beijing',
  programmeId: P,
  year: 2071,
  entries: [
    ...entries({ 'master-teacher': 2, leader: 3, backbone: 1, team: 1 }, school),
    ...entries({ backbone: 2 }, other),
  ],
});
const round2 = round1.then(() =>
  seedOfficialList({
    agencyId: 'beijing',
    programmeId: P,
    year: 2073,
    entries: entries({ 'master-teacher': 1, team: 2 }, school),
  }),
);

describe('Beijing selections by title vs the 2030 targets and the round quotas (BJ-TARGETS, BJ-ROUND)', () => {
  it('counts each round by title against ~5/15/30/8 from the official lists (BJ-ROUND)', async () => {
    const [c1, c2] = [await round1, await round2];
    const report = await kpis(P, 2073, admin);
    const ids = report.cycles.map((c) => c.cycleId);
    expect(ids).toContain(c1.cycleId);
    expect(ids).toContain(c2.cycleId);
    const r1 = (indicator: string) =>
      row(report.rows, { ruleId: 'BJ-ROUND', scopeId: c1.cycleId, indicator });
    expect(r1('master-teacher')).toMatchObject({ value: 2, target: '~5', met: null, flagged: false });
    expect(r1('leader')).toMatchObject({ value: 3, target: '~15' });
    expect(r1('backbone')).toMatchObject({ value: 3, target: '~30' });
    expect(r1('team')).toMatchObject({ value: 1, target: '~8' });
    const r2 = (indicator: string) =>
      row(report.rows, { ruleId: 'BJ-ROUND', scopeId: c2.cycleId, indicator });
    expect(r2('master-teacher').value).toBe(1);
    expect(r2('team').value).toBe(2);
    expect(r2('leader').value).toBe(0);
  });

  it('sums the official lists of every round up to the year against 20/60/120/30, recomputed from the raw lists (BJ-TARGETS)', async () => {
    await round2;
    const report = await kpis(P, 2073, admin);
    // recompute from the raw official lists of every cycle the report covers
    const expected = new Map<string, number>();
    for (const c of report.cycles) {
      for (const e of await officialRoster(asAgencyId('beijing'), c.cycleId))
        expected.set(e.category, (expected.get(e.category) ?? 0) + 1);
    }
    const targets: Record<string, number> = { 'master-teachers': 20, leaders: 60, backbone: 120, teams: 30 };
    const metric: Record<string, string> = {
      'master-teachers': 'master-teacher',
      leaders: 'leader',
      backbone: 'backbone',
      teams: 'team',
    };
    for (const [indicator, min] of Object.entries(targets)) {
      const r = row(report.rows, { ruleId: 'BJ-TARGETS', indicator });
      const value = expected.get(metric[indicator] as string) ?? 0;
      expect(r).toMatchObject({ basis: 'cumulative', target: `≥ ${min}`, value, met: value >= min });
      // 2073 is past 2030: a shortfall is flagged by the engine
      expect(r.flagged).toBe(value < min);
    }
  });

  it('does not flag a shortfall before 2030 (BJ-TARGETS)', async () => {
    const early = await seedOfficialList({
      agencyId: 'beijing',
      programmeId: P,
      year: 2028,
      entries: entries({ 'master-teacher': 1 }, school),
    });
    const report = await kpis(P, 2029, admin);
    expect(report.cycles.map((c) => c.cycleId)).toContain(early.cycleId);
    expect(report.cycles.every((c) => c.year <= 2029)).toBe(true);
    const r = row(report.rows, { ruleId: 'BJ-TARGETS', indicator: 'master-teachers' });
    expect(r.value).toBeGreaterThanOrEqual(1);
    expect(r.met).toBe((r.value ?? 0) >= 20);
    expect(r.flagged).toBe(false);
  });

  it("gives a unit its own school's selections only (BJ-TARGETS, BJ-ROUND)", async () => {
    const c1 = await round1;
    await round2;
    const report = await kpis(P, 2073, { agency: 'beijing', roles: ['unit'], user: 'u', unit: other });
    expect(report.unitId).toBe(other);
    expect(row(report.rows, { ruleId: 'BJ-ROUND', scopeId: c1.cycleId, indicator: 'backbone' }).value).toBe(
      2,
    );
    expect(
      row(report.rows, { ruleId: 'BJ-ROUND', scopeId: c1.cycleId, indicator: 'master-teacher' }).value,
    ).toBe(0);
    expect(row(report.rows, { ruleId: 'BJ-TARGETS', indicator: 'backbone' })).toMatchObject({
      scope: 'unit',
      scopeId: other,
      value: 2,
    });
  });

  it('holds a [unit, finance] token to its unit and refuses a unit token without a unit (P-UNIT-SCOPE)', async () => {
    const c1 = await round1;
    await round2;
    const mixed = await kpis(P, 2073, {
      agency: 'beijing',
      roles: ['unit', 'finance'],
      user: 'uf',
      unit: other,
    });
    expect(mixed.unitId).toBe(other);
    expect(row(mixed.rows, { ruleId: 'BJ-ROUND', scopeId: c1.cycleId, indicator: 'leader' }).value).toBe(0);
    const r = await reporting(P, 2073, { agency: 'beijing', roles: ['unit'], user: 'u0' });
    expect(r.status).toBe(403);
    expect(r.body.ruleId).toBe('P-UNIT-SCOPE');
  });

  it('gives the same figures to parallel readers (BJ-TARGETS)', async () => {
    await round2;
    const results = await Promise.all(Array.from({ length: 6 }, () => kpis(P, 2073, admin)));
    const first = JSON.stringify(results[0]?.rows);
    for (const r of results) expect(JSON.stringify(r.rows)).toBe(first);
  });

  it('returns the same numbers as an XLSX workbook (BJ-TARGETS)', async () => {
    await round2;
    const json = await kpis(P, 2073, admin);
    const rows = sheetRows(await workbook(P, 2073, admin));
    expect(rows).toHaveLength(json.rows.length);
    json.rows.forEach((r, i) => {
      expect(rows[i]).toMatchObject({
        规则编号: r.ruleId,
        指标: r.indicator,
        目标: r.target,
        实际: r.value,
        范围编号: r.scopeId ?? null,
      });
    });
  });

  it('lets admin, reviewer, auditor and finance read; refuses a caller without a reading role (403)', async () => {
    await round2;
    for (const roles of [['admin'], ['reviewer'], ['auditor'], ['finance']])
      expect((await reporting(P, 2073, { agency: 'beijing', roles, user: 'x' })).status).toBe(200);
    const r = await reporting(P, 2073, { agency: 'beijing', roles: [], user: 'nobody' });
    expect(r.status).toBe(403);
  });

  it('is 404 to another agency and for an unknown programme (X-TENANT)', async () => {
    await round2;
    expect((await reporting(P, 2073, { agency: 'jiangsu', roles: ['admin'], user: 'js' })).status).toBe(404);
    expect((await reporting('no-such-programme', 2073, admin)).status).toBe(404);
    const bad = await reporting(P, 1800, admin);
    expect(bad.status).toBe(422);
  });
});
