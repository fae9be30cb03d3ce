import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '@talent/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eClient, nominee } from '../support/e2e-client';

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

const { request, advanceTo, advance, cycle, selectOne, officialIds, closeStage } = e2eClient(
  () => stack,
  tokens,
);

const ok = (r: { status: number; body: any }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};
const stageOf = (c: { stages: { id: string }[] }, id: string) =>
  c.stages.find((s) => s.id === id) as Record<string, any>;
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
