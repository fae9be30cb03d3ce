import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName } from '@talent/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCORECARD_ITEMS } from '../src/forms/definitions';
import { formKeys } from '../src/forms/store';
import {
  call,
  caller,
  cellOf,
  JS,
  type JsCohort,
  jsAdmin,
  jsCohort,
  ok,
  setStage,
  useClock,
  workbookOf,
} from './forms-support';

// Corrections of the Jiangsu forms 附件4 (scorecards), 附件2 (satisfaction) and 附件3 (employer
// surveys): PUT with If-Match and a reason, audited, until the cycle's acceptance closes (JS-FORMS).

const SCORE = '/cycles/{cycleId}/forms/js-scorecards/{unitId}';
const SCORE_FIX = `${SCORE}/reviewers/{reviewerId}`;
const RESPONSES = '/cycles/{cycleId}/forms/js-satisfaction/responses';
const RESPONSE_FIX = `${RESPONSES}/{traineeId}`;
const SAT_FORM = '/cycles/{cycleId}/forms/js-satisfaction/{unitId}';
const EMPLOYER = '/cycles/{cycleId}/forms/js-employer-surveys';
const EMPLOYER_FIX = `${EMPLOYER}/{employerUnitId}`;
const INTRUDER = caller('lishui', ['admin'], 'ls-admin');

const reviewer = (user: string, unit?: string) => caller(JS, ['reviewer'], user, unit);
const unitUser = (unitId: string) => caller(JS, ['unit'], `u-${unitId}`, unitId);
const all = (score: number) => SCORECARD_ITEMS.map((i) => ({ no: i.no, score }));
const etag = (version: number) => ({ 'if-match': `"${version}"` });

const submit = (c: JsCohort, unitId: string, items: unknown, who: ReturnType<typeof caller>) =>
  call({
    method: 'POST',
    route: SCORE,
    pathParameters: { cycleId: c.cycleId, unitId },
    body: { items },
    caller: who,
  });
const correctScore = (
  c: JsCohort,
  unitId: string,
  reviewerId: string,
  body: unknown,
  who: ReturnType<typeof caller>,
  headers: Record<string, string> = etag(1),
) =>
  call({
    method: 'PUT',
    route: SCORE_FIX,
    pathParameters: { cycleId: c.cycleId, unitId, reviewerId },
    body,
    headers,
    caller: who,
  });
const scoreForm = (c: JsCohort, unitId: string, who = jsAdmin, suffix = '') =>
  call({
    method: 'GET',
    route: `${SCORE}${suffix}`,
    pathParameters: { cycleId: c.cycleId, unitId },
    caller: who,
  });

type Rating = '优秀' | '良好' | '一般' | '较差';
const answers = (r: Rating, extra: Record<string, unknown> = {}) => ({
  courses: [{ course: '数控编程前沿', instructor: '王教授', rating: r }],
  facultyOverall: r,
  teaching: { content: r, level: r, mode: r, overall: r },
  service: { organisation: r, logistics: r, level: r, overall: r },
  satisfaction: r,
  ...extra,
});
const record = (
  c: JsCohort,
  traineeId: string,
  r: Rating,
  who = jsAdmin,
  extra: Record<string, unknown> = {},
) =>
  call({
    method: 'POST',
    route: RESPONSES,
    pathParameters: { cycleId: c.cycleId },
    body: { traineeId, ...answers(r, extra) },
    caller: who,
  });
const correctResponse = (
  c: JsCohort,
  traineeId: string,
  body: unknown,
  who = jsAdmin,
  headers: Record<string, string> = etag(1),
) =>
  call({
    method: 'PUT',
    route: RESPONSE_FIX,
    pathParameters: { cycleId: c.cycleId, traineeId },
    body,
    headers,
    caller: who,
  });
const satForm = (c: JsCohort, unitId: string, suffix = '') =>
  call({
    method: 'GET',
    route: `${SAT_FORM}${suffix}`,
    pathParameters: { cycleId: c.cycleId, unitId },
    caller: jsAdmin,
  });

