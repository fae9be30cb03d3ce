import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '@talent/kernel';
import { type LocalStack, startLocalStack } from '@talent/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationBody, beijingTeamNomination, e2eClient, nominee, personId } from '../support/e2e-client';
import { residentIdFor } from '../support/people';

// End to end, on the local stack's virtual clock: each programme's cycle is opened by its schedule,
// selected through the API, and carried by its synthesized state machine past the official list
// into the stages of the services after selection — training, grading, annual checks, mid-term,
// acceptance, the pairing list, mentoring — whose hooks hold a stage open until their work is done
// and make results final as it closes. Its own DynamoDB Local (in memory).

let stack: LocalStack;
const tokens: Record<string, string> = {};
const AGENCIES = ['lishui', 'guangdong', 'zhuhai', 'jiangsu', 'beijing'] as const;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    inMemory: true,
    dataDir: mkdtempSync(join(tmpdir(), 'talent-e2e-cohorts-')),
    quiet: true,
    clockStart: '2026-01-01T00:00:00+08:00',
  });
  for (const agency of AGENCIES) tokens[agency] = await stack.issueToken({ agency, roles: ['admin'] });
}, 120_000);
afterAll(async () => stack?.stop());

const { request, advanceTo, advance, cycle, nominate, selectOne, reviewAndDecide, officialIds, closeStage } =
  e2eClient(() => stack, tokens);

const ok = (r: { status: number; body: any }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};
const stageOf = (c: { stages: { id: string }[] }, id: string) =>
  c.stages.find((s) => s.id === id) as Record<string, any>;
/** A request with extra headers (If-Match). */
const send = async (
  method: string,
  path: string,
  token: string | undefined,
  body: unknown,
  headers: Record<string, string>,
) => {
  const r = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
};
/** Today on the virtual clock, in Shanghai. */
const today = async () => {
  const clock = (await request('GET', '/_local/clock')).body.now as string;
  return new Date(Date.parse(clock) + 8 * 3600_000).toISOString().slice(0, 10);
};
const closeRequest = (agency: string, cycleId: string, stageId: string) =>
  request('POST', `/cycles/${cycleId}/stages/${stageId}/close`, tokens[agency], {
    reason: '本阶段工作已完成',
  });

