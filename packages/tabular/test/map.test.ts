import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type ColumnSpec, headerKey, mapRows, readTable, type Table } from '../src/index';
import { utf8 } from './support';

const columns: ColumnSpec[] = [
  { field: 'name', headers: ['姓名', 'Name'], required: true },
  { field: 'residentId', headers: ['身份证号', '身份证号码', 'Resident ID'], required: true },
  { field: 'hours', headers: ['学时', 'Hours'] },
];

const schema = z.strictObject({
  name: z.string().min(1),
  residentId: z.string().regex(/^\d{17}[\dX]$/, 'not a resident id'),
  hours: z.coerce.number().int().min(0).optional(),
});

const csv = (text: string): Table => readTable(utf8(text), 'csv');

describe('mapRows', () => {
  it('maps zh/en header aliases (trimmed, case-insensitive, full-width and inner spaces ignored) to fields', () => {
    const t = csv('  姓　名 ,RESIDENT id,Hours,Ignored\n张三,11010519491231002X,12,x\n');
    const { valid, errors } = mapRows(t, columns, schema);
    expect(errors).toEqual([]);
    expect(valid).toEqual([
      { rowNumber: 2, value: { name: '张三', residentId: '11010519491231002X', hours: 12 } },
    ]);
  });

  it('normalizes full-width brackets and required marks: “*身份证号（必填）” style headers', () => {
    expect(headerKey('＊身份证号（必填）')).toBe(headerKey('身份证号(必填)'));
    expect(headerKey('*姓名')).toBe('姓名');
    expect(headerKey('ＮＡＭＥ')).toBe('name');
  });

  it('reports missing required columns as one error on row 1 and validates no row (P-IMPORT-FORMAT)', () => {
    const { valid, errors } = mapRows(csv('学时,别的\n1,2\n'), columns, schema);
    expect(valid).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ rowNumber: 1, ruleId: 'P-IMPORT-FORMAT', field: 'name, residentId' });
    expect(errors[0]?.messageZh).toBe('缺少必填列：“姓名”、“身份证号”');
  });

  it('reports a column that appears twice on row 1 (P-IMPORT-FORMAT)', () => {
    const { errors } = mapRows(csv('姓名,身份证号,身份证号码\n张三,1,2\n'), columns, schema);
    expect(errors).toEqual([
      expect.objectContaining({ rowNumber: 1, field: 'residentId', ruleId: 'P-IMPORT-FORMAT' }),
    ]);
  });

  it('validates each row: errors carry the row number, header as written, field, rule id and messages', () => {
    const t = csv('姓名,身份证号,学时\n张三,11010519491231002X,2\n,123,-1\n李四,11010519491231002X,\n');
    const { valid, errors } = mapRows(t, columns, schema);
    expect(valid.map((v) => v.rowNumber)).toEqual([2, 4]);
    expect(valid[1]?.value).toEqual({ name: '李四', residentId: '11010519491231002X' });
    expect(errors).toEqual([
      {
        rowNumber: 3,
        column: '姓名',
        field: 'name',
        ruleId: 'P-SCHEMA',
        message: 'required',
        messageZh: '必填',
      },
      expect.objectContaining({
        rowNumber: 3,
        column: '身份证号',
        field: 'residentId',
        message: 'not a resident id',
      }),
      expect.objectContaining({ rowNumber: 3, column: '学时', field: 'hours', messageZh: '值过小或过短' }),
    ]);
  });

  it('takes rule ids and Chinese messages from refinements’ params', () => {
    const s = z.strictObject({
      name: z
        .string()
        .refine((v) => v !== 'x', { message: 'bad', params: { ruleId: 'X-RULE', messageZh: '不行' } }),
      residentId: z.string(),
    });
    const { errors } = mapRows(csv('姓名,身份证号\nx,1\n'), columns, s);
    expect(errors).toEqual([
      { rowNumber: 2, column: '姓名', field: 'name', ruleId: 'X-RULE', message: 'bad', messageZh: '不行' },
    ]);
  });

  it('finds the header below a title row (“2026年度……名单”) and keeps the sheet’s row numbers', () => {
    const t = csv('2026年度技能人才推荐名单,,\n姓名,身份证号,学时\n张三,11010519491231002X,3\n');
    const { valid, errors } = mapRows(t, columns, schema);
    expect(errors).toEqual([]);
    expect(valid).toEqual([
      { rowNumber: 3, value: { name: '张三', residentId: '11010519491231002X', hours: 3 } },
    ]);
  });

  it('hands XLSX numbers and booleans through unchanged; strings are trimmed and empty cells left out', () => {
    const table: Table = {
      header: ['姓名', '身份证号', '学时'],
      rows: [{ rowNumber: 2, cells: ['  王五 ', ' ', 8] }],
    };
    const { valid, errors } = mapRows(
      table,
      columns,
      z.object({ name: z.string(), residentId: z.string().optional(), hours: z.number() }),
    );
    expect(errors).toEqual([]);
    expect(valid[0]?.value).toEqual({ name: '王五', hours: 8 });
  });
});
