import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiEvent, type EventInput, lambdaContext, parseResponse } from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import { handler as cohorts } from '../../cohorts/src/handlers/api';
import { handler as pairings } from '../../pairings/src/handlers/api';
import { SCORECARD_ITEMS } from '../src/forms/definitions';
import { escapeHtml, renderFormHtml } from '../src/forms/html';
import {
  activePairing,
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

/** One table row as `sheetToHtml` writes it (numbers right-aligned, every text escaped). */
const td = (v: unknown) =>
  v === null || v === undefined
    ? '<td></td>'
    : typeof v === 'number'
      ? `<td class="n">${v}</td>`
      : `<td>${escapeHtml(String(v))}</td>`;
const tr = (cells: readonly unknown[]) => `<tr>${cells.map(td).join('')}</tr>`;
const RATING_ORDER = ['优秀', '良好', '一般', '较差'] as const;

describe('printable HTML of 附件1/2/3, 附表3 and the overviews (JS-FORMS, LS-FORMS)', () => {
  let jc: { cycleId: string; unitId: string };
  let pairedSchool: { cycleId: string; schoolId: string };

  beforeAll(async () => {
    const c = await jsCohort([2]);
    const unitId = c.units[0] as string;
    const renamed = await viaCohorts({
      method: 'PUT',
      route: '/cycles/{cycleId}/training-units/{unitId}',
      pathParameters: { cycleId: c.cycleId, unitId },
      body: {
        name: HOSTILE,
        kind: 'technician-college',
        city: '南京市',
        majors: [
          { code: '0102-4', name: '数控加工' },
          { code: '0301-4', name: '电气自动化设备安装与维修' },
        ],
      },
      caller: jsAdmin,
    });
    expect([200, 201], JSON.stringify(renamed.body)).toContain(renamed.status);
    for (const [i, traineeId] of (c.trainees[0] as string[]).entries()) {
      ok(
        await call({
          method: 'POST',
          route: '/cycles/{cycleId}/forms/js-satisfaction/responses',
          pathParameters: { cycleId: c.cycleId },
          body: {
            traineeId,
            courses: [{ course: HOSTILE, instructor: '<i>王教授</i>', rating: i === 0 ? '优秀' : '良好' }],
            facultyOverall: '优秀',
            teaching: { content: '优秀', level: '良好', mode: '一般', overall: '优秀' },
            service: { organisation: '优秀', logistics: '较差', level: '良好', overall: '优秀' },
            satisfaction: '优秀',
          },
          caller: jsAdmin,
        }),
        201,
      );
    }
    ok(
      await call({
        method: 'POST',
        route: '/cycles/{cycleId}/forms/js-employer-surveys',
        pathParameters: { cycleId: c.cycleId },
        body: {
          employerUnitId: 'emp-1',
          employerName: HOSTILE,
          occupations: [
            {
              occupation: '数控车工',
              seniorTechnicians: 3,
              technicians: 10,
              seniorWorkers: 40,
              trainingNeeds: 12,
            },
          ],
          technicalProblems: ['五轴加工精度'],
          trainingDifficulties: ['工学矛盾'],
          participantEvaluation: '技术技能明显提升',
        },
        caller: jsAdmin,
      }),
      201,
    );
    jc = { cycleId: c.cycleId, unitId };
    await activePairing(ls.cycleId, ls.schoolId, ls.masterId, '学生甲');
    pairedSchool = { cycleId: ls.cycleId, schoolId: ls.schoolId };
  });

  it('prints 附件1 with the JSON’s figures, the unit name escaped (JS-FORMS)', async () => {
    const route = '/cycles/{cycleId}/forms/js-unit-choices';
    const p = { cycleId: jc.cycleId };
    const json = ok(await call({ method: 'GET', route, pathParameters: p, caller: jsAdmin }));
    const page = html(
      await call({ method: 'GET', route: `${route}.html`, pathParameters: p, caller: jsAdmin }),
    );
    expect(page).toContain('<h1>培育对象选取承训单位汇总表</h1>');
    expect(json.rows.length).toBeGreaterThan(0);
    for (const [i, r] of json.rows.entries()) {
      expect(page).toContain(
        tr([
          i + 1,
          r.unitName,
          r.city,
          r.majorCode,
          r.majorName,
          r.trainees,
          r.categoryA,
          r.categoryB,
          r.outOfTown,
        ]),
      );
    }
    expect(json.total).toBe(2);
    expect(page).toContain(`<td>合计</td>`);
    expect(page).toContain(escapeHtml(HOSTILE));
    expect(page).not.toMatch(/<(script|i)>/);
  });

  it('prints 附件2 of a unit with the JSON’s counts and shares, the course escaped (JS-FORMS)', async () => {
    const route = '/cycles/{cycleId}/forms/js-satisfaction/{unitId}';
    const p = { cycleId: jc.cycleId, unitId: jc.unitId };
    const json = ok(await call({ method: 'GET', route, pathParameters: p, caller: jsAdmin }));
    const page = html(
      await call({ method: 'GET', route: `${route}/form.html`, pathParameters: p, caller: jsAdmin }),
    );
    expect(page).toContain('<h1>培育对象满意度调查表（汇总）</h1>');
    expect(page).toContain('<h2>按授课人</h2>');
    const course = json.courses[0];
    expect(course.counts).toMatchObject({ 优秀: 1, 良好: 1 });
    expect(page).toContain(
      tr([
        '师资评价',
        course.course,
        course.instructor,
        ...RATING_ORDER.map((r) => course.counts[r]),
        course.total,
        ...RATING_ORDER.map((r) => course.shares[r]),
      ]),
    );
    expect(page).toContain(`<tr><td>有效问卷数</td>${td(json.responses)}<td></td>`);
    expect(json.responses).toBe(2);
    expect(page).toContain(escapeHtml(HOSTILE));
    expect(page).not.toMatch(/<(script|i)>/);
  });

  it('prints 附件3 with the JSON’s totals per occupation, the employer escaped (JS-FORMS)', async () => {
    const route = '/cycles/{cycleId}/forms/js-employer-surveys';
    const p = { cycleId: jc.cycleId };
    const json = ok(await call({ method: 'GET', route, pathParameters: p, caller: jsAdmin }));
    const page = html(
      await call({ method: 'GET', route: `${route}.html`, pathParameters: p, caller: jsAdmin }),
    );
    expect(page).toContain('<h1>用人单位调查和评价表</h1>');
    expect(page).toContain('<h2>用人单位调查汇总</h2>');
    const o = json.occupations[0];
    expect(o).toMatchObject({ occupation: '数控车工', employers: 1, seniorWorkers: 40 });
    expect(page).toContain(
      tr([o.occupation, o.employers, o.seniorTechnicians, o.technicians, o.seniorWorkers, o.trainingNeeds]),
    );
    expect(page).toContain(`<td>${escapeHtml(HOSTILE)}</td>`);
    expect(page).not.toContain('<script>');
  });

  it('prints 附表3 of a school and the per-school overviews, names escaped (LS-FORMS)', async () => {
    const route = '/cycles/{cycleId}/forms/ls-pairings/{schoolId}';
    const json = ok(await call({ method: 'GET', route, pathParameters: pairedSchool, caller: lsAdmin }));
    const page = html(
      await call({
        method: 'GET',
        route: `${route}/form.html`,
        pathParameters: pairedSchool,
        caller: lsAdmin,
      }),
    );
    expect(page).toContain('<h1>“师徒结对”情况汇总表</h1>');
    expect(json.rows).toHaveLength(1);
    const row = json.rows[0];
    expect(row.结对的学生姓名).toBe('学生甲');
    expect(page).toContain(tr([row.序号, row.大师姓名, row.专业, row.结对的学生姓名]));
    expect(page).toContain('&lt;b&gt;大师&lt;/b&gt;');
    expect(page).not.toMatch(/<(script|b|i)>/);
    // the cross-school overviews (a school: its own) hold the same rows
    const own = school(pairedSchool.schoolId);
    const cp = { cycleId: pairedSchool.cycleId };
    const all = html(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/forms/ls-pairings.html',
        pathParameters: cp,
        caller: own,
      }),
    );
    expect(all).toContain('<h1>“师徒结对”情况汇总表</h1>');
    expect(all).toContain(tr([row.序号, row.大师姓名, row.专业, row.结对的学生姓名]));
    const masters = html(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/forms/ls-masters.html',
        pathParameters: cp,
        caller: own,
      }),
    );
    expect(masters).toContain('<td>&lt;b&gt;大师&lt;/b&gt;</td>');
    expect(masters).not.toMatch(/<(script|b|i)>/);
  });

  it('prints the 附件4 overview with the JSON’s means, the unit name escaped (JS-FORMS)', async () => {
    const route = '/cycles/{cycleId}/forms/js-scorecards';
    const p = { cycleId: js.cycleId };
    const json = ok(await call({ method: 'GET', route, pathParameters: p, caller: jsAdmin }));
    const page = html(
      await call({ method: 'GET', route: `${route}.html`, pathParameters: p, caller: jsAdmin }),
    );
    expect(page).toContain('<h1>承训单位考核验收汇总</h1>');
    const u = json.units.find((x: { unitId: string }) => x.unitId === js.unitId);
    expect(u.total).toBe(90);
    expect(page).toContain(
      tr([
        json.units.indexOf(u) + 1,
        u.unitName,
        u.reviewers,
        u.sections.process,
        u.sections.outcomes,
        u.sections.service,
        u.total,
      ]),
    );
    expect(page).not.toContain('<script>');
  });

  it('refuses finance (403) and hides another agency’s (404) and another unit’s forms (404)', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['/cycles/{cycleId}/forms/js-unit-choices.html', { cycleId: jc.cycleId }, JS],
      [
        '/cycles/{cycleId}/forms/js-satisfaction/{unitId}/form.html',
        { cycleId: jc.cycleId, unitId: jc.unitId },
        JS,
      ],
      ['/cycles/{cycleId}/forms/js-employer-surveys.html', { cycleId: jc.cycleId }, JS],
      ['/cycles/{cycleId}/forms/js-scorecards.html', { cycleId: js.cycleId }, JS],
      ['/cycles/{cycleId}/forms/ls-pairings/{schoolId}/form.html', pairedSchool, LS],
      ['/cycles/{cycleId}/forms/ls-pairings.html', { cycleId: pairedSchool.cycleId }, LS],
      ['/cycles/{cycleId}/forms/ls-masters.html', { cycleId: pairedSchool.cycleId }, LS],
    ];
    for (const [route, params, agency] of cases) {
      const get = (who: ReturnType<typeof caller>) =>
        call({ method: 'GET', route, pathParameters: params, caller: who });
      expect((await get(caller(agency, ['finance']))).status, route).toBe(403);
      expect((await get(caller('guangdong', ['admin']))).status, route).toBe(404);
    }
    const other = (route: string, params: Record<string, string>, agency: string) =>
      call({
        method: 'GET',
        route,
        pathParameters: params,
        caller: caller(agency, ['unit'], 'o', 'another-unit'),
      });
    expect((await other(cases[1]?.[0] as string, cases[1]?.[1] ?? {}, JS)).status).toBe(404);
    expect((await other(cases[4]?.[0] as string, cases[4]?.[1] ?? {}, LS)).status).toBe(404);
  });
});
