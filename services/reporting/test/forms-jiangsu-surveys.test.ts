import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName } from '@talent/data';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RATINGS } from '../src/forms/definitions';
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
  rowValues,
  workbookOf,
} from './forms-support';

const RESPONSES = '/cycles/{cycleId}/forms/js-satisfaction/responses';
const FORM = '/cycles/{cycleId}/forms/js-satisfaction/{unitId}';
const unitUser = (unitId: string) => caller(JS, ['unit'], `u-${unitId}`, unitId);

const response = (traineeId: string, r: (typeof RATINGS)[number], extra: Record<string, unknown> = {}) => ({
  traineeId,
  courses: [
    { course: '数控编程前沿', instructor: '王教授', rating: r },
    { course: '智能制造实训', instructor: '赵高级技师', rating: '优秀' },
  ],
  facultyOverall: r,
  teaching: { content: r, level: '良好', mode: '一般', overall: r },
  service: { organisation: '优秀', logistics: '较差', level: r, overall: r },
  satisfaction: r,
  ...extra,
});
const record = (c: JsCohort, body: unknown, who = jsAdmin) =>
  call({ method: 'POST', route: RESPONSES, pathParameters: { cycleId: c.cycleId }, body, caller: who });
const form = (c: JsCohort, unitId: string, who = jsAdmin, query?: Record<string, string>) =>
  call({
    method: 'GET',
    route: FORM,
    pathParameters: { cycleId: c.cycleId, unitId },
    caller: who,
    ...(query ? { query } : {}),
  });
const xlsx = (c: JsCohort, unitId: string, who = jsAdmin) =>
  call({
    method: 'GET',
    route: `${FORM}/form.xlsx`,
    pathParameters: { cycleId: c.cycleId, unitId },
    caller: who,
  });

let c: JsCohort;
beforeAll(async () => {
  c = await jsCohort([4, 2]);
});

