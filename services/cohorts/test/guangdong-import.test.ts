import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { freshResidentId } from '../../../test/support/people';
import {
  admin,
  auditor,
  call,
  classReady,
  enrol,
  finance,
  intruder,
  pilotsReady,
  reviewer,
  unit,
} from './guangdong-support';

const HEADER =
  '身份证号,姓名,是否毕业,毕业日期,课程考核合格,企业实践考核达标,技师/二级证书,是否就业,对口就业,待遇高于技师岗位';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const importCsv = (
  caller: Parameters<typeof call>[0]['caller'],
  classId: string,
  rows: string[],
  mode?: string,
) =>
  call({
    method: 'POST',
    route: '/classes/{classId}/outcomes/import',
    pathParameters: { classId },
    body: { format: 'csv', contentBase64: b64([HEADER, ...rows].join('\n')), ...(mode ? { mode } : {}) },
    caller,
  });

const classWithStudents = async (n: number) => {
  const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
  const classId = await classReady(unit('gz-tech'), pilotIds[0] as string);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const residentId = freshResidentId('2007-01-01');
    expect((await enrol(unit('gz-tech'), classId, residentId)).status).toBe(201);
    ids.push(residentId);
  }
  return { classId, ids };
};

describe('Bulk import of graduate outcomes (GD-OUTCOME, GD-EMPLOYMENT)', () => {
  it('imports every row of a valid CSV and the KPIs follow (GD-OUTCOME)', async () => {
    const { classId, ids } = await classWithStudents(2);
    const r = await importCsv(unit('gz-tech'), classId, [
      `${ids[0]},陈一,是,2030-06-30,是,是,是,是,是,是`,
      `${ids[1]},陈二,是,2030-06-30,是,是,否,是,否,否`,
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ mode: 'all-or-nothing', rowsRead: 2, applied: 2, rejected: 0, errors: [] });
    const k = await call({
      method: 'GET',
      route: '/classes/{classId}/kpis',
      pathParameters: { classId },
      caller: auditor,
    });
    expect(k.body.metrics).toMatchObject({
      graduates: 2,
      graduatesAtTechnicianLevel: 1,
      employedGraduates: 2,
      matchedEmployment: 1,
    });
  });

  it('applies nothing in all-or-nothing mode when a row breaks a rule, and reports it by row (GD-OUTCOME)', async () => {
    const { classId, ids } = await classWithStudents(2);
    const r = await importCsv(unit('gz-tech'), classId, [
      `${ids[0]},陈一,是,2030-06-30,是,是,是,是,是,是`,
      `${ids[1]},陈二,是,2030-06-30,是,否,是,是,是,是`,
    ]);
    expect(r.status).toBe(200);
    expect(r.body.applied).toBe(0);
    expect(r.body.rejected).toBe(1);
    expect(r.body.errors[0]).toMatchObject({ rowNumber: 3, ruleId: 'GD-OUTCOME', field: 'graduated' });
    const k = await call({
      method: 'GET',
      route: '/classes/{classId}/kpis',
      pathParameters: { classId },
      caller: auditor,
    });
    expect(k.body.metrics).toEqual({});
  });

  it('applies the valid rows in valid-rows mode and reports unknown, duplicate and malformed rows (GD-EMPLOYMENT)', async () => {
    const { classId, ids } = await classWithStudents(2);
    const r = await importCsv(
      unit('gz-tech'),
      classId,
      [
        `${ids[0]},陈一,是,2030-06-30,是,是,是,是,是,是`,
        `${ids[0]},陈一,是,2030-06-30,是,是,是,是,是,是`,
        `${freshResidentId('2007-02-02')},外人,是,2030-06-30,是,是,是,是,是,是`,
        `${ids[1]},陈二,是,2030-06-30,是,是,是,否,是,否`,
        `12345,坏号,是,,是,是,是,是,是,是`,
        `${ids[1]},陈二,也许,2030-06-30,是,是,是,是,是,是`,
      ],
      'valid-rows',
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.applied).toBe(1);
    expect(r.body.rowsRead).toBe(6);
    expect(r.body.rejected).toBe(5);
    const byRow = Object.fromEntries(
      r.body.errors.map((e: { rowNumber: number; ruleId: string }) => [e.rowNumber, e.ruleId]),
    );
    expect(byRow).toEqual({
      3: 'P-IMPORT-ROW',
      4: 'P-IMPORT-ROW',
      5: 'GD-EMPLOYMENT',
      6: 'X-RESIDENT-ID',
      7: 'P-SCHEMA',
    });
    expect(r.raw).not.toContain(ids[0]);
  });

  it('reads XLSX with booleans and reports a missing required column', async () => {
    const { classId, ids } = await classWithStudents(1);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('毕业生');
    ws.addRow([
      '身份证号',
      '是否毕业',
      '课程考核合格',
      '企业实践考核达标',
      '企业评价达到技师水平',
      '是否就业',
      '对口就业',
    ]);
    ws.addRow([ids[0], true, true, true, true, true, true]);
    const bytes = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
    const r = await call({
      method: 'POST',
      route: '/classes/{classId}/outcomes/import',
      pathParameters: { classId },
      body: { format: 'xlsx', contentBase64: bytes },
      caller: admin,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.applied).toBe(1);
    const missing = await call({
      method: 'POST',
      route: '/classes/{classId}/outcomes/import',
      pathParameters: { classId },
      body: { format: 'csv', contentBase64: b64(`身份证号,是否毕业\n${ids[0]},是`) },
      caller: admin,
    });
    expect(missing.body.applied).toBe(0);
    expect(missing.body.errors[0]).toMatchObject({ rowNumber: 1, ruleId: 'P-IMPORT-FORMAT' });
    const garbage = await call({
      method: 'POST',
      route: '/classes/{classId}/outcomes/import',
      pathParameters: { classId },
      body: { format: 'xlsx', contentBase64: b64('not a zip') },
      caller: admin,
    });
    expect(garbage.status).toBe(422);
  });

  it('refuses other units, reviewers, auditors, finance (403) and another agency (404) (P-UNIT-SCOPE, X-TENANT)', async () => {
    const { classId, ids } = await classWithStudents(1);
    const rows = [`${ids[0]},陈一,是,2030-06-30,是,是,是,是,是,是`];
    for (const caller of [unit('sz-tech'), reviewer, auditor, finance])
      expect((await importCsv(caller, classId, rows)).status).toBe(403);
    expect((await importCsv(intruder, classId, rows)).status).toBe(404);
  });
});
