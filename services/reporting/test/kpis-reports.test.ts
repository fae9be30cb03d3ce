import { randomUUID } from 'node:crypto';
import { asAgencyId } from '@talent/data';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { apiEvent, type Caller, lambdaContext, parseResponse } from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import {
  annual,
  approvePlan,
  openProjects,
  recordCheck,
  seedBeijing,
  setStage,
  teamOf,
} from '../../cohorts/test/beijing-support';
import { DynamoNominationRepository } from '../../nominations/src/repositories/nomination-repository';
import { handler } from '../src/handlers/api';
import { maskName } from '../src/kpis/reports';

const admin: Caller = { agency: 'beijing', roles: ['admin'], user: 'bj-admin' };
const auditor: Caller = { agency: 'beijing', roles: ['auditor'], user: 'bj-auditor' };
const finance: Caller = { agency: 'beijing', roles: ['finance'], user: 'bj-finance' };
const none: Caller = { agency: 'beijing', roles: [], user: 'nobody' };
const intruder: Caller = { agency: 'jiangsu', roles: ['admin'], user: 'js-admin' };
const S1 = `s-${randomUUID().slice(0, 6)}`;
const S2 = `s-${randomUUID().slice(0, 6)}`;

const get = async (route: string, cycleId: string, caller: Caller, query?: Record<string, string>) => {
  const raw = (await handler(
    apiEvent({ method: 'GET', route, pathParameters: { cycleId }, ...(query ? { query } : {}), caller }),
    lambdaContext('reporting'),
  )) as APIGatewayProxyStructuredResultV2;
  return { ...parseResponse(raw), lambda: raw };
};
const readXlsx = async (raw: APIGatewayProxyStructuredResultV2) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(String(raw.body), 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws?.eachRow((r, n) => {
    if (n > 1) rows.push((r.values as unknown[]).slice(1));
  });
  return rows;
};

const setup = (async () => {
  const s = await seedBeijing({
    persons: [
      { category: 'backbone', unitId: S1, nominee: { name: '王小明' } },
      { category: 'backbone', unitId: S1, nominee: { name: '欧阳娜娜' } },
      { category: 'leader', unitId: S2, nominee: { name: '李强' } },
    ],
    teams: [{ unitId: S2, name: '数控匠师团队', members: teamOf(5) }],
  });
  await openProjects(s.cycleId);
  const [p1, p2, p3] = s.personIds as [string, string, string];
  await approvePlan(p1, S1);
  await approvePlan(p2, S1);
  await approvePlan(p3, S2);
  await setStage(s.cycleId, 'annual-check', 'open');
  const ok = await recordCheck(p1, annual(1, { y1a: true, y1b: true }));
  expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  const missed = await recordCheck(p2, annual(1, { y1a: true, y1b: false }));
  expect(missed.status, JSON.stringify(missed.body)).toBe(201);
  return { cycleId: s.cycleId, p1, p2, p3 };
})();

describe('Beijing selection summary per round and title (BJ-ROUND)', () => {
  it('counts the official list per title and unit against ~5/15/30/8, JSON and XLSX alike (BJ-ROUND)', async () => {
    const { cycleId } = await setup;
    const r = await get('/cycles/{cycleId}/reports/selection-summary', cycleId, auditor);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const title = (c: string) => r.body.titles.find((t: { category: string }) => t.category === c);
    expect(title('backbone')).toMatchObject({
      selected: 2,
      quota: 30,
      approximate: true,
      flagged: false,
      byUnit: [{ unitId: S1, selected: 2 }],
    });
    expect(title('leader')).toMatchObject({ selected: 1, quota: 15 });
    expect(title('team')).toMatchObject({ selected: 1, quota: 8 });
    expect(title('master-teacher')).toMatchObject({ selected: 0, quota: 5 });
    expect(r.body.total).toBe(4);
    const x = await get('/cycles/{cycleId}/reports/selection-summary', cycleId, finance, { format: 'xlsx' });
    expect(x.status, String(x.lambda.body).slice(0, 300)).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(x.lambda);
    expect(rows.find((row) => row[0] === 'backbone' && row[2] === '合计')?.[3]).toBe(2);
    expect(rows.find((row) => row[0] === 'team' && row[2] === '合计')?.[3]).toBe(1);
  });

  it('gives a unit its own selections only; 403 without a reading role; 404 to another agency (BJ-ROUND, X-TENANT)', async () => {
    const { cycleId } = await setup;
    const own = await get('/cycles/{cycleId}/reports/selection-summary', cycleId, {
      agency: 'beijing',
      roles: ['unit'],
      user: 'u',
      unit: S2,
    });
    expect(own.body.total).toBe(2);
    expect(own.body.unitId).toBe(S2);
    expect((await get('/cycles/{cycleId}/reports/selection-summary', cycleId, none)).status).toBe(403);
    expect((await get('/cycles/{cycleId}/reports/selection-summary', cycleId, intruder)).status).toBe(404);
  });
});

