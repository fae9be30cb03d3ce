import { describe, expect, it } from 'vitest';
import { apiEvent, type Caller, lambdaContext, parseResponse } from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import { handler as cohorts } from '../../cohorts/src/handlers/api';
import { kpis, reporting, row, sheetRows, workbook } from './kpis-support';

const P = 'zhuhai-new-craftsmen';
const YEAR = 2075;
const admin: Caller = { agency: 'zhuhai', roles: ['admin'], user: 'zh-admin' };
const attributes = { industry: 'new-energy', enterprise: '格力电器', transmitsSkills: true };

const seeded = (async () => {
  const c = await seedOfficialList({
    agencyId: 'zhuhai',
    programmeId: P,
    year: YEAR,
    entries: [
      { category: 'special-craftsman', unitId: 'gree', attributes },
      { category: 'craftsman', unitId: 'gree', attributes },
      { category: 'craftsman', unitId: 'flaming', attributes },
      { category: 'district-craftsman', unitId: 'gree', attributes },
      { category: 'district-craftsman', unitId: 'gree', attributes },
      { category: 'district-craftsman', unitId: 'flaming', attributes },
    ],
  });
  // registered through the cohorts service's own API (the pyramid counters are written there)
  for (const nominationId of c.nominationIds) {
    const r = parseResponse(
      (await cohorts(
        apiEvent({
          method: 'POST',
          route: '/cycles/{cycleId}/craftsman-registrations',
          pathParameters: { cycleId: c.cycleId },
          body: { nominationId },
          caller: admin,
        }),
        lambdaContext('cohorts'),
      )) as never,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  return c;
})();

describe('Zhuhai craftsman pyramid and 2025 targets (ZH-CRAFTSMAN-TIERS, ZH-TARGETS-2025)', () => {
  it('reads the year pyramid counters against ~10/100/1,000/10,000, equal to the registrations (ZH-CRAFTSMAN-TIERS)', async () => {
    await seeded;
    const report = await kpis(P, YEAR, admin);
    const tier = (indicator: string) => row(report.rows, { ruleId: 'ZH-CRAFTSMAN-TIERS', indicator });
    expect(tier('special-craftsman')).toMatchObject({ value: 1, target: '~10', scope: 'city', met: null });
    expect(tier('craftsman')).toMatchObject({ value: 2, target: '~100' });
    expect(tier('district-craftsman')).toMatchObject({ value: 3, target: '~1000' });
    expect(tier('enterprise-craftsman')).toMatchObject({ value: 0, target: '~10000' });
    // the same counts as the cohorts service's own pyramid
    const c = await seeded;
    const pyramid = parseResponse(
      (await cohorts(
        apiEvent({
          method: 'GET',
          route: '/cycles/{cycleId}/craftsman-registrations/pyramid',
          pathParameters: { cycleId: c.cycleId },
          caller: admin,
        }),
        lambdaContext('cohorts'),
      )) as never,
    );
    expect(pyramid.status).toBe(200);
    for (const t of pyramid.body.tiers as { tier: string; count: number }[])
      expect(tier(t.tier).value).toBe(t.count);
  });

  it('lists the city targets the platform cannot count as not measurable (ZH-TARGETS-2025, ZH-TALENT-TARGET, ZH-TRAINING-TARGET, ZH-COMPETITION)', async () => {
    await seeded;
    const report = await kpis(P, YEAR, admin);
    const ids = report.notMeasurable.map((n) => `${n.ruleId}:${n.indicator}`);
    expect(ids).toContain('ZH-TARGETS-2025:skilled-share');
    expect(ids).toContain('ZH-TARGETS-2025:dual-qualified-teachers');
    expect(ids).toContain('ZH-COMPETITION:technical-experts');
    expect(ids).toContain('ZH-TALENT-TARGET:high-skill-leaders');
    expect(ids).toContain('ZH-TRAINING-TARGET:worker-trainings');
    expect(report.rows.some((r) => r.ruleId === 'ZH-TARGETS-2025')).toBe(false);
    const wb = await workbook(P, YEAR, admin);
    expect(sheetRows(wb, '无法计量')).toHaveLength(report.notMeasurable.length);
    expect(sheetRows(wb).map((r) => r.实际)).toEqual(report.rows.map((r) => r.value));
  });

  it("gives a unit its own registrations' tiers only (ZH-CRAFTSMAN-TIERS)", async () => {
    await seeded;
    const report = await kpis(P, YEAR, { agency: 'zhuhai', roles: ['unit'], user: 'u', unit: 'flaming' });
    expect(row(report.rows, { indicator: 'craftsman' })).toMatchObject({
      value: 1,
      scope: 'unit',
      scopeId: 'flaming',
    });
    expect(row(report.rows, { indicator: 'district-craftsman' }).value).toBe(1);
    expect(row(report.rows, { indicator: 'special-craftsman' }).value).toBe(0);
  });

  it('refuses a caller without a reading role (403) and is 404 to another agency (X-TENANT)', async () => {
    await seeded;
    expect((await reporting(P, YEAR, { agency: 'zhuhai', roles: [], user: 'n' })).status).toBe(403);
    expect((await reporting(P, YEAR, { agency: 'guangdong', roles: ['admin'], user: 'g' })).status).toBe(404);
  });
});
