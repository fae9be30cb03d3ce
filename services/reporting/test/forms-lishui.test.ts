import { beforeAll, describe, expect, it } from 'vitest';
import {
  LS_MASTER_SUMMARY_COLUMNS,
  LS_NOMINATION_FIELDS,
  LS_PAIRING_SUMMARY_COLUMNS,
} from '../src/forms/definitions';
import {
  activePairing,
  call,
  caller,
  cellOf,
  LS,
  lsAdmin,
  lsSchool,
  ok,
  rowValues,
  school,
  useClock,
  workbookOf,
} from './forms-support';

const MASTERS = '/cycles/{cycleId}/forms/ls-masters/{schoolId}';
const PAIRINGS = '/cycles/{cycleId}/forms/ls-pairings/{schoolId}';
const NOMINATION = '/cycles/{cycleId}/forms/ls-master-nominations/{masterId}';

let s: Awaited<ReturnType<typeof lsSchool>>;
beforeAll(async () => {
  useClock('2026-11-15T02:00:00Z');
  s = await lsSchool(2);
  await activePairing(s.cycleId, s.schoolId, s.masterIds[0] as string, '张小明');
  await activePairing(s.cycleId, s.schoolId, s.masterIds[0] as string, '李小红');
});

const get = (route: string, params: Record<string, string>, who = lsAdmin) =>
  call({ method: 'GET', route, pathParameters: params, caller: who });