const survey = (employerUnitId: string, needs: number, extra: Record<string, unknown> = {}) => ({
  employerUnitId,
  employerName: `${employerUnitId}有限公司`,
  occupations: [
    {
      occupation: '数控车工',
      seniorTechnicians: 3,
      technicians: 10,
      seniorWorkers: 40,
      trainingNeeds: needs,
    },
  ],
  technicalProblems: ['五轴加工精度'],
  trainingDifficulties: ['工学矛盾'],
  participantEvaluation: '技术技能明显提升',
  ...extra,
});
const recordSurvey = (c: JsCohort, body: unknown, who = jsAdmin) =>
  call({ method: 'POST', route: EMPLOYER, pathParameters: { cycleId: c.cycleId }, body, caller: who });
const correctSurvey = (
  c: JsCohort,
  employerUnitId: string,
  body: unknown,
  who = jsAdmin,
  headers: Record<string, string> = etag(1),
) =>
  call({
    method: 'PUT',
    route: EMPLOYER_FIX,
    pathParameters: { cycleId: c.cycleId, employerUnitId },
    body,
    headers,
    caller: who,
  });
const employerForm = (c: JsCohort, suffix = '', who = jsAdmin) =>
  call({ method: 'GET', route: `${EMPLOYER}${suffix}`, pathParameters: { cycleId: c.cycleId }, caller: who });

/** The audit records of a partition (X-AUDIT). */
const auditsOf = async (pk: string) =>
  (
    await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
        ExpressionAttributeValues: { ':pk': pk, ':a': 'AUDIT#' },
      }),
    )
  ).Items ?? [];

const ag = asAgencyId(JS);
const totalRowOf = (html: string) => /<tr><td>总计<\/td>.*?<\/tr>/.exec(html)?.[0] ?? '';

let c: JsCohort;
beforeAll(async () => {
  useClock('2026-06-01T02:00:00Z');
  c = await jsCohort([2, 2, 1, 1]);
});