describe('附件2 培育对象满意度调查表 (JS-FORMS)', () => {
  it('lets the trainee’s unit enter one response per trainee per cycle, also under parallel requests (JS-FORMS)', async () => {
    const unit = c.units[1] as string;
    const t = c.trainees[1]?.[0] as string;
    const rs = await Promise.all(
      Array.from({ length: 5 }, () => record(c, response(t, '良好'), unitUser(unit))),
    );
    expect(rs.filter((r) => r.status === 201)).toHaveLength(1);
    const conflicts = rs.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(4);
    expect(conflicts[0]?.body.ruleId).toBe('JS-FORMS');
    const created = rs.find((r) => r.status === 201)?.body;
    expect(created).toMatchObject({
      unitId: unit,
      traineeId: t,
      majorCode: '0102-4',
      recordedBy: `u-${unit}`,
    });
    expect(ok(await form(c, unit)).responses).toBe(1);
  });

  it('writes the audit record with each satisfaction response, once (X-AUDIT)', async () => {
    const audits = async (pk: string) =>
      (
        await getDocumentClient().send(
          new QueryCommand({
            TableName: mainTableName(),
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
            ExpressionAttributeValues: { ':pk': pk, ':a': 'AUDIT#' },
          }),
        )
      ).Items ?? [];
    const sat = await audits(formKeys.satisfactionPk(asAgencyId(JS), c.cycleId));
    expect(sat.map((a) => [a.action, a.entityId])).toContainEqual([
      'form.js-satisfaction.recorded',
      c.trainees[1]?.[0],
    ]);
    expect(sat.filter((a) => a.entityId === c.trainees[1]?.[0])).toHaveLength(1);
  });

  it('takes only the ratings 优秀/良好/一般/较差 and every rated row of the form (JS-FORMS)', async () => {
    const t = c.trainees[1]?.[1] as string;
    const wrong = await record(c, response(t, '很好' as never));
    expect(wrong.status).toBe(422);
    const { service: _s, ...missing } = response(t, '优秀');
    expect((await record(c, missing)).status).toBe(422);
    expect((await record(c, { ...response(t, '优秀'), courses: [] })).status).toBe(422);
    expect((await record(c, { ...response(t, '优秀'), extra: 1 })).status).toBe(422);
  });

  it('refuses another unit’s trainee (404), roles that do not enter responses (403) and another agency (404)', async () => {
    const t = c.trainees[0]?.[0] as string;
    expect((await record(c, response(t, '优秀'), unitUser(c.units[1] as string))).status).toBe(404);
    for (const r of ['reviewer', 'auditor', 'finance']) {
      expect((await record(c, response(t, '优秀'), caller(JS, [r]))).status).toBe(403);
    }
    expect((await record(c, response(t, '优秀'), caller('lishui', ['admin']))).status).toBe(404);
    expect((await record(c, response('no-such-trainee', '优秀'))).status).toBe(404);
  });

  it('aggregates per unit, item, course and instructor with counts and shares per rating, same in the XLSX (JS-FORMS)', async () => {
    const unit = c.units[0] as string;
    const ts = c.trainees[0] as string[];
    const ratings = ['优秀', '优秀', '良好', '较差'] as const;
    for (const [i, t] of ts.entries()) {
      ok(
        await record(
          c,
          response(t, ratings[i] as (typeof RATINGS)[number], i === 0 ? { suggestions: '增加实操课时' } : {}),
          unitUser(unit),
        ),
        201,
      );
    }
    const f = ok(await form(c, unit, unitUser(unit)));
    expect(f.responses).toBe(4);
    const facultyOverall = f.items.find((x: any) => x.id === 'facultyOverall');
    expect(facultyOverall).toMatchObject({
      section: '师资评价',
      total: 4,
      counts: { 优秀: 2, 良好: 1, 一般: 0, 较差: 1 },
      shares: { 优秀: 0.5, 良好: 0.25, 一般: 0, 较差: 0.25 },
    });
    expect(f.items.find((x: any) => x.id === 'serviceLogistics').counts).toEqual({
      优秀: 0,
      良好: 0,
      一般: 0,
      较差: 4,
    });
    expect(f.courses).toEqual([
      {
        course: '数控编程前沿',
        instructor: '王教授',
        total: 4,
        counts: { 优秀: 2, 良好: 1, 一般: 0, 较差: 1 },
        shares: { 优秀: 0.5, 良好: 0.25, 一般: 0, 较差: 0.25 },
      },
      {
        course: '智能制造实训',
        instructor: '赵高级技师',
        total: 4,
        counts: { 优秀: 4, 良好: 0, 一般: 0, 较差: 0 },
        shares: { 优秀: 1, 良好: 0, 一般: 0, 较差: 0 },
      },
    ]);
    expect(f.instructors.map((x: any) => [x.instructor, x.total])).toEqual([
      ['王教授', 4],
      ['赵高级技师', 4],
    ]);
    expect(f.suggestions).toEqual(['增加实操课时']);
    expect(JSON.stringify(f)).not.toContain(ts[0]);
    // by major (专业大类): trainee 3 is in 0301-4
    expect(ok(await form(c, unit, jsAdmin, { majorCode: '0301-4' })).responses).toBe(1);

    const wb = await workbookOf(await xlsx(c, unit, unitUser(unit)));
    const ws = wb.getWorksheet('培育对象满意度调查表');
    if (!ws) throw new Error('no sheet');
    expect(rowValues(ws, 3)).toEqual([
      '评价项目',
      '学习课程',
      '授课人',
      '优秀',
      '良好',
      '一般',
      '较差',
      '合计',
      '优秀占比',
      '良好占比',
      '一般占比',
      '较差占比',
    ]);
    expect(rowValues(ws, 4).slice(0, 7)).toEqual(['师资评价', '数控编程前沿', '王教授', 2, 1, 0, 1]);
    expect(cellOf(ws, 'H4')).toEqual({ formula: 'SUM(D4:G4)', result: 4 });
    expect(cellOf(ws, 'I4')).toEqual({ formula: 'IF(H4=0,0,ROUND(D4/H4,4))', result: 0.5 });
    expect(cellOf(ws, 'L4')).toEqual({ formula: 'IF(H4=0,0,ROUND(G4/H4,4))', result: 0.25 });
    expect(rowValues(ws, 6).slice(0, 7)).toEqual([undefined, '综合评价', undefined, 2, 1, 0, 1]);
    expect(rowValues(ws, 7).slice(0, 2)).toEqual(['教学评价', '教学内容']);
    expect(rowValues(ws, 11).slice(0, 2)).toEqual(['服务管理评价', '组织管理']);
    expect(rowValues(ws, 12).slice(0, 7)).toEqual([undefined, '后勤保障', undefined, 0, 0, 0, 4]);
    expect(cellOf(ws, 'A15')).toBe('满意度评价');
    expect(cellOf(ws, 'A16')).toBe('意见与建议');
    expect(cellOf(ws, 'B16')).toBe('增加实操课时');
    const byInstructor = wb.getWorksheet('按授课人');
    if (!byInstructor) throw new Error('no sheet');
    expect(rowValues(byInstructor, 2).slice(0, 5)).toEqual(['王教授', 2, 1, 0, 1]);
  });

  it('shows a unit only its own unit (404) and refuses finance (403) and another agency (404)', async () => {
    expect((await form(c, c.units[0] as string, unitUser(c.units[1] as string))).status).toBe(404);
    expect((await xlsx(c, c.units[0] as string, unitUser(c.units[1] as string))).status).toBe(404);
    ok(await form(c, c.units[0] as string, caller(JS, ['auditor'])));
    ok(await form(c, c.units[0] as string, caller(JS, ['reviewer'])));
    expect((await form(c, c.units[0] as string, caller(JS, ['finance']))).status).toBe(403);
    expect((await xlsx(c, c.units[0] as string, caller(JS, ['finance']))).status).toBe(403);
    expect((await form(c, c.units[0] as string, caller('lishui', ['admin']))).status).toBe(404);
    expect((await xlsx(c, c.units[0] as string, caller('lishui', ['admin']))).status).toBe(404);
  });
});

