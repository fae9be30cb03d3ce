import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiEvent, type EventInput, lambdaContext, parseResponse } from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import { handler as cohorts } from '../../cohorts/src/handlers/api';
import { handler as pairings } from '../../pairings/src/handlers/api';
import { SCORECARD_ITEMS } from '../src/forms/definitions';
import { escapeHtml, renderFormHtml } from '../src/forms/html';
import {
  call,
  caller,
  JS,
  jsAdmin,
  jsCohort,
  LS,
  lsAdmin,
  masterAttributes,
  ok,
  school,
  useClock,
} from './forms-support';

const HOSTILE = '<script>alert("x")</script>&\'';
const SCORE = '/cycles/{cycleId}/forms/js-scorecards/{unitId}';
const MASTERS = '/cycles/{cycleId}/forms/ls-masters/{schoolId}';
const NOMINATION = '/cycles/{cycleId}/forms/ls-master-nominations/{masterId}';

const viaCohorts = async (input: EventInput) =>
  parseResponse(await cohorts(apiEvent(input), lambdaContext('cohorts')));
const viaPairings = async (input: EventInput) =>
  parseResponse(await pairings(apiEvent(input), lambdaContext('pairings')));

const html = (r: { status: number; headers: Record<string, string>; raw: string }) => {
  expect(r.status, r.raw.slice(0, 300)).toBe(200);
  expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(r.raw).toMatch(/^<!DOCTYPE html>/);
  expect(r.raw).toContain('@page { size: A4;');
  expect(r.raw).toContain('border: 1px solid #000');
  return r.raw;
};

let js: { cycleId: string; unitId: string };
let ls: { cycleId: string; schoolId: string; masterId: string };

beforeAll(async () => {
  useClock('2026-11-15T02:00:00Z');
  const c = await jsCohort([1]);
  const unitId = `tu-${randomUUID().slice(0, 6)}`;
  ok(
    await viaCohorts({
      method: 'PUT',
      route: '/cycles/{cycleId}/training-units/{unitId}',
      pathParameters: { cycleId: c.cycleId, unitId },
      body: {
        name: HOSTILE,
        kind: 'technician-college',
        city: '南京市',
        majors: [{ code: '0102-4', name: '数控加工' }],
      },
      caller: jsAdmin,
    }),
    201,
  );
  for (const [user, score] of [
    ['rev-1', 4],
    ['rev-2', 5],
  ] as const) {
    ok(
      await call({
        method: 'POST',
        route: SCORE,
        pathParameters: { cycleId: c.cycleId, unitId },
        body: { items: SCORECARD_ITEMS.map((i) => ({ no: i.no, score })) },
        caller: caller(JS, ['reviewer'], user),
      }),
      201,
    );
  }
  js = { cycleId: c.cycleId, unitId };

  const seeded = await seedOfficialList({
    agencyId: LS,
    programmeId: 'lishui-masters',
    entries: [
      {
        category: 'master-tier-1',
        unitId: 'county-liandu',
        attributes: { ...masterAttributes, politicalStatus: HOSTILE },
        nominee: {
          name: '<b>大师</b>',
          employer: 'A&B <i>公司</i>',
          position: '首席技师',
          occupation: '数控车工',
        },
      },
    ],
  });
  const schoolId = `school-${randomUUID().slice(0, 8)}`;
  const masterId = seeded.nominationIds[0] as string;
  ok(
    await viaPairings({
      method: 'POST',
      route: '/cycles/{cycleId}/masters',
      pathParameters: { cycleId: seeded.cycleId },
      body: {
        nominationId: masterId,
        schoolId,
        employmentAgreement: { signedOn: '2026-11-02', reference: 'PY-001' },
        employmentStartOn: '2026-11-03',
      },
      caller: school(schoolId),
    }),
    201,
  );
  ls = { cycleId: seeded.cycleId, schoolId, masterId };
});