describe('corrections of 附件4 scorecards (JS-FORMS)', () => {
  it('lets the reviewer correct its own scorecard: the form, its XLSX and HTML totals show the new scores, submittedAt stays (JS-FORMS)', async () => {
    const unit = c.units[0] as string;
    useClock('2026-06-01T02:00:00Z');
    const first = await submit(c, unit, all(5), reviewer('rev-a'));
    expect(ok(first, 201)).toMatchObject({ version: 1, total: 100 });
    expect(first.headers.etag).toBe('"1"');
    ok(await submit(c, unit, all(3), reviewer('rev-b')), 201);

    useClock('2026-06-03T08:00:00Z');
    const items = all(4).map((i) => (i.no === 1 ? { no: 1, score: 2 } : i));
    const fixed = await correctScore(
      c,
      unit,
      'rev-a',
      { items, comment: '复核后更正', reason: '第1项误录为5分' },
      reviewer('rev-a'),
    );
    const body = ok(fixed);
    expect(fixed.headers.etag).toBe('"2"');
    expect(body).toMatchObject({
      reviewerId: 'rev-a',
      version: 2,
      corrections: 1,
      total: 78,
      sections: { process: 42, outcomes: 16, service: 20 },
      comment: '复核后更正',
      submittedAt: '2026-06-01T02:00:00.000Z',
      correctedAt: '2026-06-03T08:00:00.000Z',
      correctedBy: 'rev-a',
    });
    expect(body.reason).toBeUndefined();

    const f = ok(await scoreForm(c, unit));
    expect(f.reviewers).toBe(2);
    expect(f.total.totals).toEqual([78, 60]);
    expect(f.total.mean).toBe(69);
    expect(f.items[0].scores).toEqual([2, 3]);
    expect(f.items[0].mean).toBe(2.5);
    expect(f.scorecards[0]).toMatchObject({ reviewer: 'rev-a', version: 2, corrections: 1 });
    expect(f.scorecards[1]).toMatchObject({ reviewer: 'rev-b', version: 1 });

    const ws = (await workbookOf(await scoreForm(c, unit, jsAdmin, '/form.xlsx'))).getWorksheet(
      '承训单位考核验收表',
    );
    if (!ws) throw new Error('no sheet');
    expect(cellOf(ws, 'E5')).toBe(2);
    expect(cellOf(ws, 'E28')).toEqual({ formula: 'SUM(E25,E26,E27)', result: 78 });
    expect(cellOf(ws, 'G28')).toEqual({ formula: 'ROUND(AVERAGE(E28:F28),2)', result: 69 });

    const html = await scoreForm(c, unit, jsAdmin, '/form.html');
    expect(html.status).toBe(200);
    expect(totalRowOf(html.raw)).toBe(
      '<tr><td>总计</td><td></td><td></td><td class="n">100</td><td class="n">78</td><td class="n">60</td><td class="n">69</td></tr>',
    );
    const overview = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/forms/js-scorecards',
        pathParameters: { cycleId: c.cycleId },
        caller: jsAdmin,
      }),
    );
    expect(overview.units.find((u: any) => u.unitId === unit)).toMatchObject({ reviewers: 2, total: 69 });
  });

  it('writes the correction with its audit record: before, after and the reason (JS-FORMS, X-AUDIT)', async () => {
    const unit = c.units[0] as string;
    const audits = await auditsOf(formKeys.scorecardPk(ag, c.cycleId, unit));
    const corrections = audits.filter((a) => a.action === 'form.js-scorecard.corrected');
    expect(corrections).toHaveLength(1);
    expect(corrections[0]).toMatchObject({
      entityType: 'JsScorecard',
      entityId: `${unit}/rev-a`,
      actorId: 'rev-a',
      reason: '第1项误录为5分',
      before: { total: 100, version: 1 },
      after: { total: 78, version: 2, corrections: 1, correctedBy: 'rev-a' },
    });
    expect(audits.filter((a) => a.action === 'form.js-scorecard.submitted')).toHaveLength(2);
  });

  it('requires If-Match (428) and refuses a stale one (412), writing nothing (JS-FORMS)', async () => {
    const unit = c.units[0] as string;
    const body = { items: all(0), reason: '更正' };
    const missing = await correctScore(c, unit, 'rev-b', body, reviewer('rev-b'), {});
    expect(missing.status).toBe(428);
    const stale = await correctScore(c, unit, 'rev-a', body, reviewer('rev-a'), etag(1));
    expect(stale.status).toBe(412);
    expect(stale.body.ruleId).toBe('P-VERSION-MATCH');
    expect(
      (await correctScore(c, unit, 'rev-b', body, reviewer('rev-b'), { 'if-match': 'W/"1"' })).status,
    ).toBe(412);
    const f = ok(await scoreForm(c, unit));
    expect(f.total.totals).toEqual([78, 60]);
    const audits = await auditsOf(formKeys.scorecardPk(ag, c.cycleId, unit));
    expect(audits.filter((a) => a.action === 'form.js-scorecard.corrected')).toHaveLength(1);
  });

  it('lets exactly one of two concurrent corrections with the same If-Match through (200, 412) (JS-FORMS)', async () => {
    const unit = c.units[1] as string;
    ok(await submit(c, unit, all(5), reviewer('rev-race')), 201);
    const rs = await Promise.all(
      [1, 2].map((s) =>
        correctScore(c, unit, 'rev-race', { items: all(s), reason: `更正${s}` }, reviewer('rev-race')),
      ),
    );
    expect(rs.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = rs.find((r) => r.status === 200)?.body;
    const f = ok(await scoreForm(c, unit));
    expect(f.total.totals).toEqual([winner.total]);
    expect(f.scorecards[0].version).toBe(2);
    const audits = await auditsOf(formKeys.scorecardPk(ag, c.cycleId, unit));
    expect(
      audits.filter((a) => a.action === 'form.js-scorecard.corrected').map((a) => a.after.total),
    ).toEqual([winner.total]);
  });

  it('lets only the reviewer who made the scorecard correct it: another reviewer and an admin 403, a recused one 403 X-RECUSAL, unknown 404 (JS-FORMS)', async () => {
    const unit = c.units[1] as string;
    const body = { items: all(1), reason: '更正' };
    const other = await correctScore(c, unit, 'rev-race', body, reviewer('rev-other'), etag(2));
    expect(other.status).toBe(403);
    expect(other.body.ruleId).toBe('JS-FORMS');
    expect((await correctScore(c, unit, 'rev-race', body, jsAdmin, etag(2))).status).toBe(403);
    const own = await correctScore(c, unit, 'rev-own', body, reviewer('rev-own', unit), etag(1));
    expect(own.status).toBe(403);
    expect(own.body.ruleId).toBe('X-RECUSAL');
    expect((await correctScore(c, unit, 'rev-none', body, reviewer('rev-none'))).status).toBe(404);
    expect((await correctScore(c, 'tu-unknown', 'rev-race', body, reviewer('rev-race'))).status).toBe(404);
    expect(ok(await scoreForm(c, unit)).scorecards[0]).toMatchObject({ version: 2 });
    // an admin corrects a scorecard the admin made
    ok(await submit(c, unit, all(2), jsAdmin), 201);
    expect(ok(await correctScore(c, unit, 'js-admin', body, jsAdmin))).toMatchObject({
      version: 2,
      total: 20,
    });
  });

  it('refuses roles not allowed (403) and another agency (404) (JS-FORMS, X-TENANT)', async () => {
    const unit = c.units[1] as string;
    const body = { items: all(1), reason: '更正' };
    for (const r of ['unit', 'auditor', 'finance']) {
      const who = caller(JS, [r], 'rev-race', 'tu-x');
      expect((await correctScore(c, unit, 'rev-race', body, who, etag(2))).status).toBe(403);
    }
    const intruder = caller('lishui', ['reviewer'], 'rev-race');
    expect((await correctScore(c, unit, 'rev-race', body, intruder, etag(2))).status).toBe(404);
    expect((await correctScore(c, unit, 'ls-admin', body, INTRUDER, etag(2))).status).toBe(404);
    const cards = ok(await scoreForm(c, unit)).scorecards;
    expect(cards.find((s: any) => s.reviewer === 'rev-race')).toMatchObject({ version: 2, corrections: 1 });
  });

  it('counts a scorecard stored without a version as version 1 (JS-FORMS)', async () => {
    const unit = c.units[2] as string;
    ok(await submit(c, unit, all(3), reviewer('rev-old')), 201);
    await getDocumentClient().send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: { PK: formKeys.scorecardPk(ag, c.cycleId, unit), SK: formKeys.scorecardSk('rev-old') },
        UpdateExpression: 'REMOVE version',
      }),
    );
    expect(ok(await scoreForm(c, unit)).scorecards[0].version).toBe(1);
    expect(
      (
        await correctScore(
          c,
          unit,
          'rev-old',
          { items: all(4), reason: '更正' },
          reviewer('rev-old'),
          etag(2),
        )
      ).status,
    ).toBe(412);
    const fixed = ok(
      await correctScore(c, unit, 'rev-old', { items: all(4), reason: '更正' }, reviewer('rev-old')),
    );
    expect(fixed).toMatchObject({ version: 2, total: 80, corrections: 1 });
  });

  it('refuses bad correction bodies with 422 naming the field (JS-FORMS)', async () => {
    const unit = c.units[2] as string;
    const who = reviewer('rev-old');
    const cases: [unknown, string][] = [
      [{ items: all(4) }, 'body.reason'],
      [{ items: all(4), reason: '' }, 'body.reason'],
      [{ items: all(4), reason: 'x'.repeat(501) }, 'body.reason'],
      [{ items: [...all(4).slice(0, 19), { no: 20, score: 6 }], reason: '更正' }, 'body.items'],
      [{ items: all(4).slice(0, 19), reason: '更正' }, 'body.items'],
      [{ items: [...all(4).slice(0, 19), { no: 19, score: 3 }], reason: '更正' }, 'body.items'],
      [{ items: all(4), reason: '更正', total: 100 }, 'total'],
    ];
    for (const [body, field] of cases) {
      const r = await correctScore(c, unit, 'rev-old', body, who, etag(2));
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    expect(ok(await scoreForm(c, unit)).scorecards[0]).toMatchObject({ version: 2 });
  });
});