const EMPLOYER = '/cycles/{cycleId}/forms/js-employer-surveys';
const survey = (employerUnitId: string, occ = '数控车工') => ({
  employerUnitId,
  employerName: `${employerUnitId}有限公司`,
  occupations: [
    { occupation: occ, seniorTechnicians: 3, technicians: 10, seniorWorkers: 40, trainingNeeds: 12 },
    { occupation: '电工', seniorTechnicians: 1, technicians: 4, seniorWorkers: 9, trainingNeeds: 5 },
  ],
  technicalProblems: ['五轴加工精度'],
  trainingDifficulties: ['工学矛盾'],
  participantEvaluation: '技术技能明显提升，带徒 3 名',
});

describe('附件3 用人单位调查和评价表 (JS-FORMS)', () => {
  it('collects one survey per employer per cycle, audited (X-AUDIT), and totals per occupation, same in the XLSX (JS-FORMS)', async () => {
    const emp = (u: string) => caller(JS, ['unit'], `e-${u}`, u);
    ok(
      await call({
        method: 'POST',
        route: EMPLOYER,
        pathParameters: { cycleId: c.cycleId },
        body: survey('emp-a'),
        caller: emp('emp-a'),
      }),
      201,
    );
    ok(
      await call({
        method: 'POST',
        route: EMPLOYER,
        pathParameters: { cycleId: c.cycleId },
        body: survey('emp-b'),
        caller: jsAdmin,
      }),
      201,
    );
    const again = await call({
      method: 'POST',
      route: EMPLOYER,
      pathParameters: { cycleId: c.cycleId },
      body: survey('emp-a'),
      caller: jsAdmin,
    });
    expect(again.status).toBe(409);
    expect(again.body.ruleId).toBe('JS-FORMS');
    const forOther = await call({
      method: 'POST',
      route: EMPLOYER,
      pathParameters: { cycleId: c.cycleId },
      body: survey('emp-c'),
      caller: emp('emp-a'),
    });
    expect(forOther.status).toBe(403);
    expect(
      (
        await call({
          method: 'POST',
          route: EMPLOYER,
          pathParameters: { cycleId: c.cycleId },
          body: survey('emp-c'),
          caller: caller(JS, ['reviewer']),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'POST',
          route: EMPLOYER,
          pathParameters: { cycleId: c.cycleId },
          body: survey('emp-c'),
          caller: caller('lishui', ['admin']),
        })
      ).status,
    ).toBe(404);

    const s = ok(
      await call({
        method: 'GET',
        route: EMPLOYER,
        pathParameters: { cycleId: c.cycleId },
        caller: caller(JS, ['auditor']),
      }),
    );
    expect(s.surveys).toBe(2);
    expect(s.occupations).toEqual(
      [
        {
          occupation: '数控车工',
          employers: 2,
          seniorTechnicians: 6,
          technicians: 20,
          seniorWorkers: 80,
          trainingNeeds: 24,
        },
        {
          occupation: '电工',
          employers: 2,
          seniorTechnicians: 2,
          technicians: 8,
          seniorWorkers: 18,
          trainingNeeds: 10,
        },
      ].sort((a, b) => a.occupation.localeCompare(b.occupation)),
    );
    const own = ok(
      await call({
        method: 'GET',
        route: EMPLOYER,
        pathParameters: { cycleId: c.cycleId },
        caller: emp('emp-a'),
      }),
    );
    expect(own.employers.map((e: any) => e.employerUnitId)).toEqual(['emp-a']);
    expect(
      (
        await call({
          method: 'GET',
          route: EMPLOYER,
          pathParameters: { cycleId: c.cycleId },
          caller: caller(JS, ['finance']),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: EMPLOYER,
          pathParameters: { cycleId: c.cycleId },
          caller: caller('lishui', ['admin']),
        })
      ).status,
    ).toBe(404);

    const audits = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
        ExpressionAttributeValues: { ':pk': formKeys.employerPk(asAgencyId(JS), c.cycleId), ':a': 'AUDIT#' },
      }),
    );
    expect((audits.Items ?? []).map((a) => a.entityId).sort()).toEqual(['emp-a', 'emp-b']);
    const wb = await workbookOf(
      await call({
        method: 'GET',
        route: `${EMPLOYER}.xlsx`,
        pathParameters: { cycleId: c.cycleId },
        caller: jsAdmin,
      }),
    );
    const ws = wb.getWorksheet('用人单位调查汇总');
    if (!ws) throw new Error('no sheet');
    expect(rowValues(ws, 1)).toEqual([
      '职业（工种）',
      '填报单位数',
      '高级技师',
      '技师',
      '高级工',
      '培训需求数',
    ]);
    expect(cellOf(ws, 'A4')).toBe('合计');
    expect(cellOf(ws, 'F4')).toEqual({ formula: 'SUM(F2:F3)', result: 34 });
    expect(cellOf(ws, 'C4')).toEqual({ formula: 'SUM(C2:C3)', result: 8 });
    expect(
      (
        await call({
          method: 'GET',
          route: `${EMPLOYER}.xlsx`,
          pathParameters: { cycleId: c.cycleId },
          caller: caller(JS, ['finance']),
        })
      ).status,
    ).toBe(403);
  });
});

