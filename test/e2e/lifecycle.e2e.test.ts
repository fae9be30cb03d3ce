import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '@talent/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationBody, beijingTeamNomination, e2eClient, nominee } from '../support/e2e-client';

// End to end, on the local stack's virtual clock: the synthesized schedules open each programme's
// cycle, the synthesized state machines carry it through the programme's stages (executed by
// aws-local-stepfunctions, tasks in the same Lambda handlers), and everything is read back through
// the HTTP API. Its own DynamoDB Local (in memory): the schedules open cycles with fixed ids
// (`js-2026` …) that other test files may also use.

let stack: LocalStack;
/** State transitions per execution (the AWS billing unit), reported by the last test. */
const transitions: Record<string, number> = {};
const tokens: Record<string, string> = {};
const AGENCIES = ['lishui', 'guangdong', 'zhuhai', 'jiangsu', 'beijing'] as const;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    inMemory: true,
    dataDir: mkdtempSync(join(tmpdir(), 'talent-e2e-lifecycle-')),
    quiet: true,
    clockStart: '2026-01-01T00:00:00+08:00',
  });
  for (const agency of AGENCIES) tokens[agency] = await stack.issueToken({ agency, roles: ['admin'] });
}, 120_000);
afterAll(async () => stack?.stop());

const { request, advanceTo, advance, cycle, nominate, selectOne, reviewAndDecide, officialIds, closeStage } =
  e2eClient(() => stack, tokens);

