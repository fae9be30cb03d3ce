import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { apiEvent, type Caller, lambdaContext, parseResponse } from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import { openProjects, seedBeijing, teamOf } from '../../cohorts/test/beijing-support';
import { pilotsReady } from '../../cohorts/test/guangdong-support';
import { escapeHtml } from '../src/forms/html';
import { handler } from '../src/handlers/api';
import { tablesHtml } from '../src/kpis/html';

const HOSTILE = '<script>alert("x")</script>&\'';
const auditor: Caller = { agency: 'beijing', roles: ['auditor'], user: 'bj-auditor' };
const finance: Caller = { agency: 'beijing', roles: ['finance'], user: 'bj-finance' };
const none: Caller = { agency: 'beijing', roles: [], user: 'nobody' };
const intruder: Caller = { agency: 'jiangsu', roles: ['admin'], user: 'js-admin' };
const S1 = `s-${randomUUID().slice(0, 6)}`;

const get = async (
  route: string,
  pathParameters: Record<string, string>,
  caller: Caller,
  query?: Record<string, string>,
) =>
  parseResponse(
    (await handler(
      apiEvent({ method: 'GET', route, pathParameters, ...(query ? { query } : {}), caller }),
      lambdaContext('reporting'),
    )) as APIGatewayProxyStructuredResultV2,
  );

const html = (r: { status: number; headers: Record<string, string>; raw: string }) => {
  expect(r.status, r.raw.slice(0, 300)).toBe(200);
  expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(r.headers['content-security-policy']).toBe(
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  );
  expect(r.raw).toMatch(/^<!DOCTYPE html>/);
  expect(r.raw).toContain('@page { size: A4;');
  expect(r.raw).not.toContain('<script>');
  return r.raw;
};

/** One table row as `sheetToHtml` writes it (numbers right-aligned, every text escaped). */
const td = (v: unknown) =>
  v === null || v === undefined
    ? '<td></td>'
    : typeof v === 'number'
      ? `<td class="n">${v}</td>`
      : `<td>${escapeHtml(String(v))}</td>`;
const tr = (cells: readonly unknown[]) => `<tr>${cells.map(td).join('')}</tr>`;

const beijing = (async () => {
  const s = await seedBeijing({
    persons: [
      { category: 'backbone', unitId: S1, nominee: { name: '王小明' } },
      { category: 'leader', unitId: S1, nominee: { name: '欧阳娜娜' } },
    ],
    teams: [{ unitId: S1, name: HOSTILE, members: teamOf(5) }],
  });
  await openProjects(s.cycleId);
  return s;
})();