describe('Jiangsu: selection → training → report → grading → acceptance (JS-ACCEPTANCE)', () => {
  const unitId = 'js-tu-nanjing';
  const trainees: { traineeId: string; nominationId: string; category: string }[] = [];

  it('selects four trainees and enrols them with a training unit, a plan and instructors (JS-TRAINING-UNITS, JS-INSTRUCTOR)', async () => {
    await advanceTo('2026-01-02T09:00:00+08:00');
    expect((await cycle('jiangsu', 'js-2026')).currentStageId).toBe('nomination');
    const selected: { id: string; category: string }[] = [];
    for (const category of ['A', 'A', 'A', 'B']) {
      const id = await selectOne('jiangsu', {
        programmeId: 'jiangsu-excellent-technicians',
        cycleId: 'js-2026',
        category,
        unitId: `js-employer-${selected.length + 1}`,
        nominee: nominee('数控车工'),
        attributes: {
          basis:
            category === 'A' ? '苏办发〔2019〕20号 高技能领军人才' : '苏人社发〔2022〕101号 企业首席技师',
          receivedChiefTechnicianSubsidy: false,
        },
      });
      selected.push({ id, category });
    }
    await closeStage('jiangsu', 'js-2026', 'nomination');
    expect((await cycle('jiangsu', 'js-2026')).currentStageId).toBe('training');
    expect((await officialIds('jiangsu', 'js-2026')).sort()).toEqual(selected.map((s) => s.id).sort());

    const admin = tokens.jiangsu;
    ok(
      await request('PUT', `/cycles/js-2026/training-units/${unitId}`, admin, {
        name: '江苏省南京技师学院',
        kind: 'technician-college',
        city: '南京市',
        majors: [{ code: '0102-4', name: '数控加工' }],
      }),
      201,
    );
    ok(
      await request('PUT', `/cycles/js-2026/training-units/${unitId}/plan`, admin, {
        startsOn: '2026-03-01',
        endsOn: '2026-07-31',
        theoryHours: 40,
        practiceHours: 60,
        credits: 10,
      }),
    );
    for (const s of selected) {
      const t = ok(
        await request('POST', '/cycles/js-2026/trainees', admin, {
          nominationId: s.id,
          unitId,
          majorCode: '0102-4',
          homeCity: '南京市',
        }),
        201,
      );
      trainees.push({ traineeId: t.traineeId, nominationId: s.id, category: s.category });
      ok(
        await request('PUT', `/trainees/${t.traineeId}/instructor`, admin, {
          name: '陈指导',
          skillLevel: '高级技师',
        }),
      );
    }
    const unitToken = await stack.issueToken({ agency: 'jiangsu', roles: ['unit'], unit: unitId });
    const lowRank = await request('PUT', `/trainees/${trainees[0]?.traineeId}/instructor`, unitToken, {
      name: '赵师傅',
      skillLevel: '技师',
      professionalTitle: '中级',
    });
    expect(lowRank.status, JSON.stringify(lowRank.body)).toBe(422);
    expect(lowRank.body.errors[0].ruleId).toBe('JS-INSTRUCTOR');
  });

  it('records sessions and attendance in the window; a trainee under 70% of the hours fails on their own (JS-WINDOW, JS-ATTENDANCE-FAIL)', async () => {
    await advanceTo('2026-03-02T09:00:00+08:00');
    const admin = tokens.jiangsu;
    const session = async (date: string, kind: string, hours: number) =>
      ok(
        await request('POST', `/cycles/js-2026/training-units/${unitId}/sessions`, admin, {
          date,
          kind,
          title: kind === 'theory' ? '前沿理论' : '实操实训',
          hours,
          credits: 1,
        }),
        201,
      ).sessionId as string;
    const outside = await request('POST', `/cycles/js-2026/training-units/${unitId}/sessions`, admin, {
      date: '2026-08-03',
      kind: 'practice',
      title: '窗口外',
      hours: 6,
      credits: 1,
    });
    expect(outside.status).toBe(422);
    expect(JSON.stringify(outside.body)).toContain('JS-WINDOW');
    // 5 theory days of 8 hours and 5 practice days of 12 hours, 1 credit each: 40 + 60 hours (4 : 6).
    const days: { id: string; hours: number }[] = [];
    for (let d = 0; d < 5; d++) {
      days.push({ id: await session(`2026-03-1${d}`, 'theory', 8), hours: 8 });
      days.push({ id: await session(`2026-05-1${d}`, 'practice', 12), hours: 12 });
    }
    for (const [i, t] of trainees.entries()) {
      // The last trainee attends 6 of the 10 days: 60 of 100 hours, 6 of 10 credits.
      const attended = i === trainees.length - 1 ? days.slice(0, 6) : days;
      for (const day of attended) {
        ok(
          await request('PUT', `/trainees/${t.traineeId}/attendance/${day.id}`, admin, {
            present: true,
            hours: day.hours,
            credits: 1,
          }),
        );
      }
    }
    await advanceTo('2026-08-01T09:00:00+08:00');
    await closeStage('jiangsu', 'js-2026', 'training');
    expect((await cycle('jiangsu', 'js-2026')).currentStageId).toBe('report');
  });

  it('takes one research report per trainee, scored by an expert, then holds the grading stage until the unit’s grades are in (JS-REPORT, JS-GRADES)', async () => {
    const admin = tokens.jiangsu;
    const expert = await stack.issueToken({ agency: 'jiangsu', roles: ['reviewer'], user: 'js-expert' });
    for (const t of trainees) {
      ok(
        await request('POST', `/trainees/${t.traineeId}/report`, admin, {
          title: '数控加工工艺优化研修报告',
          submittedOn: '2026-08-10',
        }),
        201,
      );
      ok(await request('PUT', `/trainees/${t.traineeId}/report/score`, expert, { score: 85 }));
    }
    await closeStage('jiangsu', 'js-2026', 'report');
    expect((await cycle('jiangsu', 'js-2026')).currentStageId).toBe('grading');
    const early = await closeRequest('jiangsu', 'js-2026', 'grading');
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(early.body.ruleId).toBe('JS-GRADES');
  });

  it('grades the unit within the quota and closes grading and acceptance, which makes the results final (JS-GRADE-QUOTA, JS-ACCEPTANCE)', async () => {
    const unitToken = await stack.issueToken({ agency: 'jiangsu', roles: ['unit'], unit: unitId });
    const grades = (list: string[]) => ({
      grades: trainees.map((t, i) => ({ traineeId: t.traineeId, grade: list[i] })),
    });
    // 4 trainees: at most one 优秀 and one 良好 (30%, rounded down).
    const over = await request(
      'POST',
      `/cycles/js-2026/training-units/${unitId}/grades`,
      unitToken,
      grades(['优秀', '优秀', '合格', '合格']),
    );
    expect(over.status).toBe(422);
    expect(over.body.errors[0].ruleId).toBe('JS-GRADE-QUOTA');
    const submitted = ok(
      await request(
        'POST',
        `/cycles/js-2026/training-units/${unitId}/grades`,
        unitToken,
        grades(['优秀', '良好', '合格', '合格']),
      ),
    );
    expect(submitted.grades.at(-1)).toMatchObject({ grade: '不合格', autoFailed: true });

    ok(await closeRequest('jiangsu', 'js-2026', 'grading'));
    await advance('P1D');
    expect((await cycle('jiangsu', 'js-2026')).currentStageId).toBe('acceptance');
    const finance = await stack.issueToken({ agency: 'jiangsu', roles: ['finance'], user: 'js-finance' });
    let accepted = ok(await request('GET', '/cycles/js-2026/acceptance', finance));
    expect(accepted.units[0]).toMatchObject({ status: 'provisional', passed: 3 });

    await closeStage('jiangsu', 'js-2026', 'acceptance');
    const js = await cycle('jiangsu', 'js-2026');
    expect(stageOf(js, 'acceptance').status).toBe('closed');
    expect(js.currentStageId).toBe('disbursement');
    accepted = ok(await request('GET', '/cycles/js-2026/acceptance', finance));
    expect(accepted.units[0]).toMatchObject({
      status: 'final',
      city: '南京市',
      passed: 3,
      // The B trainee attended 60% and failed: money follows the three who passed.
      passedByCategory: { A: 3 },
      gradedByCategory: { A: 3, B: 1 },
    });
    // Final: a late resubmission is refused.
    const late = await request(
      'POST',
      `/cycles/js-2026/training-units/${unitId}/grades`,
      unitToken,
      grades(['合格', '合格', '合格', '合格']),
    );
    expect(late.status).toBe(409);
  });
});