describe('cycles opened by schedule and carried by their state machines (virtual clock)', () => {
  it('opens the Jiangsu cycle on 2 January 09:00 Shanghai and runs it to the training stage', async () => {
    expect((await request('GET', '/cycles/js-2026', tokens.jiangsu)).status).toBe(404);
    const ran = await advanceTo('2026-01-02T09:00:00+08:00');
    expect(ran.ran.schedules).toBeGreaterThanOrEqual(1);
    let js = await cycle('jiangsu', 'js-2026');
    expect(js).toMatchObject({
      programmeId: 'jiangsu-excellent-technicians',
      year: 2026,
      selectionDate: '2026-01-02',
      execution: { name: 'jiangsu--js-2026--y1', status: 'RUNNING' },
      currentStageId: 'nomination', // the notice (majors offered) closed itself
      intakeOpen: true,
    });
    const selected = await selectOne('jiangsu', {
      programmeId: 'jiangsu-excellent-technicians',
      cycleId: 'js-2026',
      category: 'A',
      unitId: 'js-unit-01',
      nominee: nominee('数控车工'),
      attributes: { basis: '苏办发〔2019〕20号 高技能领军人才', receivedChiefTechnicianSubsidy: false },
    });
    await closeStage('jiangsu', 'js-2026', 'nomination'); // the list is drawn as intake closes (JS-CATEGORIES)
    js = await cycle('jiangsu', 'js-2026');
    expect(js.intakeOpen).toBe(false);
    expect(js.stages.find((s: { id: string }) => s.id === 'official-list').status).toBe('closed');
    expect(js.currentStageId).toBe('training');
    expect(await officialIds('jiangsu', 'js-2026')).toEqual([selected]);
  });

  it('opens Guangdong, Zhuhai and the first Beijing round on 1 March, each on its own state machine', async () => {
    await advanceTo('2026-03-01T09:00:00+08:00');
    for (const [agency, id, first] of [
      ['guangdong', 'gd-2026', 'research'],
      ['zhuhai', 'zh-2026', 'nomination'],
      ['beijing', 'bj-2026', 'school-recommendation'],
    ] as const) {
      const c = await cycle(agency, id);
      expect(c.execution.status, id).toBe('RUNNING');
      expect(c.currentStageId, id).toBe(first);
    }
    // Beijing opens every 2 years: the schedule gave its agency setting of 5 working days.
    expect(
      (await cycle('beijing', 'bj-2026')).stages.find((s: { id: string }) => s.id === 'publicity'),
    ).toMatchObject({
      workingDays: 5,
    });
  });

  it('runs Zhuhai from nomination through review to its official list and cultivation (ZH-CRAFTSMAN-TIERS)', async () => {
    const selected = await nominate('zhuhai', {
      programmeId: 'zhuhai-new-craftsmen',
      cycleId: 'zh-2026',
      category: 'craftsman',
      unitId: 'zh-enterprise-01',
      nominee: nominee('集成电路装调工'),
      attributes: {
        industry: 'integrated-circuits',
        enterprise: '珠海某半导体有限公司',
        transmitsSkills: true,
      },
    });
    await closeStage('zhuhai', 'zh-2026', 'nomination');
    expect((await cycle('zhuhai', 'zh-2026')).currentStageId).toBe('review');
    await reviewAndDecide('zhuhai', selected);
    await closeStage('zhuhai', 'zh-2026', 'review');
    const zh = await cycle('zhuhai', 'zh-2026');
    expect(zh.currentStageId).toBe('training');
    expect(await officialIds('zhuhai', 'zh-2026')).toEqual([selected]);
  });

  it('runs the Beijing round: school publicity, reviews, provisional list, publicity, confirmation, plan (BJ-SELECTION-FLOW)', async () => {
    const selected = await nominate('beijing', beijingTeamNomination('bj-2026'));
    for (const stage of ['school-recommendation', 'school-publicity', 'qualification-review']) {
      await closeStage('beijing', 'bj-2026', stage);
    }
    expect((await cycle('beijing', 'bj-2026')).currentStageId).toBe('expert-review');
    await reviewAndDecide('beijing', selected);
    await closeStage('beijing', 'bj-2026', 'expert-review');
    expect((await cycle('beijing', 'bj-2026')).currentStageId).toBe('provisional-list');
    expect((await request('POST', '/cycles/bj-2026/provisional-list', tokens.beijing)).status).toBe(200);
    await closeStage('beijing', 'bj-2026', 'provisional-list');
    const bj = await cycle('beijing', 'bj-2026');
    expect(bj.currentStageId).toBe('publicity');
    const publicity = bj.stages.find((s: { id: string }) => s.id === 'publicity');
    const shown = await request('GET', '/public/cycles/beijing/bj-2026/publicity');
    expect(shown.body.items.map((e: { nominationId: string }) => e.nominationId)).toEqual([selected]);
    await advanceTo(`${publicity.endsOn}T23:59:00+08:00`);
    expect((await cycle('beijing', 'bj-2026')).currentStageId).toBe('publicity');
    await advance('PT1M');
    expect((await cycle('beijing', 'bj-2026')).currentStageId).toBe('plan'); // confirmed closed itself
    expect(await officialIds('beijing', 'bj-2026')).toEqual([selected]);
  });

  it('runs Guangdong from applications to filing: review, publicity with objections, official list (GD-APPLY-FLOW, X-PUBLICITY)', async () => {
    const gdReviewer = await stack.issueToken({
      agency: 'guangdong',
      roles: ['reviewer'],
      user: 'gd-expert-1',
    });
    // Two colleges apply while the cycle takes applications (research and submission stages).
    const apply = async (unitId: string, major: string) => {
      const r = await request(
        'POST',
        '/nominations',
        tokens.guangdong,
        applicationBody('gd-2026', unitId, major),
      );
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const s = await request('POST', `/nominations/${r.body.nominationId}/submit`, tokens.guangdong);
      expect(s.status, JSON.stringify(s.body)).toBe(200);
      return r.body.nominationId as string;
    };
    const kept = await apply('gd-college-01', '数控加工');
    const objected = await apply('gd-college-02', '工业机器人应用与维护');
    for (const stage of ['research', 'submission']) await closeStage('guangdong', 'gd-2026', stage);
    expect((await cycle('guangdong', 'gd-2026')).currentStageId).toBe('evaluation');

    // Expert evaluation: a registered reviewer, assigned, reviews; the admin decides.
    expect(
      (await request('POST', '/reviewers', tokens.guangdong, { reviewerId: 'gd-expert-1', name: '陈专家' }))
        .status,
    ).toBe(201);
    for (const [id, score] of [
      [kept, 92],
      [objected, 88],
    ] as const) {
      expect(
        (
          await request('POST', `/nominations/${id}/assignments`, tokens.guangdong, {
            reviewerIds: ['gd-expert-1'],
          })
        ).status,
      ).toBe(200);
      const review = await request('POST', `/nominations/${id}/reviews`, gdReviewer, {
        score,
        qualificationPassed: true,
        recommendation: 'recommend',
        comment: '培养基础扎实，校企合作真实',
      });
      expect(review.status, JSON.stringify(review.body)).toBe(201);
      const decided = await request('POST', `/nominations/${id}/decision`, tokens.guangdong, {
        outcome: 'recommend',
        reasons: '通过评估论证',
      });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    }
    await closeStage('guangdong', 'gd-2026', 'evaluation'); // the list is drawn as the review ends

    // Publicity: 5 working days on the official calendar, opened on Thursday 5 March 2026.
    let gd = await cycle('guangdong', 'gd-2026');
    expect(gd.currentStageId).toBe('publicity');
    const publicity = gd.stages.find((s: { id: string }) => s.id === 'publicity');
    const opened = publicity.openedAt.slice(0, 10);
    expect(publicity).toMatchObject({ status: 'open', workingDays: 5 });
    const shown = await request('GET', '/public/cycles/guangdong/gd-2026/publicity');
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body.items.map((e: { nominationId: string }) => e.nominationId).sort()).toEqual(
      [kept, objected].sort(),
    );
    expect(JSON.stringify(shown.body)).not.toMatch(/\d{17}[\dX]/); // no resident ID of any faculty member
    const object = async (nominationId: string, ip: string) => {
      const r = await fetch(`${stack.url}/public/cycles/guangdong/gd-2026/objections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({
          nominationId,
          name: '李群众',
          contact: '13900001111',
          grounds: '合作企业近三年未与学校开展订单班项目，申报材料不实',
          evidence: [{ title: '企业官网项目清单', url: 'https://example.com/projects' }],
        }),
      });
      expect(r.status, await r.clone().text()).toBe(202);
      return ((await r.json()) as { objectionId: string }).objectionId;
    };
    const upheld = await object(objected, '203.0.113.7');
    const dismissed = await object(kept, '203.0.113.8');
    const resolve = async (id: string, outcome: 'upheld' | 'dismissed') => {
      const r = await request('POST', `/objections/${id}/resolve`, tokens.guangdong, {
        outcome,
        reason: '经调查核实',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await resolve(dismissed, 'dismissed');

    // The period ends, but an unresolved objection holds the list (X-PUBLICITY).
    await advanceTo(`${publicity.endsOn}T23:00:00+08:00`);
    expect((await cycle('guangdong', 'gd-2026')).currentStageId).toBe('publicity');
    await advance('P2D');
    expect((await cycle('guangdong', 'gd-2026')).currentStageId).toBe('publicity');
    await resolve(upheld, 'upheld');
    await advance('P1D');
    gd = await cycle('guangdong', 'gd-2026');
    expect(gd.currentStageId).toBe('filing'); // the official list froze itself
    expect(gd.officialList).toMatchObject({ count: 1 });
    const official = await request('GET', '/cycles/gd-2026/list?stage=official', tokens.guangdong);
    expect(official.body.items.map((e: { nominationId: string }) => e.nominationId)).toEqual([kept]);

    // Filing with the ministry (备案) closes the filing stage; mid-term evaluation begins.
    const clock = (await request('GET', '/_local/clock')).body.now as string;
    const today = new Date(Date.parse(clock) + 8 * 3600_000).toISOString().slice(0, 10);
    const filed = await request('POST', '/cycles/gd-2026/filing', tokens.guangdong, {
      authority: '人力资源社会保障部职业能力建设司技工院校管理处',
      filedOn: today,
      reference: '粤人社函〔2026〕88号',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    await advance('P1D');
    expect((await cycle('guangdong', 'gd-2026')).currentStageId).toBe('mid-term');
    expect(opened >= '2026-03-01').toBe(true);
    const execution = await stack.stepFunctions.describeExecution({
      executionArn:
        'arn:aws:states:local:000000000000:execution:talent-dev-guangdong-diploma-technician:guangdong--gd-2026--y1',
    });
    transitions.guangdong = execution.stateTransitions;
  });

  it('closes the Lishui nominations at the end of 31 October and pairings at the end of 30 November (LS-CALENDAR)', async () => {
    await advanceTo('2026-09-01T09:00:00+08:00');
    let ls = await cycle('lishui', 'ls-2026');
    expect(ls).toMatchObject({
      currentStageId: 'master-nomination',
      selectionDate: '2026-10-31',
      intakeOpen: true,
    });
    const selected = await selectOne('lishui', {
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
    await advanceTo('2026-10-31T23:59:00+08:00');
    expect((await cycle('lishui', 'ls-2026')).intakeOpen).toBe(true);
    await advanceTo('2026-11-01T00:00:00+08:00');
    ls = await cycle('lishui', 'ls-2026');
    expect(ls.intakeOpen).toBe(false);
    expect(ls.currentStageId).toBe('pairing-list'); // the master list closed itself
    expect(await officialIds('lishui', 'ls-2026')).toEqual([selected]);
    await advanceTo('2026-12-01T00:00:00+08:00');
    expect((await cycle('lishui', 'ls-2026')).currentStageId).toBe('mentoring');
  });

  it('carries a cycle of an agency-registered programme on the registered-programmes state machine', async () => {
    const { definitionFrom } = await import('../../packages/programmes/test/fixtures');
    const definition = definitionFrom('zhuhai-new-craftsmen', {
      id: 'zh-enterprise-craftsmen',
      agencyId: 'zhuhai',
    });
    const registered = await request('POST', '/programmes', tokens.zhuhai, definition);
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const opened = await request('POST', '/cycles', tokens.zhuhai, {
      cycleId: 'zhe-2026',
      programmeId: 'zh-enterprise-craftsmen',
      year: 2026,
      selectionDate: '2026-12-01',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    await advance('PT1M');
    let zhe = await cycle('zhuhai', 'zhe-2026');
    expect(zhe).toMatchObject({ currentStageId: 'nomination', execution: { status: 'RUNNING' } });
    await closeStage('zhuhai', 'zhe-2026', 'nomination');
    zhe = await cycle('zhuhai', 'zhe-2026');
    expect(zhe.currentStageId).toBe('review');
    const executions = await stack.stepFunctions.listExecutions({
      stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:talent-dev-registered-programmes',
    });
    expect(executions.executions.map((e: { name: string }) => e.name)).toEqual(['zhuhai--zhe-2026--y1']);
  });

  it('counts state transitions by stages, not by nominations, and keeps one execution per cycle year', async () => {
    const r = await stack.stepFunctions.listExecutions({
      stateMachineArn:
        'arn:aws:states:local:000000000000:stateMachine:talent-dev-jiangsu-excellent-technicians',
    });
    expect(r.executions.map((e: { name: string }) => e.name)).toEqual(['jiangsu--js-2026--y1']);
    // Guangdong: 9 stages × 4 states, a few daily looks (decision stages, the held publicity) × 3.
    expect(transitions.guangdong).toBeGreaterThan(36);
    expect(transitions.guangdong).toBeLessThan(200);
    console.info(`[e2e] Guangdong cycle year so far: ${transitions.guangdong} state transitions`);
  });
});