describe('Lishui forms (LS-FORMS)', () => {
  it('附表2 “百名大师”汇总表 lists the school’s masters in the seed’s columns and order, same in the XLSX (LS-FORMS)', async () => {
    const params = { cycleId: s.cycleId, schoolId: s.schoolId };
    const f = ok(await get(MASTERS, params, school(s.schoolId)));
    expect(f.columns).toEqual([
      '序号',
      '姓名',
      '所在单位及职务',
      '从事专业',
      '政治面貌',
      '最高专业技能荣誉称号',
      '聘任年限',
      '结对带徒年级（班级）',
    ]);
    expect(f.rows).toHaveLength(2);
    expect(f.rows[0]).toMatchObject({
      序号: 1,
      姓名: '大师甲',
      所在单位及职务: '丽水精工机械有限公司 首席技师',
      从事专业: '数控车工',
      政治面貌: '中共党员',
      最高专业技能荣誉称号: '浙江省首席技师',
      聘任年限: 6,
      '结对带徒年级（班级）': '2025级数控1班',
    });
    const wb = await workbookOf(await get(`${MASTERS}/form.xlsx`, params, school(s.schoolId)));
    const ws = wb.getWorksheet('百名大师汇总表');
    if (!ws) throw new Error('no sheet');
    expect(cellOf(ws, 'A1')).toBe('“百名大师”汇总表');
    expect(cellOf(ws, 'B2')).toBe(s.schoolId);
    expect(rowValues(ws, 3)).toEqual([...LS_MASTER_SUMMARY_COLUMNS]);
    expect(rowValues(ws, 4)).toEqual(LS_MASTER_SUMMARY_COLUMNS.map((c) => f.rows[0][c]));
    expect(rowValues(ws, 5)).toEqual(LS_MASTER_SUMMARY_COLUMNS.map((c) => f.rows[1][c]));
  });

  it('附表3 “师徒结对”情况汇总表 gives per master the paired students in the seed’s columns, same in the XLSX (LS-FORMS)', async () => {
    const params = { cycleId: s.cycleId, schoolId: s.schoolId };
    const f = ok(await get(PAIRINGS, params, caller(LS, ['auditor'])));
    expect(f.columns).toEqual(['序号', '大师姓名', '专业', '结对的学生姓名']);
    expect(f.pairings).toBe(2);
    expect(f.rows).toHaveLength(1);
    expect(f.rows[0]).toMatchObject({
      序号: 1,
      大师姓名: '大师甲',
      专业: '数控车工',
      结对的学生姓名: '张小明、李小红',
    });
    expect(JSON.stringify(f)).not.toMatch(/residentId|13912345678/);
    const wb = await workbookOf(await get(`${PAIRINGS}/form.xlsx`, params));
    const ws = wb.getWorksheet('师徒结对情况汇总表');
    if (!ws) throw new Error('no sheet');
    expect(rowValues(ws, 3)).toEqual([...LS_PAIRING_SUMMARY_COLUMNS]);
    expect(rowValues(ws, 4)).toEqual([1, '大师甲', '数控车工', '张小明、李小红']);
  });

  it('附表1 “百名大师”推荐表 holds the seed’s fields in order, 出生年月 masked unless admin (LS-FORMS, X-RESIDENT-ID)', async () => {
    const params = { cycleId: s.cycleId, masterId: s.masterIds[1] as string };
    const full = ok(await get(NOMINATION, params));
    expect(full.fields.map((x: any) => x.field)).toEqual([...LS_NOMINATION_FIELDS]);
    const value = (f: any, k: string) => f.fields.find((x: any) => x.field === k)?.value;
    expect(value(full, '出生年月')).toMatch(/^\d{4}-\d{2}$/);
    expect(value(full, '从事工种（行业专业）及年限')).toBe('数控车工 21年');
    expect(value(full, '主要荣誉称号')).toBe('全国技术能手、浙江工匠');
    expect(value(full, '拟聘任大师年限')).toBe(6);
    expect(full.personalDataMasked).toBe(false);
    const masked = ok(await get(NOMINATION, params, school(s.schoolId)));
    expect(value(masked, '出生年月')).toMatch(/^\d{4}-\*\*$/);
    expect(masked.personalDataMasked).toBe(true);
    const wb = await workbookOf(await get(`${NOMINATION}/form.xlsx`, params, caller(LS, ['reviewer'])));
    const ws = wb.getWorksheet('百名大师推荐表');
    if (!ws) throw new Error('no sheet');
    expect(rowValues(ws, 3)).toEqual(['姓名', '大师乙']);
    expect(cellOf(ws, 'A5')).toBe('出生年月');
    expect(cellOf(ws, 'B5')).toMatch(/^\d{4}-\*\*$/);
    expect(ws.getColumn(1).values.slice(3)).toEqual([...LS_NOMINATION_FIELDS]);
  });

  it('gives 附表2 and 附表3 of every school of the cycle, one XLSX sheet per school (LS-FORMS)', async () => {
    const cp = { cycleId: s.cycleId };
    const all = ok(await get('/cycles/{cycleId}/forms/ls-masters', cp, caller(LS, ['reviewer'])));
    expect(all.schools.map((x: any) => [x.schoolId, x.rows.length])).toEqual([[s.schoolId, 2]]);
    const own = ok(await get('/cycles/{cycleId}/forms/ls-pairings', cp, school(s.schoolId)));
    expect(own.schools.map((x: any) => x.rows[0].结对的学生姓名)).toEqual(['张小明、李小红']);
    expect(ok(await get('/cycles/{cycleId}/forms/ls-pairings', cp, school('school-other'))).schools).toEqual(
      [],
    );
    const wb = await workbookOf(await get('/cycles/{cycleId}/forms/ls-masters.xlsx', cp));
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(ws.name).toBe(`附表2-${s.schoolId}`);
    expect(rowValues(ws, 3)).toEqual([...LS_MASTER_SUMMARY_COLUMNS]);
    expect(rowValues(ws, 4).slice(0, 2)).toEqual([1, '大师甲']);
    const wb3 = await workbookOf(
      await get('/cycles/{cycleId}/forms/ls-pairings.xlsx', cp, caller(LS, ['auditor'])),
    );
    expect(rowValues(wb3.worksheets[0] as never, 4)).toEqual([1, '大师甲', '数控车工', '张小明、李小红']);
    for (const route of [
      '/cycles/{cycleId}/forms/ls-masters',
      '/cycles/{cycleId}/forms/ls-masters.xlsx',
      '/cycles/{cycleId}/forms/ls-pairings',
      '/cycles/{cycleId}/forms/ls-pairings.xlsx',
    ]) {
      expect((await get(route, cp, caller(LS, ['finance']))).status, route).toBe(403);
      expect((await get(route, cp, caller('jiangsu', ['admin']))).status, route).toBe(404);
    }
  });

  it('hides another school’s forms from a school (404), refuses finance (403) and another agency (404)', async () => {
    const other = school('school-other');
    const sp = { cycleId: s.cycleId, schoolId: s.schoolId };
    const mp = { cycleId: s.cycleId, masterId: s.masterIds[0] as string };
    const intruder = caller('jiangsu', ['admin']);
    for (const [route, params] of [
      [MASTERS, sp],
      [`${MASTERS}/form.xlsx`, sp],
      [PAIRINGS, sp],
      [`${PAIRINGS}/form.xlsx`, sp],
      [NOMINATION, mp],
      [`${NOMINATION}/form.xlsx`, mp],
    ] as const) {
      expect((await get(route, params, other)).status, route).toBe(404);
      expect((await get(route, params, caller(LS, ['finance']))).status, route).toBe(403);
      expect((await get(route, params, intruder)).status, route).toBe(404);
    }
    expect((await get(NOMINATION, { cycleId: s.cycleId, masterId: 'n-unknown' })).status).toBe(404);
    const empty = ok(await get(MASTERS, { cycleId: s.cycleId, schoolId: 'school-none' }));
    expect(empty.rows).toEqual([]);
  });
});
