import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName } from '@talent/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCORECARD_ITEMS, SCORECARD_SECTIONS } from '../src/forms/definitions';
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
  registerReviewerUnit,
  rowValues,
  workbookOf,
} from './forms-support';

const ROUTE = '/cycles/{cycleId}/forms/js-scorecards/{unitId}';
const reviewer = (user: string, unit?: string) => caller(JS, ['reviewer'], user, unit);
const all = (score: number) => SCORECARD_ITEMS.map((i) => ({ no: i.no, score }));
const submit = (c: JsCohort, unitId: string, items: unknown, who = reviewer('rev-1')) =>
  call({
    method: 'POST',
    route: ROUTE,
    pathParameters: { cycleId: c.cycleId, unitId },
    body: { items },
    caller: who,
  });
const form = (c: JsCohort, unitId: string, who = jsAdmin) =>
  call({ method: 'GET', route: ROUTE, pathParameters: { cycleId: c.cycleId, unitId }, caller: who });
const xlsx = (c: JsCohort, unitId: string, who = jsAdmin) =>
  call({
    method: 'GET',
    route: `${ROUTE}/form.xlsx`,
    pathParameters: { cycleId: c.cycleId, unitId },
    caller: who,
  });

let c: JsCohort;
beforeAll(async () => {
  c = await jsCohort([3, 1, 1, 1, 1]);
});

