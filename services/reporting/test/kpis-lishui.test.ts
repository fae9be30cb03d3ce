import { describe, expect, it } from 'vitest';
import {
  activePairings,
  masterAtSchool,
  readyPairing,
  registerMaster,
  seedCycle,
  unit,
} from '../../pairings/test/support';
import { kpis, reporting, row, sheetRows, workbook } from './kpis-support';

const P = 'lishui-masters';
const admin = { agency: 'lishui', roles: ['admin'], user: 'ls-admin' };

const setup = (async () => {
  const c = await seedCycle(3);
  const [n1, n2, n3] = c.nominationIds as [string, string, string];
  const { schoolId, masterId } = await masterAtSchool(c.cycleId, n1);
  // a second master at the same college
  const m2 = await registerMaster(c.cycleId, n2, schoolId);
  expect(m2.status, JSON.stringify(m2.body)).toBe(201);
  // 3 students in active pairings with master 1 (trained by masters) and one only proposed (not yet)
  await activePairings(c.cycleId, schoolId, masterId, 3);
  await readyPairing(c.cycleId, schoolId, m2.body.masterId as string);
  const other = await masterAtSchool(c.cycleId, n3);
  return { cycleId: c.cycleId, year: c.year, schoolId, otherSchool: other.schoolId };
})();

describe('Lishui masters and trained students per college (LS-GOAL)', () => {
  it('counts masters involved and students paired with a master per college against ~10 and ≥50 (LS-GOAL)', async () => {
    const s = await setup;
    const report = await kpis(P, s.year, admin);
    const masters = row(report.rows, {
      scopeId: s.schoolId,
      basis: 'year',
      indicator: 'masters-per-college',
    });
    expect(masters).toMatchObject({ ruleId: 'LS-GOAL', value: 2, target: '~10', met: null, flagged: false });
    const students = row(report.rows, {
      scopeId: s.schoolId,
      basis: 'year',
      indicator: 'students-per-college',
    });
    // 3 active pairings; the 4th apprentice was never in an active pairing
    expect(students).toMatchObject({ value: 3, target: '≥ 50', met: false });
    // checked from 2025 on: 2026 is past it, the shortfall is flagged by the engine
    expect(students.flagged).toBe(s.year >= 2025);
    expect(
      row(report.rows, { scopeId: s.otherSchool, basis: 'year', indicator: 'masters-per-college' }).value,
    ).toBe(1);
    expect(
      row(report.rows, { scopeId: s.schoolId, basis: 'cumulative', indicator: 'students-per-college' }).value,
    ).toBe(3);
  });

  it('writes the same figures to the workbook (LS-GOAL)', async () => {
    const s = await setup;
    const xlsx = sheetRows(await workbook(P, s.year, admin));
    const r = xlsx.find(
      (x) => x.范围编号 === s.schoolId && x.口径 === 'year' && x.指标 === 'students-per-college',
    );
    expect(r).toMatchObject({
      实际: 3,
      目标: '≥ 50',
      是否达标: '未达标',
      预警: s.year >= 2025 ? '是' : '否',
    });
  });

  it('gives a college (unit) its own figures only; 403 without a reading role; 404 to another agency (LS-GOAL, X-TENANT)', async () => {
    const s = await setup;
    const own = await kpis(P, s.year, unit(s.schoolId));
    expect(own.rows.length).toBeGreaterThan(0);
    expect(own.rows.every((r) => r.scopeId === s.schoolId)).toBe(true);
    expect((await reporting(P, s.year, { agency: 'lishui', roles: [], user: 'n' })).status).toBe(403);
    expect((await reporting(P, s.year, { agency: 'jiangsu', roles: ['admin'], user: 'j' })).status).toBe(404);
  });
});