describe('Jiangsu: disbursement of the accepted year, exported for the finance bureau (JS-SUBSIDY, JS-ACCEPTANCE)', () => {
  let batchId = '';
  it('pays by the number who passed, with two finance officers, within the budget (P-FOUR-EYES, P-BUDGET)', async () => {
    const finance1 = await stack.issueToken({ agency: 'jiangsu', roles: ['finance'], user: 'js-finance-1' });
    const finance2 = await stack.issueToken({ agency: 'jiangsu', roles: ['finance'], user: 'js-finance-2' });
    // Recomputed independently from the acceptance: passed trainees × the category rate (A 10,000 yuan).
    const accepted = ok(await request('GET', '/cycles/js-2026/acceptance', finance1));
    const rates: Record<string, number> = { A: 1_000_000, B: 800_000 };
    const expectedFen = accepted.units
      .flatMap((u: { passedByCategory: Record<string, number> }) => Object.entries(u.passedByCategory))
      .reduce((sum: number, [category, n]: [string, number]) => sum + n * (rates[category] ?? 0), 0);
    expect(expectedFen).toBe(3_000_000);

    ok(
      await request('PUT', '/budgets/jiangsu-excellent-technicians/2026', tokens.jiangsu, {
        limitFen: 2_999_999,
        reason: '2026年度省级财政预算',
      }),
      201,
    );
    const batch = ok(await request('POST', '/cycles/js-2026/disbursement-batches', finance1, {}), 201);
    batchId = batch.batchId;
    expect(batch).toMatchObject({ status: 'draft', totalFen: expectedFen, headCount: 3 });
    const reviewed = ok(
      await send('POST', `/batches/${batchId}/review`, finance1, {}, { 'if-match': `"${batch.version}"` }),
    );
    const self = await send(
      'POST',
      `/batches/${batchId}/approve`,
      finance1,
      {},
      { 'if-match': `"${reviewed.version}"` },
    );
    expect(self.status).toBe(409);
    expect(self.body.ruleId).toBe('P-FOUR-EYES');
    const overBudget = await send(
      'POST',
      `/batches/${batchId}/approve`,
      finance2,
      {},
      { 'if-match': `"${reviewed.version}"` },
    );
    expect(overBudget.status).toBe(409);
    expect(overBudget.body.ruleId).toBe('P-BUDGET');
    ok(
      await request('PUT', '/budgets/jiangsu-excellent-technicians/2026', tokens.jiangsu, {
        limitFen: 3_000_000,
        reason: '追加预算',
      }),
    );
    const approved = ok(
      await send(
        'POST',
        `/batches/${batchId}/approve`,
        finance2,
        {},
        { 'if-match': `"${reviewed.version}"` },
      ),
    );
    ok(
      await send(
        'POST',
        `/batches/${batchId}/release`,
        finance2,
        { reference: '苏财社〔2026〕12号', releasedOn: await today() },
        { 'if-match': `"${approved.version}"` },
      ),
    );
    await closeStage('jiangsu', 'js-2026', 'disbursement');
    expect((await cycle('jiangsu', 'js-2026')).status).toBe('completed');
  });

  it('exports the batch as CSV and XLSX that a real parser reads back with the same totals', async () => {
    const finance = await stack.issueToken({ agency: 'jiangsu', roles: ['finance'], user: 'js-finance-1' });
    const download = async (format: 'csv' | 'xlsx') => {
      const created = ok(await request('POST', `/batches/${batchId}/exports`, finance, { format }), 201);
      const r = await fetch(`${stack.url}/exports/${created.exportId}`, {
        headers: { authorization: `Bearer ${finance}` },
      });
      expect(r.status).toBe(200);
      return Buffer.from(await r.arrayBuffer());
    };
    const csv = await download('csv');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Chinese Excel
    const [header, ...lines] = csv.toString('utf8').slice(1).trim().split('\r\n');
    const columns = (header ?? '').split(',');
    const fenAt = columns.indexOf('金额（分）');
    expect(fenAt).toBeGreaterThanOrEqual(0);
    expect(lines).toHaveLength(3);
    expect(lines.reduce((sum, l) => sum + Number(l.split(',')[fenAt]), 0)).toBe(3_000_000);
    expect(csv.toString('utf8')).toMatch(/\d{17}[\dX]/); // finance sees full IDs: payment needs them

    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('xlsx')) as never);
    const summary = workbook.getWorksheet('汇总');
    expect(summary).toBeDefined();
    const cells: unknown[] = [];
    summary?.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    const formulas = cells.filter(
      (v): v is { formula: string; result: number } => typeof v === 'object' && v !== null && 'formula' in v,
    );
    expect(formulas.length).toBeGreaterThan(0);
    // The total row's fen SUM carries the same total as the CSV and the recomputation.
    expect(formulas.some((f) => f.result === 3_000_000)).toBe(true);
  });
});