describe('printable HTML forms (JS-FORMS, LS-FORMS)', () => {
  it('escapes every text it renders', () => {
    expect(escapeHtml(HOSTILE)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    const out = renderFormHtml({
      title: '<t>',
      lines: ['<l>'],
      header: ['<h>'],
      rows: [['<c>', 1, null]],
      footer: ['<f>'],
    });
    expect(out).not.toMatch(/<(t|l|h|c|f)>/);
    expect(out).toContain('<title>&lt;t&gt;</title>');
    expect(out).toContain('<td>&lt;c&gt;</td><td class="n">1</td><td></td>');
  });

  it('prints 附件4 from the same figures as the JSON, the unit name escaped (JS-FORMS)', async () => {
    const p = { cycleId: js.cycleId, unitId: js.unitId };
    const json = ok(await call({ method: 'GET', route: SCORE, pathParameters: p, caller: jsAdmin }));
    const page = html(
      await call({ method: 'GET', route: `${SCORE}/form.html`, pathParameters: p, caller: jsAdmin }),
    );
    expect(page).toContain('<title>承训单位考核验收表</title>');
    expect(page).toContain('<h1>承训单位考核验收表</h1>');
    expect(page).toContain('（2026学年）');
    expect(page).not.toContain('<script>');
    expect(page).toContain(escapeHtml(HOSTILE));
    expect(page).toContain('<th>评分（rev-1）</th><th>评分（rev-2）</th><th>评分（平均）</th>');
    expect(json.total.mean).toBe(90);
    expect(page).toContain(
      `<tr><td>总计</td><td></td><td></td><td class="n">100</td><td class="n">80</td><td class="n">100</td><td class="n">${json.total.mean}</td></tr>`,
    );
    expect(page).toContain(
      `<tr><td>培训过程（55分）</td><td class="n">1</td><td>${escapeHtml(json.items[0].criterion)}</td><td class="n">5</td><td class="n">4</td><td class="n">5</td><td class="n">${json.items[0].mean}</td></tr>`,
    );
    expect(json.items[0].mean).toBe(4.5);
    expect(page).toContain('<p class="line">省级考核人（签字）：</p>');
    // a unit reads its own form with reviewers unnamed, as in the JSON
    const own = html(
      await call({
        method: 'GET',
        route: `${SCORE}/form.html`,
        pathParameters: p,
        caller: caller(JS, ['unit'], 'u', js.unitId),
      }),
    );
    expect(own).toContain('<th>评分（评审1）</th>');
    expect(own).not.toContain('rev-1');
  });

  it('prints 附表2 and 附表1 with every text escaped and 出生年月 masked as in the JSON (LS-FORMS)', async () => {
    const sp = { cycleId: ls.cycleId, schoolId: ls.schoolId };
    const page = html(
      await call({ method: 'GET', route: `${MASTERS}/form.html`, pathParameters: sp, caller: lsAdmin }),
    );
    expect(page).toContain('<h1>“百名大师”汇总表</h1>');
    expect(page).toContain('<th>序号</th><th>姓名</th><th>所在单位及职务</th>');
    expect(page).toContain(
      '<td>&lt;b&gt;大师&lt;/b&gt;</td><td>A&amp;B &lt;i&gt;公司&lt;/i&gt; 首席技师</td>',
    );
    expect(page).toContain(escapeHtml(HOSTILE));
    expect(page).not.toMatch(/<(script|b|i)>/);

    const mp = { cycleId: ls.cycleId, masterId: ls.masterId };
    const reviewerJson = ok(
      await call({ method: 'GET', route: NOMINATION, pathParameters: mp, caller: caller(LS, ['reviewer']) }),
    );
    const birth = reviewerJson.fields.find((f: { field: string }) => f.field === '出生年月').value as string;
    expect(birth).toMatch(/^\d{4}-\*\*$/);
    const masked = html(
      await call({
        method: 'GET',
        route: `${NOMINATION}/form.html`,
        pathParameters: mp,
        caller: caller(LS, ['reviewer']),
      }),
    );
    expect(masked).toContain(`<tr><td>出生年月</td><td>${birth}</td></tr>`);
    const full = html(
      await call({ method: 'GET', route: `${NOMINATION}/form.html`, pathParameters: mp, caller: lsAdmin }),
    );
    expect(full).toMatch(/<tr><td>出生年月<\/td><td>\d{4}-\d{2}<\/td><\/tr>/);
    expect(full).not.toMatch(/<(script|b|i)>/);
  });

  it('prints the GD-MATERIALS checklist (GD-MATERIALS)', async () => {
    const c = await seedOfficialList({
      agencyId: 'guangdong',
      programmeId: 'guangdong-diploma-technician',
      entries: [
        {
          category: 'pilot-major',
          unitId: 'gd-u9',
          attributes: { institutionName: HOSTILE, major: '电气', materials: ['training-plan'] },
        },
      ],
    });
    const page = html(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/forms/gd-materials.html',
        pathParameters: { cycleId: c.cycleId },
        caller: caller('guangdong', ['auditor']),
      }),
    );
    expect(page).toContain('<h1>学制技师培养改革试点申报材料清单</h1>');
    expect(page).toContain(
      `<td>${escapeHtml(HOSTILE)}</td><td>电气</td><td>official</td><td>有</td><td>缺</td>`,
    );
    expect(page).not.toContain('<script>');
  });

  it('refuses finance (403), hides another unit’s form (404) and another agency’s (404)', async () => {
    const cases: [string, Record<string, string>, string][] = [
      [`${SCORE}/form.html`, { cycleId: js.cycleId, unitId: js.unitId }, JS],
      [`${MASTERS}/form.html`, { cycleId: ls.cycleId, schoolId: ls.schoolId }, LS],
      [`${NOMINATION}/form.html`, { cycleId: ls.cycleId, masterId: ls.masterId }, LS],
    ];
    for (const [route, params, agency] of cases) {
      const get = (who: ReturnType<typeof caller>) =>
        call({ method: 'GET', route, pathParameters: params, caller: who });
      expect((await get(caller(agency, ['finance']))).status, route).toBe(403);
      expect((await get(caller('guangdong', ['admin']))).status, route).toBe(404);
    }
    const other = (agency: string) => caller(agency, ['unit'], 'other', 'another-unit');
    expect(
      (
        await call({
          method: 'GET',
          route: `${SCORE}/form.html`,
          pathParameters: cases[0]?.[1],
          caller: other(JS),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'GET',
          route: `${MASTERS}/form.html`,
          pathParameters: cases[1]?.[1],
          caller: other(LS),
        })
      ).status,
    ).toBe(404);
    const gd = '/cycles/{cycleId}/forms/gd-materials.html';
    expect(
      (
        await call({
          method: 'GET',
          route: gd,
          pathParameters: { cycleId: ls.cycleId },
          caller: caller(LS, ['finance']),
        })
      ).status,
    ).toBe(403);
    expect(
      (await call({ method: 'GET', route: gd, pathParameters: { cycleId: ls.cycleId }, caller: lsAdmin }))
        .status,
    ).toBe(404);
  });
});
