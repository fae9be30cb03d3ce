import { asAgencyId } from '@talent/data';
import { acceptanceForFunding } from '@talent/svc-cohorts/jiangsu/funding-read';
import { describe, expect, it } from 'vitest';
import { closeAcceptance, cohort, gradesFor, ok, submitGrades } from '../../cohorts/test/jiangsu-support';
import { kpis, reporting, row, sheetRows, workbook } from './kpis-support';

const P = 'jiangsu-excellent-technicians';
const admin = { agency: 'jiangsu', roles: ['admin'], user: 'js-admin' };
const repeat = (g: string, n: number) => Array.from({ length: n }, () => g);

const setup = (async () => {
  const c = await cohort(10, { attendAll: true });
  ok(
    await submitGrades(
      c.cycleId,
      c.unitId,
      gradesFor(c.traineeIds, [
        ...repeat('优秀', 3),
        ...repeat('良好', 3),
        ...repeat('合格', 2),
        '基本合格',
        '不合格',
      ]),
    ),
  );
  return c;
})();

describe('Jiangsu grade distributions and pass rates per unit (JS-GRADES, JS-GRADE-QUOTA, JS-ACCEPTANCE)', () => {
  it('counts the five grades of a unit and its pass rate from the recorded grades (JS-GRADES, JS-ACCEPTANCE)', async () => {
    const c = await setup;
    const report = await kpis(P, 2026, admin);
    const dist = report.gradeDistributions?.find((d) => d.unitId === c.unitId && d.cycleId === c.cycleId);
    expect(dist).toMatchObject({
      trainees: 10,
      grades: { 优秀: 3, 良好: 3, 合格: 2, 基本合格: 1, 不合格: 1 },
      passed: 9,
      passRate: 90,
      final: false,
    });
    // recomputed from the raw grading records the cohorts service keeps
    const raw = (await acceptanceForFunding(asAgencyId('jiangsu'), c.cycleId)).filter(
      (f) => f.unitId === c.unitId,
    );
    expect(raw.filter((f) => f.passed)).toHaveLength(dist?.passed ?? -1);
    expect(row(report.rows, { ruleId: 'JS-ACCEPTANCE', scopeId: c.unitId })).toMatchObject({
      value: 9,
      whole: 10,
      percent: 90,
    });
    expect(row(report.rows, { ruleId: 'JS-GRADES', scopeId: c.unitId, labelZh: '不合格' })).toMatchObject({
      value: 1,
      percent: 10,
    });
  });

  it('shows 优秀 and 良好 at the 30% boundary as within quota (JS-GRADE-QUOTA)', async () => {
    const c = await setup;
    const report = await kpis(P, 2026, admin);
    for (const g of ['优秀', '良好'])
      expect(row(report.rows, { ruleId: 'JS-GRADE-QUOTA', scopeId: c.unitId, labelZh: g })).toMatchObject({
        value: 3,
        percent: 30,
        met: true,
        target: '≤ 30% of trainees',
      });
  });

  it('marks the unit final once the acceptance closed, and the workbook holds the same figures (JS-ACCEPTANCE)', async () => {
    const c = await setup;
    await closeAcceptance(c.cycleId);
    const report = await kpis(P, 2026, admin);
    expect(report.gradeDistributions?.find((d) => d.cycleId === c.cycleId)?.final).toBe(true);
    const xlsx = sheetRows(await workbook(P, 2026, admin));
    const passed = xlsx.find((r) => r.规则编号 === 'JS-ACCEPTANCE' && r.范围编号 === c.unitId);
    expect(passed).toMatchObject({ 实际: 9, 基数: 10, '比例(%)': 90 });
  });

  it("gives a unit its own unit's grades only; 403 without a reading role; 404 to another agency (X-TENANT)", async () => {
    const c = await setup;
    const own = await kpis(P, 2026, { agency: 'jiangsu', roles: ['unit'], user: 'u', unit: c.unitId });
    expect(own.gradeDistributions?.map((d) => d.unitId)).toEqual([c.unitId]);
    expect(own.rows.every((r) => r.scopeId === c.unitId)).toBe(true);
    const stranger = await kpis(P, 2026, { agency: 'jiangsu', roles: ['unit'], user: 'v', unit: 'tu-none' });
    expect(stranger.rows).toEqual([]);
    expect((await reporting(P, 2026, { agency: 'jiangsu', roles: [], user: 'n' })).status).toBe(403);
    expect((await reporting(P, 2026, { agency: 'lishui', roles: ['admin'], user: 'l' })).status).toBe(404);
  });
});