describe('corrections of 附件2 satisfaction responses (JS-FORMS)', () => {
  it('lets the trainee’s unit correct a response: the aggregate (JSON, XLSX) counts the corrected ratings, filledOn and recordedAt stay, audited (JS-FORMS, X-AUDIT)', async () => {
    const unit = c.units[0] as string;
    const [t1, t2] = c.trainees[0] as string[];
    useClock('2026-06-01T02:00:00Z');
    const first = await record(c, t1 as string, '较差', unitUser(unit), { filledOn: '2026-05-30' });
    expect(ok(first, 201)).toMatchObject({ version: 1, filledOn: '2026-05-30' });
    expect(first.headers.etag).toBe('"1"');
    ok(await record(c, t2 as string, '优秀', unitUser(unit)), 201);
    expect(ok(await satForm(c, unit)).items.find((i: any) => i.id === 'satisfaction').counts).toMatchObject({
      优秀: 1,
      较差: 1,
    });

    useClock('2026-06-04T02:00:00Z');
    const fixed = await correctResponse(
      c,
      t1 as string,
      { ...answers('良好', { suggestions: '增加实操' }), reason: '录入时选错栏' },
      unitUser(unit),
    );
    expect(fixed.headers.etag).toBe('"2"');
    expect(ok(fixed)).toMatchObject({
      traineeId: t1,
      unitId: unit,
      version: 2,
      corrections: 1,
      filledOn: '2026-05-30',
      recordedAt: '2026-06-01T02:00:00.000Z',
      recordedBy: `u-${unit}`,
      correctedAt: '2026-06-04T02:00:00.000Z',
      correctedBy: `u-${unit}`,
      suggestions: '增加实操',
    });
    const f = ok(await satForm(c, unit));
    expect(f.responses).toBe(2);
    const satisfaction = f.items.find((i: any) => i.id === 'satisfaction');
    expect(satisfaction).toMatchObject({ total: 2, counts: { 优秀: 1, 良好: 1, 一般: 0, 较差: 0 } });
    expect(f.suggestions).toEqual(['增加实操']);
    const ws = (await workbookOf(await satForm(c, unit, '/form.xlsx'))).getWorksheet('培育对象满意度调查表');
    if (!ws) throw new Error('no sheet');
    // row 4: the course of both responses (t1 now 良好, t2 优秀)
    expect([4, 5, 6, 7].map((col) => ws.getRow(4).getCell(col).value)).toEqual([1, 1, 0, 0]);
    expect(cellOf(ws, 'H4')).toEqual({ formula: 'SUM(D4:G4)', result: 2 });

    // admin corrects too, with the traineeId in the body (the path's)
    ok(
      await correctResponse(
        c,
        t1 as string,
        { traineeId: t1, ...answers('一般'), reason: '复核' },
        jsAdmin,
        etag(2),
      ),
    );
    const audits = (await auditsOf(formKeys.satisfactionPk(ag, c.cycleId))).filter(
      (a) => a.action === 'form.js-satisfaction.corrected' && a.entityId === t1,
    );
    expect(audits.map((a) => [a.actorId, a.reason, a.before.version, a.after.version]).sort()).toEqual([
      ['js-admin', '复核', 2, 3],
      [`u-${unit}`, '录入时选错栏', 1, 2],
    ]);
    const firstFix = audits.find((a) => a.reason === '录入时选错栏');
    expect(firstFix?.before.ratings.satisfaction).toBe('较差');
    expect(firstFix?.after.ratings.satisfaction).toBe('良好');
  });

  it('requires If-Match (428), refuses a stale one (412) and lets one of two concurrent corrections through, writing nothing else (JS-FORMS)', async () => {
    const unit = c.units[1] as string;
    const t = c.trainees[1]?.[0] as string;
    ok(await record(c, t, '优秀', unitUser(unit)), 201);
    const body = { ...answers('较差'), reason: '更正' };
    expect((await correctResponse(c, t, body, unitUser(unit), {})).status).toBe(428);
    expect((await correctResponse(c, t, body, unitUser(unit), etag(5))).status).toBe(412);
    expect(ok(await satForm(c, unit)).items.find((i: any) => i.id === 'satisfaction').counts.优秀).toBe(1);
    const rs = await Promise.all([
      correctResponse(c, t, { ...answers('良好'), reason: '甲' }, unitUser(unit)),
      correctResponse(c, t, { ...answers('一般'), reason: '乙' }, jsAdmin),
    ]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = rs.find((r) => r.status === 200)?.body;
    const counts = ok(await satForm(c, unit)).items.find((i: any) => i.id === 'satisfaction').counts;
    expect(counts[winner.ratings.satisfaction]).toBe(1);
    expect(counts.优秀).toBe(0);
    const audits = (await auditsOf(formKeys.satisfactionPk(ag, c.cycleId))).filter(
      (a) => a.action === 'form.js-satisfaction.corrected' && a.entityId === t,
    );
    expect(audits).toHaveLength(1);
  });

  it('refuses another unit’s trainee (404), roles that do not enter responses (403), another agency (404), an unknown response (404) (JS-FORMS, X-TENANT)', async () => {
    const t = c.trainees[1]?.[0] as string;
    const body = { ...answers('较差'), reason: '更正' };
    expect((await correctResponse(c, t, body, unitUser(c.units[0] as string), etag(2))).status).toBe(404);
    for (const r of ['reviewer', 'auditor', 'finance']) {
      expect((await correctResponse(c, t, body, caller(JS, [r]), etag(2))).status).toBe(403);
    }
    expect((await correctResponse(c, t, body, INTRUDER, etag(2))).status).toBe(404);
    expect(
      (await correctResponse(c, t, body, caller('lishui', ['unit'], 'x', c.units[1]), etag(2))).status,
    ).toBe(404);
    expect((await correctResponse(c, c.trainees[1]?.[1] as string, body)).status).toBe(404);
    expect((await correctResponse(c, 'no-such-trainee', body)).status).toBe(404);
    const audits = (await auditsOf(formKeys.satisfactionPk(ag, c.cycleId))).filter(
      (a) => a.action === 'form.js-satisfaction.corrected' && a.entityId === t,
    );
    expect(audits).toHaveLength(1);
  });

  it('refuses bad correction bodies with 422 naming the field (JS-FORMS)', async () => {
    const t = c.trainees[1]?.[0] as string;
    const cases: [unknown, string][] = [
      [answers('良好'), 'body.reason'],
      [{ ...answers('良好'), reason: 'x'.repeat(501) }, 'body.reason'],
      [{ ...answers('良好'), reason: '更正', traineeId: c.trainees[0]?.[0] }, 'body.traineeId'],
      [{ ...answers('很好' as Rating), reason: '更正' }, 'body.satisfaction'],
      [{ ...answers('良好'), courses: [], reason: '更正' }, 'body.courses'],
      [{ ...answers('良好'), reason: '更正', unitId: 'tu-x' }, 'unitId'],
    ];
    for (const [body, field] of cases) {
      const r = await correctResponse(c, t, body, jsAdmin, etag(2));
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(JSON.stringify(r.body)).toContain(field);
    }
  });
});

describe('corrections of 附件3 employer surveys (JS-FORMS)', () => {
  it('lets the employer correct its survey: the occupation totals (JSON, XLSX, HTML) follow, filledOn stays, audited (JS-FORMS, X-AUDIT)', async () => {
    const emp = unitUser('emp-fix');
    const first = await recordSurvey(c, survey('emp-fix', 12, { filledOn: '2026-05-20' }), emp);
    expect(ok(first, 201)).toMatchObject({ version: 1 });
    expect(first.headers.etag).toBe('"1"');
    ok(await recordSurvey(c, survey('emp-other', 5)), 201);
    const { employerUnitId: _e, ...withoutId } = survey('emp-fix', 20, { otherNotes: '补充说明' });
    const fixed = await correctSurvey(c, 'emp-fix', { ...withoutId, reason: '培训需求数填错' }, emp);
    expect(fixed.headers.etag).toBe('"2"');
    expect(ok(fixed)).toMatchObject({
      employerUnitId: 'emp-fix',
      version: 2,
      corrections: 1,
      filledOn: '2026-05-20',
      recordedBy: 'u-emp-fix',
      correctedBy: 'u-emp-fix',
      otherNotes: '补充说明',
    });
    const s = ok(await employerForm(c));
    expect(s.surveys).toBe(2);
    expect(s.occupations).toEqual([
      {
        occupation: '数控车工',
        employers: 2,
        seniorTechnicians: 6,
        technicians: 20,
        seniorWorkers: 80,
        trainingNeeds: 25,
      },
    ]);
    expect(s.employers.find((e: any) => e.employerUnitId === 'emp-fix')).toMatchObject({
      version: 2,
      corrections: 1,
      otherNotes: '补充说明',
    });
    const ws = (await workbookOf(await employerForm(c, '.xlsx'))).getWorksheet('用人单位调查汇总');
    if (!ws) throw new Error('no sheet');
    expect(cellOf(ws, 'F2')).toBe(25);
    expect(cellOf(ws, 'F3')).toEqual({ formula: 'SUM(F2:F2)', result: 25 });
    const html = await employerForm(c, '.html');
    expect(html.status).toBe(200);
    expect(html.raw).toContain(
      '<td>数控车工</td><td class="n">2</td><td class="n">6</td><td class="n">20</td><td class="n">80</td><td class="n">25</td>',
    );

    // admin corrects too, with the (same) employerUnitId in the body
    ok(await correctSurvey(c, 'emp-fix', { ...survey('emp-fix', 21), reason: '复核' }, jsAdmin, etag(2)));
    const audits = (await auditsOf(formKeys.employerPk(ag, c.cycleId))).filter(
      (a) => a.action === 'form.js-employer-survey.corrected',
    );
    expect(
      audits
        .map((a) => [
          a.actorId,
          a.reason,
          a.before.occupations[0].trainingNeeds,
          a.after.occupations[0].trainingNeeds,
        ])
        .sort(),
    ).toEqual([
      ['js-admin', '复核', 20, 21],
      ['u-emp-fix', '培训需求数填错', 12, 20],
    ]);
  });

  it('requires If-Match (428), refuses a stale one (412) and lets one of two concurrent corrections through (JS-FORMS)', async () => {
    ok(await recordSurvey(c, survey('emp-race', 1)), 201);
    const body = { ...survey('emp-race', 9), reason: '更正' };
    expect((await correctSurvey(c, 'emp-race', body, jsAdmin, {})).status).toBe(428);
    expect((await correctSurvey(c, 'emp-race', body, jsAdmin, etag(3))).status).toBe(412);
    const needs = async () =>
      ok(await employerForm(c)).employers.find((e: any) => e.employerUnitId === 'emp-race').occupations[0]
        .trainingNeeds;
    expect(await needs()).toBe(1);
    const rs = await Promise.all([
      correctSurvey(c, 'emp-race', { ...survey('emp-race', 7), reason: '甲' }, jsAdmin),
      correctSurvey(c, 'emp-race', { ...survey('emp-race', 8), reason: '乙' }, unitUser('emp-race')),
    ]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 412]);
    expect(await needs()).toBe(rs.find((r) => r.status === 200)?.body.occupations[0].trainingNeeds);
    const audits = (await auditsOf(formKeys.employerPk(ag, c.cycleId))).filter(
      (a) => a.action === 'form.js-employer-survey.corrected' && a.entityId === 'emp-race',
    );
    expect(audits).toHaveLength(1);
  });

  it('refuses another unit (403 P-UNIT-SCOPE, as the POST), roles not allowed (403), another agency (404), an unknown survey (404) (JS-FORMS, X-TENANT)', async () => {
    const body = { ...survey('emp-race', 9), reason: '更正' };
    const other = await correctSurvey(c, 'emp-race', body, unitUser('emp-fix'), etag(2));
    expect(other.status).toBe(403);
    expect(other.body.ruleId).toBe('P-UNIT-SCOPE');
    for (const r of ['reviewer', 'auditor', 'finance']) {
      expect(
        (await correctSurvey(c, 'emp-race', body, caller(JS, [r], `x-${r}`, 'emp-race'), etag(2))).status,
      ).toBe(403);
    }
    expect((await correctSurvey(c, 'emp-race', body, INTRUDER, etag(2))).status).toBe(404);
    expect(
      (await correctSurvey(c, 'emp-race', body, caller('lishui', ['unit'], 'x', 'emp-race'), etag(2))).status,
    ).toBe(404);
    expect((await correctSurvey(c, 'emp-none', { ...survey('emp-none', 1), reason: '更正' })).status).toBe(
      404,
    );
    const audits = (await auditsOf(formKeys.employerPk(ag, c.cycleId))).filter(
      (a) => a.action === 'form.js-employer-survey.corrected' && a.entityId === 'emp-race',
    );
    expect(audits).toHaveLength(1);
  });

  it('refuses bad correction bodies with 422 naming the field (JS-FORMS)', async () => {
    const cases: [unknown, string][] = [
      [survey('emp-race', 9), 'body.reason'],
      [{ ...survey('emp-race', 9), reason: '   ' }, 'body.reason'],
      [{ ...survey('emp-fix', 9), reason: '更正' }, 'body.employerUnitId'],
      [{ ...survey('emp-race', -1), reason: '更正' }, 'body.occupations'],
      [{ ...survey('emp-race', 9), technicalProblems: [], reason: '更正' }, 'body.technicalProblems'],
    ];
    for (const [body, field] of cases) {
      const r = await correctSurvey(c, 'emp-race', body, jsAdmin, etag(2));
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(JSON.stringify(r.body)).toContain(field);
    }
  });
});