describe('附件4 承训单位考核验收表 (JS-FORMS)', () => {
  it('holds the seed’s 20 items, 5 points each, in sections 55/20/25 = 100 (JS-FORMS)', () => {
    expect(SCORECARD_ITEMS).toHaveLength(20);
    expect(SCORECARD_ITEMS.every((i) => i.maxPoints === 5)).toBe(true);
    const sum = (id: string) =>
      SCORECARD_ITEMS.filter((i) => i.section === id).reduce((a, i) => a + i.maxPoints, 0);
    expect(SCORECARD_SECTIONS.map((s) => [s.nameZh, s.maxPoints, sum(s.id)])).toEqual([
      ['培训过程', 55, 55],
      ['学员效果', 20, 20],
      ['管理服务', 25, 25],
    ]);
    expect(SCORECARD_ITEMS[11]?.criterion).toContain('问询 2-3 名学员');
  });

  it('computes section totals and the total at the boundaries: all 5 → 55/20/25/100, all 0 → 0 (JS-FORMS)', async () => {
    const unit = c.units[1] as string;
    const top = ok(await submit(c, unit, all(5), reviewer('rev-top')), 201);
    expect(top.sections).toEqual({ process: 55, outcomes: 20, service: 25 });
    expect(top.total).toBe(100);
    const bottom = ok(await submit(c, unit, all(0), reviewer('rev-bottom')), 201);
    expect(bottom.total).toBe(0);
    const f = ok(await form(c, unit));
    expect(f.reviewers).toBe(2);
    expect(f.total.mean).toBe(50);
    expect(f.sections.map((s: any) => s.mean)).toEqual([27.5, 10, 12.5]);
  });

  it('refuses a score outside integers 0–5 or a scorecard without every item exactly once (JS-FORMS)', async () => {
    const unit = c.units[2] as string;
    const bad = [
      [...all(5).slice(0, 19), { no: 20, score: 6 }],
      [...all(5).slice(0, 19), { no: 20, score: -1 }],
      [...all(5).slice(0, 19), { no: 20, score: 2.5 }],
      all(5).slice(0, 19),
      [...all(5).slice(0, 19), { no: 19, score: 3 }],
      [...all(5), { no: 21, score: 1 }],
    ];
    for (const items of bad) {
      const r = await submit(c, unit, items, reviewer('rev-bad'));
      expect(r.status, JSON.stringify(items.at(-1))).toBe(422);
      expect(JSON.stringify(r.body)).toContain('body.items');
    }
    const dup = await submit(c, unit, [...all(5).slice(0, 19), { no: 19, score: 3 }], reviewer('rev-bad'));
    expect(dup.body.errors[0]).toMatchObject({ field: 'body.items', ruleId: 'JS-FORMS' });
    expect(ok(await form(c, unit)).reviewers).toBe(0);
  });

  it('takes one scorecard per reviewer per unit per cycle, also under parallel requests (JS-FORMS)', async () => {
    const unit = c.units[3] as string;
    const rs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => submit(c, unit, all(i % 6), reviewer('rev-race'))),
    );
    expect(rs.filter((r) => r.status === 201)).toHaveLength(1);
    const conflicts = rs.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(5);
    expect(conflicts[0]?.body.ruleId).toBe('JS-FORMS');
    expect(ok(await form(c, unit)).reviewers).toBe(1);
  });

  it('recuses a reviewer whose token unit, or registered unit, is the training unit (X-RECUSAL)', async () => {
    const unit = c.units[4] as string;
    const own = await submit(c, unit, all(4), reviewer('rev-own', unit));
    expect(own.status).toBe(403);
    expect(own.body.ruleId).toBe('X-RECUSAL');
    await registerReviewerUnit(JS, 'rev-registered', unit);
    const registered = await submit(c, unit, all(4), reviewer('rev-registered'));
    expect(registered.status).toBe(403);
    expect(registered.body.ruleId).toBe('X-RECUSAL');
    ok(await submit(c, unit, all(4), reviewer('rev-other', 'tu-elsewhere')), 201);
    ok(await submit(c, unit, all(3), caller(JS, ['admin'], 'js-admin-2', unit)), 201);
  });

  it('writes the audit record with the scorecard (X-AUDIT)', async () => {
    const unit = c.units[4] as string;
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
        ExpressionAttributeValues: {
          ':pk': formKeys.scorecardPk(asAgencyId(JS), c.cycleId, unit),
          ':a': 'AUDIT#',
        },
      }),
    );
    expect(out.Items?.map((i) => i.action)).toEqual([
      'form.js-scorecard.submitted',
      'form.js-scorecard.submitted',
    ]);
    expect(out.Items?.map((i) => i.actorId).sort()).toEqual(['js-admin-2', 'rev-other']);
  });

  it('gives the unit’s mean over reviewers in JSON and the same numbers, with formulas, in the XLSX (JS-FORMS)', async () => {
    const unit = c.units[0] as string;
    const a = SCORECARD_ITEMS.map((i) => ({ no: i.no, score: i.no % 6 }));
    const b = SCORECARD_ITEMS.map((i) => ({ no: i.no, score: 5 - (i.no % 5) }));
    const d = SCORECARD_ITEMS.map((i) => ({ no: i.no, score: i.no <= 11 ? 4 : 3 }));
    for (const [i, items] of [a, b, d].entries())
      ok(await submit(c, unit, items, reviewer(`rev-m${i}`)), 201);
    const f = ok(await form(c, unit));
    expect(f.unitName).toBe(`${unit}技师学院`);
    expect(f.trainees).toBe(3);
    expect(f.reviewers).toBe(3);
    const totalOf = (xs: { no: number; score: number }[]) => xs.reduce((s, x) => s + x.score, 0);
    expect(f.total.totals).toEqual([totalOf(a), totalOf(b), totalOf(d)]);
    const mean = Math.round(((totalOf(a) + totalOf(b) + totalOf(d)) / 3) * 100) / 100;
    expect(f.total.mean).toBe(mean);
    expect(f.items[0].scores).toEqual([1, 4, 4]);
    expect(f.items[0].mean).toBe(3);
    expect(f.items[1].mean).toBe(Math.round(((2 + 3 + 4) / 3) * 100) / 100);
    expect(f.scorecards.map((s: any) => s.reviewer)).toEqual(['rev-m0', 'rev-m1', 'rev-m2']);

    const wb = await workbookOf(await xlsx(c, unit));
    const ws = wb.getWorksheet('承训单位考核验收表');
    expect(ws).toBeDefined();
    if (!ws) return;
    expect(cellOf(ws, 'A1')).toBe('承训单位考核验收表');
    expect(cellOf(ws, 'A2')).toBe('（2026学年）');
    expect(rowValues(ws, 3)).toEqual(['承训单位', `${unit}技师学院`, undefined, '培训人数', 3]);
    expect(rowValues(ws, 4)).toEqual([
      '评价项目',
      '序号',
      '评价内涵与标准',
      '分值',
      '评分（rev-m0）',
      '评分（rev-m1）',
      '评分（rev-m2）',
      '评分（平均）',
    ]);
    expect(rowValues(ws, 5).slice(0, 7)).toEqual([
      '培训过程（55分）',
      1,
      SCORECARD_ITEMS[0]?.criterion,
      5,
      1,
      4,
      4,
    ]);
    expect(cellOf(ws, 'H5')).toEqual({ formula: 'ROUND(AVERAGE(E5:G5),2)', result: 3 });
    expect(cellOf(ws, 'A16')).toBe('学员效果（20分）');
    expect(cellOf(ws, 'A20')).toBe('管理服务（25分）');
    // subtotals (rows 25–27) and total (row 28)
    expect(cellOf(ws, 'A25')).toBe('培训过程小计');
    expect(cellOf(ws, 'D25')).toEqual({ formula: 'SUM(D5:D15)', result: 55 });
    expect(cellOf(ws, 'D26')).toEqual({ formula: 'SUM(D16:D19)', result: 20 });
    expect(cellOf(ws, 'D27')).toEqual({ formula: 'SUM(D20:D24)', result: 25 });
    expect(cellOf(ws, 'E25')).toEqual({ formula: 'SUM(E5:E15)', result: f.sections[0].totals[0] });
    expect(cellOf(ws, 'G27')).toEqual({ formula: 'SUM(G20:G24)', result: f.sections[2].totals[2] });
    expect(cellOf(ws, 'H26')).toEqual({ formula: 'ROUND(AVERAGE(E26:G26),2)', result: f.sections[1].mean });
    expect(cellOf(ws, 'A28')).toBe('总计');
    expect(cellOf(ws, 'D28')).toEqual({ formula: 'SUM(D25,D26,D27)', result: 100 });
    expect(cellOf(ws, 'F28')).toEqual({ formula: 'SUM(F25,F26,F27)', result: totalOf(b) });
    expect(cellOf(ws, 'H28')).toEqual({ formula: 'ROUND(AVERAGE(E28:G28),2)', result: mean });
    // the cached values are what the formulas compute from the cells
    for (let row = 5; row <= 24; row++) {
      const scores = [5, 6, 7].map((col) => ws.getRow(row).getCell(col).value as number);
      const h = cellOf(ws, `H${row}`) as { result: number };
      expect(h.result).toBe(Math.round((scores.reduce((x, y) => x + y, 0) / 3) * 100) / 100);
      expect(h.result).toBe(f.items[row - 5].mean);
    }
    expect(cellOf(ws, 'A30')).toBe('省级考核人（签字）：');
  });

  it('shows a unit its own form with the reviewers unnamed, and hides other units’ (P-UNIT-SCOPE)', async () => {
    const unit = c.units[0] as string;
    const own = ok(await form(c, unit, caller(JS, ['unit'], 'u1', unit)));
    expect(own.scorecards.map((s: any) => s.reviewer)).toEqual(['评审1', '评审2', '评审3']);
    expect(JSON.stringify(own)).not.toContain('rev-m0');
    expect((await form(c, c.units[1] as string, caller(JS, ['unit'], 'u1', unit))).status).toBe(404);
    expect((await xlsx(c, c.units[1] as string, caller(JS, ['unit'], 'u1', unit))).status).toBe(404);
    ok(await form(c, unit, caller(JS, ['auditor'])));
    ok(await form(c, unit, reviewer('rev-read')));
  });

  it('gives every unit’s mean section totals and total across the cycle, JSON and XLSX (JS-FORMS)', async () => {
    const route = '/cycles/{cycleId}/forms/js-scorecards';
    const o = ok(
      await call({
        method: 'GET',
        route,
        pathParameters: { cycleId: c.cycleId },
        caller: caller(JS, ['auditor']),
      }),
    );
    expect(o.units).toHaveLength(5);
    const second = o.units.find((u: any) => u.unitId === c.units[1]);
    expect(second).toMatchObject({
      reviewers: 2,
      sections: { process: 27.5, outcomes: 10, service: 12.5 },
      total: 50,
    });
    expect(o.units.find((u: any) => u.unitId === c.units[2])).toMatchObject({ reviewers: 0, total: null });
    const own = ok(
      await call({
        method: 'GET',
        route,
        pathParameters: { cycleId: c.cycleId },
        caller: caller(JS, ['unit'], 'u1', c.units[1]),
      }),
    );
    expect(own.units.map((u: any) => u.unitId)).toEqual([c.units[1]]);
    const wb = await workbookOf(
      await call({
        method: 'GET',
        route: `${route}.xlsx`,
        pathParameters: { cycleId: c.cycleId },
        caller: jsAdmin,
      }),
    );
    const ws = wb.getWorksheet('承训单位考核验收汇总');
    if (!ws) throw new Error('no sheet');
    expect(rowValues(ws, 1)).toEqual([
      '序号',
      '承训单位',
      '评审人数',
      '培训过程（55分）平均',
      '学员效果（20分）平均',
      '管理服务（25分）平均',
      '总计（100分）平均',
    ]);
    const row = o.units.findIndex((u: any) => u.unitId === c.units[1]) + 2;
    expect(rowValues(ws, row)).toEqual([row - 1, `${c.units[1]}技师学院`, 2, 27.5, 10, 12.5, 50]);
    for (const r of [route, `${route}.xlsx`]) {
      expect(
        (
          await call({
            method: 'GET',
            route: r,
            pathParameters: { cycleId: c.cycleId },
            caller: caller(JS, ['finance']),
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call({
            method: 'GET',
            route: r,
            pathParameters: { cycleId: c.cycleId },
            caller: caller('lishui', ['admin']),
          })
        ).status,
      ).toBe(404);
    }
  });

  it('refuses roles not allowed (403) and another agency (404)', async () => {
    const unit = c.units[0] as string;
    for (const r of ['unit', 'auditor', 'finance']) {
      expect((await submit(c, unit, all(5), caller(JS, [r], `x-${r}`, 'tu-x'))).status).toBe(403);
    }
    expect((await form(c, unit, caller(JS, ['finance']))).status).toBe(403);
    expect((await xlsx(c, unit, caller(JS, ['finance']))).status).toBe(403);
    const intruder = caller('lishui', ['admin'], 'ls-admin');
    expect((await submit(c, unit, all(5), intruder)).status).toBe(404);
    expect((await form(c, unit, intruder)).status).toBe(404);
    expect((await xlsx(c, unit, intruder)).status).toBe(404);
    expect((await form(c, 'tu-unknown')).status).toBe(404);
  });
});