describe('Beijing annual check / mid-term / acceptance report per selectee and team (BJ-CHECKS)', () => {
  it('lists every project with its checks, read from the recorded results (BJ-CHECKS)', async () => {
    const s = await setup;
    const r = await get('/cycles/{cycleId}/reports/beijing-checks', s.cycleId, auditor);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.summary).toMatchObject({
      projects: 4,
      annualPassed: 1,
      annualFailed: 1,
      eliminated: 1,
      accepted: 0,
    });
    const p = (id: string) => r.body.projects.find((x: { projectId: string }) => x.projectId === id);
    expect(p(s.p1)).toMatchObject({
      status: 'active',
      checks: [{ checkKey: 'annual-1', passed: true, targetsMet: 2, targets: 2 }],
    });
    expect(p(s.p2)).toMatchObject({
      status: 'eliminated',
      ending: { ruleId: 'BJ-CHECKS' },
      checks: [{ passed: false, targetsMet: 1 }],
    });
    expect(p(s.p3).checks).toEqual([]);
    expect(r.body.projects.some((x: { nomineeKind: string }) => x.nomineeKind === 'team')).toBe(true);
    const x = await get('/cycles/{cycleId}/reports/beijing-checks', s.cycleId, admin, { format: 'xlsx' });
    const rows = await readXlsx(x.lambda);
    expect(rows.find((row) => row[0] === s.p2)?.[6]).toBe('未通过');
    expect(rows).toHaveLength(4);
  });

  it("gives a unit its own projects; 403 without a reading role; 404 to another agency and for another programme's cycle (BJ-CHECKS, X-TENANT)", async () => {
    const s = await setup;
    const own = await get('/cycles/{cycleId}/reports/beijing-checks', s.cycleId, {
      agency: 'beijing',
      roles: ['unit'],
      user: 'u',
      unit: S1,
    });
    expect(own.body.projects.map((x: { projectId: string }) => x.projectId).sort()).toEqual(
      [s.p1, s.p2].sort(),
    );
    expect((await get('/cycles/{cycleId}/reports/beijing-checks', s.cycleId, none)).status).toBe(403);
    expect((await get('/cycles/{cycleId}/reports/beijing-checks', s.cycleId, intruder)).status).toBe(404);
    expect((await get('/cycles/{cycleId}/reports/guangdong-evaluation', s.cycleId, admin)).status).toBe(404);
  });
});

describe('Publicity announcement and official-list notice (X-PUBLICITY)', () => {
  it('writes the publicity announcement of the published (listed) entries with masked names (X-PUBLICITY)', async () => {
    const c = await seedOfficialList({
      agencyId: 'beijing',
      programmeId: 'beijing-craftsman-teachers',
      entries: [
        { category: 'master-teacher', unitId: S1, nominee: { name: '赵公示' } },
        { category: 'master-teacher', unitId: S1, nominee: { name: '钱正式' } },
      ],
    });
    // the first entry back on the published list (status `listed`), through the nominations repository
    const repo = new DynamoNominationRepository();
    const before = await repo.get(asAgencyId('beijing'), c.nominationIds[0] as string);
    if (!before) throw new Error('no nomination');
    await repo.replace(
      before,
      { ...before, status: 'listed', version: before.version + 1 } as typeof before,
      {
        actor: { userId: 'test', roles: ['admin'] },
        action: 'test-relist',
        at: new Date().toISOString(),
      } as never,
    );
    const r = await get('/cycles/{cycleId}/reports/notice', c.cycleId, auditor, { list: 'provisional' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.title).toContain('公示');
    expect(r.body.entries).toEqual([
      { category: 'master-teacher', categoryZh: '工匠名师', name: '赵**', unitId: S1 },
    ]);
    expect(r.body.text).toContain('个工作日');
    expect(r.body.text).not.toContain('赵公示');
    expect(r.body.text).not.toContain('钱');
    const official = await get('/cycles/{cycleId}/reports/notice', c.cycleId, auditor, { list: 'official' });
    expect(official.body.entries.map((e: { name: string }) => e.name)).toEqual(['钱**']);
    const unitSlice = await get(
      '/cycles/{cycleId}/reports/notice',
      c.cycleId,
      { agency: 'beijing', roles: ['unit'], user: 'u', unit: S2 },
      { list: 'official' },
    );
    expect(unitSlice.body.entries).toEqual([]);
  });

  it('writes the official-list notice with masked names and unit ids, never resident IDs (X-PUBLICITY)', async () => {
    const { cycleId } = await setup;
    const r = await get('/cycles/{cycleId}/reports/notice', cycleId, auditor, { list: 'official' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.title).toContain('正式名单');
    expect(r.body.text).toContain('王**');
    expect(r.body.text).toContain('欧***');
    expect(r.body.text).toContain('李*');
    expect(r.body.text).not.toContain('王小明');
    expect(r.body.text).not.toContain('欧阳娜娜');
    expect(r.body.text).toContain(S1);
    expect(r.body.text).toContain('数控匠师团队');
    expect(r.body.text).toContain('优秀骨干匠师（2名）');
    expect(r.body.text).not.toMatch(/\d{17}[\dX]/);
    expect(JSON.stringify(r.body)).not.toMatch(/\d{17}[\dX]/);
    expect(maskName('张三')).toBe('张*');
    expect(maskName('李')).toBe('李*');
  });

  it('writes the publicity announcement of the published list, empty once every entry is official (X-PUBLICITY)', async () => {
    const { cycleId } = await setup;
    const r = await get('/cycles/{cycleId}/reports/notice', cycleId, admin, { list: 'provisional' });
    expect(r.status).toBe(200);
    expect(r.body.title).toContain('公示');
    expect(r.body.entries).toEqual([]);
    expect((await get('/cycles/{cycleId}/reports/notice', cycleId, admin, { list: 'other' })).status).toBe(
      422,
    );
    expect((await get('/cycles/{cycleId}/reports/notice', cycleId, none, { list: 'official' })).status).toBe(
      403,
    );
    expect(
      (await get('/cycles/{cycleId}/reports/notice', cycleId, intruder, { list: 'official' })).status,
    ).toBe(404);
  });
});