describe('no correction once the acceptance is closed (JS-FORMS)', () => {
  it('refuses every correction after the cycle’s acceptance stage closed (409 JS-FORMS), writing nothing', async () => {
    const k = await jsCohort([1]);
    const unit = k.units[0] as string;
    const t = k.trainees[0]?.[0] as string;
    ok(await submit(k, unit, all(5), reviewer('rev-late')), 201);
    ok(await record(k, t, '优秀'), 201);
    ok(await recordSurvey(k, survey('emp-late', 3)), 201);
    await setStage(JS, k.cycleId, 'acceptance', 'open');
    ok(
      await correctScore(k, unit, 'rev-late', { items: all(4), reason: '验收中更正' }, reviewer('rev-late')),
    );
    await setStage(JS, k.cycleId, 'acceptance', 'closed');
    const rs = [
      await correctScore(
        k,
        unit,
        'rev-late',
        { items: all(3), reason: '更正' },
        reviewer('rev-late'),
        etag(2),
      ),
      await correctResponse(k, t, { ...answers('较差'), reason: '更正' }),
      await correctSurvey(k, 'emp-late', { ...survey('emp-late', 9), reason: '更正' }),
    ];
    for (const r of rs) {
      expect(r.status).toBe(409);
      expect(r.body.ruleId).toBe('JS-FORMS');
      expect(r.body.detail).toContain('acceptance');
    }
    expect(ok(await scoreForm(k, unit)).total.totals).toEqual([80]);
    expect(ok(await satForm(k, unit)).items.find((i: any) => i.id === 'satisfaction').counts.优秀).toBe(1);
    expect(ok(await employerForm(k)).occupations[0].trainingNeeds).toBe(3);
    const corrected = [
      ...(await auditsOf(formKeys.scorecardPk(ag, k.cycleId, unit))),
      ...(await auditsOf(formKeys.satisfactionPk(ag, k.cycleId))),
      ...(await auditsOf(formKeys.employerPk(ag, k.cycleId))),
    ].filter((a) => String(a.action).endsWith('.corrected'));
    expect(corrected).toHaveLength(1);
  });
});