describe('Zhuhai: selection → cultivation with the craftsman pyramid and teacher promotions (ZH-CRAFTSMAN-TIERS, ZH-TEACHER-SUBSIDY)', () => {
  it('registers the official list by tier, computes the pyramid and the teacher subsidy, and completes the cycle', async () => {
    // The schedule opened zh-2026 on 1 March while the Jiangsu year ran.
    expect((await cycle('zhuhai', 'zh-2026')).currentStageId).toBe('nomination');
    const ids: string[] = [];
    for (const category of ['special-craftsman', 'craftsman', 'craftsman']) {
      ids.push(
        await nominate('zhuhai', {
          programmeId: 'zhuhai-new-craftsmen',
          cycleId: 'zh-2026',
          category,
          unitId: 'zh-enterprise-01',
          nominee: nominee('集成电路装调工'),
          attributes: {
            industry: 'integrated-circuits',
            enterprise: '珠海某半导体有限公司',
            transmitsSkills: true,
          },
        }),
      );
    }
    await closeStage('zhuhai', 'zh-2026', 'nomination');
    for (const id of ids) await reviewAndDecide('zhuhai', id);
    await closeStage('zhuhai', 'zh-2026', 'review');
    expect((await cycle('zhuhai', 'zh-2026')).currentStageId).toBe('training');
    const admin = tokens.zhuhai;
    for (const nominationId of ids) {
      ok(await request('POST', '/cycles/zh-2026/craftsman-registrations', admin, { nominationId }), 201);
    }
    const again = await request('POST', '/cycles/zh-2026/craftsman-registrations', admin, {
      nominationId: ids[0],
    });
    expect(again.status).toBe(409);
    const pyramid = ok(await request('GET', '/cycles/zh-2026/craftsman-registrations/pyramid', admin));
    expect(pyramid.tiers.map((t: { tier: string; count: number }) => [t.tier, t.count])).toEqual([
      ['special-craftsman', 1],
      ['craftsman', 2],
      ['district-craftsman', 0],
      ['enterprise-craftsman', 0],
    ]);
    const promotion = ok(
      await request('POST', '/teacher-promotions', admin, {
        unitId: 'zh-private-school-01',
        teacher: { name: '刘老师', residentId: personId() },
        schoolName: '珠海某民办职业技术学校',
        employerType: 'private-vocational-school',
        industry: 'integrated-circuits',
        level: '高级技师',
        promotedBySkillLevelRecognition: true,
        certificateNumber: 'ZH-2026-0001',
        certificateDate: await today(),
      }),
      201,
    );
    expect(promotion.eligibility).toMatchObject({ eligible: true, amountFen: 600_000 });
    await closeStage('zhuhai', 'zh-2026', 'training');
    expect((await cycle('zhuhai', 'zh-2026')).status).toBe('completed');
  });
});