describe('printable HTML of the KPI reports and notices (BJ-ROUND, BJ-CHECKS, GD-OUTCOME, X-PUBLICITY)', () => {
  it('escapes every text of a report table', () => {
    const out = tablesHtml('<t>', ['<l>'], [{ name: '<n>', headers: ['<h>'], rows: [['<c>', 1, null]] }]);
    expect(out).not.toMatch(/<(t|l|n|h|c)>/);
    expect(out).toContain('<h1>&lt;t&gt;</h1>');
    expect(out).toContain('<td>&lt;c&gt;</td><td class="n">1</td><td></td>');
  });

  it('prints the programme KPIs with the JSON’s rows (BJ-ROUND, BJ-TARGETS)', async () => {
    const s = await beijing;
    const summary = await get('/cycles/{cycleId}/reports/selection-summary', { cycleId: s.cycleId }, auditor);
    const year = String(summary.body.year);
    const p = { programmeId: 'beijing-craftsman-teachers' };
    const [json, page] = await Promise.all([
      get('/programmes/{programmeId}/kpis', p, finance, { year }),
      get('/programmes/{programmeId}/kpis', p, finance, { year, format: 'html' }),
    ]);
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    const out = html(page);
    expect(out).toContain('<h2>指标</h2>');
    const mine = json.body.rows.filter((r: { scopeId?: string }) => r.scopeId === s.cycleId);
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) {
      const met = r.met === null ? '—' : r.met ? '达标' : '未达标';
      expect(out).toContain(
        tr([
          r.ruleId,
          r.scope,
          r.scopeId ?? '',
          r.basis,
          r.indicator,
          r.labelZh,
          r.target,
          r.value,
          r.whole,
          r.percent,
          met,
          r.flagged ? '是' : '否',
        ]),
      );
    }
  });

  it('prints the selection summary with the JSON’s counts and its notice with the masked name (BJ-ROUND, X-PUBLICITY)', async () => {
    // unit ids are key segments (no markup possible): the report holds no free text to escape
    const unitId = `gd-h-${randomUUID().slice(0, 6)}`;
    const c = await seedOfficialList({
      agencyId: 'guangdong',
      programmeId: 'guangdong-diploma-technician',
      entries: [{ category: 'pilot-major', unitId, attributes: { institutionName: HOSTILE, major: '电气' } }],
    });
    const gdAuditor: Caller = { agency: 'guangdong', roles: ['auditor'], user: 'gd-auditor' };
    const route = '/cycles/{cycleId}/reports/selection-summary';
    const json = await get(route, { cycleId: c.cycleId }, gdAuditor);
    const out = html(await get(route, { cycleId: c.cycleId }, gdAuditor, { format: 'html' }));
    const t = json.body.titles.find((x: { category: string }) => x.category === 'pilot-major');
    expect(t.selected).toBe(1);
    expect(out).toContain(tr(['pilot-major', t.nameZh, unitId, 1, null, null]));
    expect(out).toContain(`合计：${json.body.total}`);
    // the official-list notice of the same cycle: the institution (not a person) named, escaped
    const notice = await get('/cycles/{cycleId}/reports/notice', { cycleId: c.cycleId }, gdAuditor, {
      list: 'official',
    });
    const page = html(
      await get('/cycles/{cycleId}/reports/notice', { cycleId: c.cycleId }, gdAuditor, {
        list: 'official',
        format: 'html',
      }),
    );
    const e = notice.body.entries[0];
    // the fixture's entry carries a nominee: a person, so the name is masked as in the JSON
    expect(e.name).toMatch(/^.\*+$/);
    expect(page).toContain(tr([1, e.categoryZh, e.name, e.unitId]));
  });

  it('prints the Beijing checks and the official-list notice with masked names as in the JSON (BJ-CHECKS, X-PUBLICITY)', async () => {
    const s = await beijing;
    const route = '/cycles/{cycleId}/reports/beijing-checks';
    const json = await get(route, { cycleId: s.cycleId }, auditor);
    const out = html(await get(route, { cycleId: s.cycleId }, finance, { format: 'html' }));
    expect(json.body.projects).toHaveLength(3);
    for (const p of json.body.projects) {
      expect(out).toContain(
        tr([p.projectId, p.category, p.name, p.unitId, p.status, null, null, null, null, null]),
      );
    }
    expect(out).toContain(`projects：${json.body.summary.projects}`);
    expect(out).toContain(escapeHtml(HOSTILE));

    const nq = { list: 'official' };
    const notice = await get('/cycles/{cycleId}/reports/notice', { cycleId: s.cycleId }, auditor, nq);
    const page = html(
      await get('/cycles/{cycleId}/reports/notice', { cycleId: s.cycleId }, auditor, {
        ...nq,
        format: 'html',
      }),
    );
    expect(page).toContain(`<h1>${escapeHtml(notice.body.title)}</h1>`);
    expect(notice.body.entries.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['王**', '欧***', HOSTILE]),
    );
    for (const [i, e] of notice.body.entries.entries()) {
      expect(page).toContain(tr([i + 1, e.categoryZh, e.name, e.unitId]));
    }
    expect(page).not.toContain('王小明');
    expect(page).not.toContain('欧阳娜娜');
  });

  it('prints the Guangdong evaluation with the JSON’s indicators (GD-OUTCOME, GD-EMPLOYMENT)', async () => {
    // the report holds ids, statuses and figures only (no free text: unit ids are key segments)
    const unitId = `gd-e-${randomUUID().slice(0, 6)}`;
    const { cycleId } = await pilotsReady([{ unitId }]);
    const gd: Caller = { agency: 'guangdong', roles: ['reviewer'], user: 'gd-rev' };
    const route = '/cycles/{cycleId}/reports/guangdong-evaluation';
    const json = await get(route, { cycleId }, gd);
    const out = html(await get(route, { cycleId }, gd, { format: 'html' }));
    expect(json.body.pilots).toHaveLength(1);
    const p = json.body.pilots[0];
    expect(p.indicators.length).toBeGreaterThan(0);
    for (const i of p.indicators) {
      expect(out).toContain(
        tr([
          p.pilotId,
          p.unitId,
          p.status,
          p.evaluations.map((e: { kind: string; result: string }) => `${e.kind}:${e.result}`).join(' '),
          i.ruleId,
          i.indicator,
          i.target,
          i.value,
          i.met === null ? '—' : i.met ? '达标' : '未达标',
        ]),
      );
    }
    expect(out).toContain('<h2>评估与指标</h2>');
  });

  it('refuses a token without a reading role (403) and hides another agency’s reports (404)', async () => {
    const s = await beijing;
    const c = { cycleId: s.cycleId };
    const cases: [string, Record<string, string>, Record<string, string>][] = [
      [
        '/programmes/{programmeId}/kpis',
        { programmeId: 'beijing-craftsman-teachers' },
        { year: '2026', format: 'html' },
      ],
      ['/cycles/{cycleId}/reports/selection-summary', c, { format: 'html' }],
      ['/cycles/{cycleId}/reports/beijing-checks', c, { format: 'html' }],
      ['/cycles/{cycleId}/reports/guangdong-evaluation', c, { format: 'html' }],
      ['/cycles/{cycleId}/reports/notice', c, { list: 'official', format: 'html' }],
    ];
    for (const [route, params, query] of cases) {
      expect((await get(route, params, none, query)).status, route).toBe(403);
      expect((await get(route, params, intruder, query)).status, route).toBe(404);
    }
    expect(
      (await get('/cycles/{cycleId}/reports/notice', c, auditor, { list: 'official', format: 'xlsx' }))
        .status,
    ).toBe(422);
  });
});