describe('附件1 培育对象选取承训单位汇总表 (JS-FORMS)', () => {
  it('summarises the trainees’ unit and major choices per unit and major, same in the XLSX (JS-FORMS)', async () => {
    const route = '/cycles/{cycleId}/forms/js-unit-choices';
    const u = ok(
      await call({ method: 'GET', route, pathParameters: { cycleId: c.cycleId }, caller: jsAdmin }),
    );
    expect(u.total).toBe(6);
    const first = u.rows.filter((r: any) => r.unitId === c.units[0]);
    expect(first.map((r: any) => [r.majorCode, r.trainees, r.categoryA, r.categoryB, r.outOfTown])).toEqual([
      ['0102-4', 3, 1, 2, 2],
      ['0301-4', 1, 1, 0, 0],
    ]);
    const own = ok(
      await call({
        method: 'GET',
        route,
        pathParameters: { cycleId: c.cycleId },
        caller: unitUser(c.units[1] as string),
      }),
    );
    expect(own.rows.every((r: any) => r.unitId === c.units[1])).toBe(true);
    expect(own.total).toBe(2);
    expect(
      (
        await call({
          method: 'GET',
          route,
          pathParameters: { cycleId: c.cycleId },
          caller: caller(JS, ['finance']),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route,
          pathParameters: { cycleId: c.cycleId },
          caller: caller('lishui', ['admin']),
        })
      ).status,
    ).toBe(404);

    const wb = await workbookOf(
      await call({
        method: 'GET',
        route: `${route}.xlsx`,
        pathParameters: { cycleId: c.cycleId },
        caller: jsAdmin,
      }),
    );
    const ws = wb.getWorksheet('培育对象选取承训单位汇总表');
    if (!ws) throw new Error('no sheet');
    expect(rowValues(ws, 1)).toEqual([
      '序号',
      '承训单位',
      '所在设区市',
      '专业代码',
      '专业名称',
      '培育对象人数',
      '其中A类',
      '其中B类',
      '其中异地参训',
    ]);
    expect(cellOf(ws, 'F6')).toEqual({ formula: 'SUM(F2:F5)', result: 6 });
    expect(
      (
        await call({
          method: 'GET',
          route: `${route}.xlsx`,
          pathParameters: { cycleId: c.cycleId },
          caller: caller('lishui', ['admin']),
        })
      ).status,
    ).toBe(404);
  });
});