describe('Guangdong: pilot selection → filing → mid-term → completion with dynamic exit (GD-OVERSIGHT, GD-OUTCOME)', () => {
  it('selects two pilots, runs classes and students, evaluates them and revokes the one that fails', async () => {
    expect((await cycle('guangdong', 'gd-2026')).currentStageId).toBe('research');
    const apply = async (unitId: string, major: string) => {
      const r = ok(
        await request('POST', '/nominations', tokens.guangdong, applicationBody('gd-2026', unitId, major)),
        201,
      );
      ok(await request('POST', `/nominations/${r.nominationId}/submit`, tokens.guangdong));
      return r.nominationId as string;
    };
    const good = await apply('gd-college-01', '数控加工');
    const weak = await apply('gd-college-02', '工业机器人应用与维护');
    for (const stage of ['research', 'submission']) await closeStage('guangdong', 'gd-2026', stage);
    for (const id of [good, weak]) await reviewAndDecide('guangdong', id);
    await closeStage('guangdong', 'gd-2026', 'evaluation');
    const publicity = stageOf(await cycle('guangdong', 'gd-2026'), 'publicity');
    await advanceTo(`${publicity.endsOn}T23:59:00+08:00`);
    await advance('PT2M');
    expect((await cycle('guangdong', 'gd-2026')).currentStageId).toBe('filing');
    ok(
      await request('POST', '/cycles/gd-2026/filing', tokens.guangdong, {
        authority: '人力资源社会保障部职业能力建设司',
        filedOn: await today(),
        reference: '粤人社函〔2026〕88号',
      }),
    );
    await advance('P1D');
    expect((await cycle('guangdong', 'gd-2026')).currentStageId).toBe('mid-term');

    const admin = tokens.guangdong;
    const pilots = ok(await request('POST', '/cycles/gd-2026/pilots', admin));
    expect(pilots).toEqual({ registered: 2, existing: 0 }); // the official list, both pilots
    const college = await stack.issueToken({ agency: 'guangdong', roles: ['unit'], unit: 'gd-college-01' });
    const cls = ok(
      await request('POST', `/pilots/${good}/classes`, college, {
        name: '学制技师1班',
        entryLevel: 'senior-high',
        intakeYear: 2026,
      }),
      201,
    );
    expect(cls).toMatchObject({ plannedYears: 4 }); // GD-SCHOOLING: senior high school entry, 4 years
    const student = ok(
      await request('POST', `/classes/${cls.classId}/students`, college, {
        name: '陈学生',
        residentId: residentIdFor('2006-05-01', 15),
        mentors: [
          { role: 'enterprise-mentor', name: '张企导' },
          { role: 'school-mentor', name: '郑教师' },
        ],
      }),
      201,
    );
    expect(student.studentId).toBeTruthy();

    // Mid-term: the stage waits for every pilot's evaluation, then revokes the failing pilot.
    const early = await closeRequest('guangdong', 'gd-2026', 'mid-term');
    expect(early.status).toBe(409);
    expect(early.body.ruleId).toBe('GD-OVERSIGHT');
    const expert = await stack.issueToken({ agency: 'guangdong', roles: ['reviewer'], user: 'gd-expert-2' });
    ok(
      await request('PUT', `/pilots/${good}/evaluations/mid-term`, expert, {
        result: 'pass',
        score: 86,
        findings: '校企协同育人机制运行良好',
      }),
    );
    ok(
      await request('PUT', `/pilots/${weak}/evaluations/mid-term`, expert, {
        result: 'fail',
        score: 52,
        findings: '企业导师未到岗',
      }),
    );
    await closeStage('guangdong', 'gd-2026', 'mid-term');
    expect((await cycle('guangdong', 'gd-2026')).currentStageId).toBe('completion');
    expect(ok(await request('GET', `/pilots/${weak}`, admin)).status).toBe('revoked');
    const late = await request('POST', `/pilots/${weak}/classes`, admin, {
      name: '新班',
      entryLevel: 'senior-high',
      intakeYear: 2027,
    });
    expect(late.status).toBe(409);

    // Completion: the remaining pilot's graduate outcomes give its KPIs.
    ok(
      await request('PUT', `/students/${student.studentId}/outcome`, college, {
        graduated: true,
        graduatedOn: await today(),
        courseAssessmentPassed: true,
        enterprisePracticePassed: true,
        technicianCertificate: true,
        employed: true,
        matchedEmployment: true,
        paidAboveTechnicianPay: true,
      }),
    );
    const kpis = ok(await request('GET', `/classes/${cls.classId}/kpis`, admin));
    expect(JSON.stringify(kpis)).toContain('GD-OUTCOME');
    ok(
      await request('PUT', `/pilots/${good}/evaluations/completion`, expert, {
        result: 'pass',
        score: 90,
        findings: '培养质量达标',
      }),
    );
    await closeStage('guangdong', 'gd-2026', 'completion');
    expect((await cycle('guangdong', 'gd-2026')).status).toBe('completed');
  });
});

describe('Beijing: a team’s round → plan → annual check → mid-term → acceptance → certificate (BJ-PLAN, BJ-CHECKS, BJ-CERTIFICATES)', () => {
  it('carries the selected team’s project through every check to its certificate', async () => {
    const selected = await nominate('beijing', beijingTeamNomination('bj-2026'));
    for (const stage of ['school-recommendation', 'school-publicity', 'qualification-review']) {
      await closeStage('beijing', 'bj-2026', stage);
    }
    await reviewAndDecide('beijing', selected);
    await closeStage('beijing', 'bj-2026', 'expert-review');
    ok(await request('POST', '/cycles/bj-2026/provisional-list', tokens.beijing));
    await closeStage('beijing', 'bj-2026', 'provisional-list');
    const publicity = stageOf(await cycle('beijing', 'bj-2026'), 'publicity');
    await advanceTo(`${publicity.endsOn}T23:59:00+08:00`);
    await advance('PT2M');
    expect((await cycle('beijing', 'bj-2026')).currentStageId).toBe('plan');

    // The plan stage opened the project of the official entry (its hook).
    const admin = tokens.beijing;
    const projects = ok(await request('GET', '/cycles/bj-2026/projects', admin));
    expect(projects.items.map((p: { projectId: string }) => p.projectId)).toEqual([selected]);
    const school = await stack.issueToken({ agency: 'beijing', roles: ['unit'], unit: 'bj-school-01' });
    const early = await closeRequest('beijing', 'bj-2026', 'plan');
    expect(early.status).toBe(409);
    expect(early.body.ruleId).toBe('BJ-PLAN');
    const project = ok(await request('GET', `/projects/${selected}`, school));
    const start = await today();
    const endsOn = `${Number(start.slice(0, 4)) + 2}${start.slice(4)}`;
    const twoYearsLessADay = new Date(Date.parse(`${endsOn}T00:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    ok(
      await send(
        'PUT',
        `/projects/${selected}/plan`,
        school,
        {
          startsOn: start,
          endsOn: twoYearsLessADay,
          growthPlan: '团队建设方案：一体化课程开发与企业实践',
          taskBook: '任务书：开发3门一体化课程，指导学生获市级一等奖',
          overallTargets: [{ targetId: 'o1', description: '开发一体化课程3门' }],
          yearlyTargets: [
            { year: 1, targets: [{ targetId: 'y1', description: '完成课程开发1门' }] },
            { year: 2, targets: [{ targetId: 'y2', description: '完成课程开发2门' }] },
          ],
        },
        { 'if-match': `"${project.version}"` },
      ),
    );
    ok(await request('POST', `/projects/${selected}/plan/submit`, school, {}));
    const expert = await stack.issueToken({ agency: 'beijing', roles: ['reviewer'], user: 'bj-expert-2' });
    ok(
      await request('POST', `/projects/${selected}/plan/review`, expert, {
        decision: 'approve',
        comments: '目标明确',
      }),
    );
    await closeStage('beijing', 'bj-2026', 'plan');

    const check = async (body: Record<string, unknown>) =>
      ok(
        await request('POST', `/projects/${selected}/checks`, expert, { comments: '专家组意见', ...body }),
        201,
      );
    expect((await cycle('beijing', 'bj-2026')).currentStageId).toBe('annual-check');
    await check({ kind: 'annual', year: 1, results: [{ targetId: 'y1', met: true }] });
    await closeStage('beijing', 'bj-2026', 'annual-check');
    await check({ kind: 'mid-term', passed: true, score: 88 });
    await closeStage('beijing', 'bj-2026', 'mid-term');
    expect((await cycle('beijing', 'bj-2026')).currentStageId).toBe('acceptance');
    expect((await request('GET', `/projects/${selected}/certificate`, admin)).status).toBe(404);
    await check({ kind: 'acceptance', passed: true, score: 92, results: [{ targetId: 'o1', met: true }] });
    await closeStage('beijing', 'bj-2026', 'acceptance');
    const bj = await cycle('beijing', 'bj-2026');
    expect(bj.status).toBe('completed');
    const certificate = ok(await request('GET', `/projects/${selected}/certificate`, admin));
    expect(certificate).toMatchObject({
      category: 'team',
      countsForAwardsAndTitles: true,
      ruleId: 'BJ-CERTIFICATES',
    });
    expect(certificate.certificateNumber).toMatch(/^BJGJ-2026-\d{4}$/);
  });
});

describe('Lishui: masters → two-way pairing list by 30 November → mentoring → 十佳大师 (LS-TWO-WAY, LS-CALENDAR, LS-MENTOR-DAYS, LS-TOP-TEN)', () => {
  it('pairs an apprentice with a selected master, waits for the city’s review, mentors 50 days and honours the master', async () => {
    // The schedule opened ls-2026 on 1 September while the Guangdong and Beijing publicity ran.
    expect((await cycle('lishui', 'ls-2026')).currentStageId).toBe('master-nomination');
    const master = await selectOne('lishui', {
      programmeId: 'lishui-masters',
      cycleId: 'ls-2026',
      category: 'master-tier-1',
      unitId: 'ls-school-01',
      nominee: nominee('木雕'),
      attributes: {
        qualification: 'arts-crafts-master',
        nominationRoute: 'competent-department',
        hasApprenticeTeachingExperience: true,
        proposedServiceYears: 6,
        apprenticeGrade: '二年级',
      },
    });
    await advanceTo('2026-11-01T09:00:00+08:00');
    expect((await cycle('lishui', 'ls-2026')).currentStageId).toBe('pairing-list');

    const school = await stack.issueToken({ agency: 'lishui', roles: ['unit'], unit: 'ls-school-01' });
    const registered = ok(
      await request('POST', '/cycles/ls-2026/masters', school, {
        nominationId: master,
        schoolId: 'ls-school-01',
        employmentAgreement: { signedOn: '2026-11-01', reference: 'PY-001' },
        employmentStartOn: '2026-11-01',
      }),
      201,
    );
    const apprentice = ok(
      await request('POST', '/cycles/ls-2026/apprentices', school, {
        schoolId: 'ls-school-01',
        kind: 'student',
        name: '张小明',
        residentId: residentIdFor('2009-03-04', 21),
        phone: '13912345678',
        studyStage: 'secondary-vocational',
        studyYear: 2,
      }),
      201,
    );
    const pairing = ok(
      await request('POST', '/cycles/ls-2026/pairings', school, {
        masterId: registered.masterId,
        apprenticeId: apprentice.apprenticeId,
        initiatedBy: 'master',
      }),
      201,
    );
    const id = pairing.pairingId as string;
    const notYet = await request('POST', `/pairings/${id}/activate`, school);
    expect(notYet.status).toBeGreaterThanOrEqual(409); // the apprentice has not accepted (LS-TWO-WAY)
    ok(await request('POST', `/pairings/${id}/accept`, school, { party: 'apprentice' }));
    ok(
      await request('PUT', `/pairings/${id}/agreements`, school, {
        apprenticeshipAgreement: { signedOn: '2026-11-05' },
        schoolMentor: { name: '李老师', staffNo: 'T-01' },
        trainingPlan: { agreedOn: '2026-11-06', summary: '木雕技艺联合培养计划' },
      }),
    );
    ok(await request('POST', `/pairings/${id}/activate`, school));
    ok(await request('POST', '/cycles/ls-2026/pairing-lists/ls-school-01/submit', school, {}));

    // 30 November passes; the stage waits for the city's review of the submitted list.
    await advanceTo('2026-12-01T09:00:00+08:00');
    let ls = await cycle('lishui', 'ls-2026');
    expect(ls.currentStageId).toBe('pairing-list');
    expect(stageOf(ls, 'pairing-list').blockedBy.ruleId).toBe('LS-TWO-WAY');
    ok(
      await request('POST', '/cycles/ls-2026/pairing-lists/ls-school-01/review', tokens.lishui, {
        outcome: 'approved',
        reason: '审核通过',
      }),
    );
    await advance('P1D');
    ls = await cycle('lishui', 'ls-2026');
    expect(ls.currentStageId).toBe('mentoring');
    expect(stageOf(ls, 'pairing-list').blockedBy).toBeUndefined();

    // Fifty face-to-face days, one a date, from the activation on 1 November (LS-MENTOR-DAYS).
    await advanceTo('2026-12-21T09:00:00+08:00'); // mentoring closes by decision: the daily looks only wait
    for (let i = 0; i < 50; i++) {
      ok(
        await request('POST', `/pairings/${id}/sessions`, school, {
          content: '面对面辅导',
          confirmedBy: '李老师',
          date: addDays('2026-11-01', i),
          days: 1,
        }),
        201,
      );
    }
    const done = ok(
      await request('POST', `/pairings/${id}/completion`, school, {
        skillImproved: true,
        assessment: '技能等级由中级工提升为高级工',
        confirmedOn: await today(),
      }),
    );
    expect(JSON.stringify(done)).toContain('50');
    await closeStage('lishui', 'ls-2026', 'mentoring');
    expect((await cycle('lishui', 'ls-2026')).currentStageId).toBe('top-selection');
    ok(
      await request('POST', '/cycles/ls-2026/honours/top-selections', tokens.lishui, {
        award: 'top-ten-masters',
        subjectId: registered.masterId,
        rank: 1,
        evidence: '带徒成效排名第1',
      }),
      201,
    );
    await closeStage('lishui', 'ls-2026', 'top-selection');
    expect((await cycle('lishui', 'ls-2026')).status).toBe('completed');
    const late = await request('POST', '/cycles/ls-2026/honours/top-selections', tokens.lishui, {
      award: 'top-ten-masters',
      subjectId: registered.masterId,
      rank: 2,
      evidence: '补报',
    });
    expect(late.status).toBe(409);
  });
});
