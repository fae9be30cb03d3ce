import { describe, expect, it } from 'vitest';
import {
  decodeImport,
  IMPORT_MAX_BODY_BYTES,
  importBody,
  importReport,
  importReportOf,
  MAX_IMPORT_BYTES,
} from '../src/index';

import { excel, expectFormatError } from './support';

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');

describe('importBody', () => {
  it('defaults the mode to all-or-nothing and accepts an optional sheet', () => {
    expect(importBody.parse({ format: 'csv', contentBase64: b64('a\n1') })).toEqual({
      format: 'csv',
      contentBase64: b64('a\n1'),
      mode: 'all-or-nothing',
    });
    expect(
      importBody.parse({ format: 'xlsx', contentBase64: 'AAAA', mode: 'valid-rows', sheet: '名单' }),
    ).toMatchObject({
      mode: 'valid-rows',
      sheet: '名单',
    });
  });

  it('is strict: unknown fields, other formats and modes, non-base64 content are refused', () => {
    expect(importBody.safeParse({ format: 'csv', contentBase64: 'AAAA', extra: 1 }).success).toBe(false);
    expect(importBody.safeParse({ format: 'xls', contentBase64: 'AAAA' }).success).toBe(false);
    expect(importBody.safeParse({ format: 'csv', contentBase64: 'AAAA', mode: 'some' }).success).toBe(false);
    expect(importBody.safeParse({ format: 'csv', contentBase64: 'not base64!' }).success).toBe(false);
    expect(importBody.safeParse({ format: 'csv', contentBase64: '' }).success).toBe(false);
  });

  it('lets the largest accepted file through within IMPORT_MAX_BODY_BYTES', () => {
    expect(Math.ceil(MAX_IMPORT_BYTES / 3) * 4).toBeLessThan(IMPORT_MAX_BODY_BYTES);
  });
});

describe('importReport', () => {
  it('describes the outcome, strictly', () => {
    const report = {
      mode: 'valid-rows',
      rowsRead: 3,
      applied: 2,
      rejected: 1,
      errors: [
        {
          rowNumber: 3,
          column: '姓名',
          field: 'name',
          ruleId: 'P-SCHEMA',
          message: 'required',
          messageZh: '必填',
        },
      ],
    };
    expect(importReport.parse(report)).toEqual(report);
    expect(importReport.safeParse({ ...report, extra: true }).success).toBe(false);
  });
});

describe('decodeImport', () => {
  it('decodes base64 (line breaks tolerated) and reads the table, CSV or XLSX with its sheet', async () => {
    expect(decodeImport({ format: 'csv', contentBase64: b64('姓名\n张三') }).rows[0]?.cells).toEqual([
      '张三',
    ]);
    const bytes = await excel((wb) => {
      wb.addWorksheet('一').addRow(['a']);
      const ws = wb.addWorksheet('二');
      ws.addRow(['b']);
      ws.addRow([2]);
    });
    const wrapped = b64(bytes).replace(/.{76}/g, '$&\r\n');
    expect(decodeImport({ format: 'xlsx', contentBase64: wrapped, sheet: '二' }).rows[0]?.cells).toEqual([2]);
  });

  it('refuses invalid base64 and a file over the size guard before decoding it (P-IMPORT-FORMAT)', () => {
    expectFormatError(() => decodeImport({ format: 'csv', contentBase64: 'A' }));
    expectFormatError(() => decodeImport({ format: 'csv', contentBase64: 'ab$=' }));
    expectFormatError(() =>
      decodeImport({ format: 'csv', contentBase64: b64('x'.repeat(2000)) }, { maxBytes: 1999 }),
    );
    expect(
      decodeImport({ format: 'csv', contentBase64: b64(`h\n${'x'.repeat(1998)}`) }, { maxBytes: 2000 }).rows,
    ).toHaveLength(1);
  });

  it('passes maxRows on (P-IMPORT-FORMAT)', () => {
    expectFormatError(() =>
      decodeImport({ format: 'csv', contentBase64: b64('h\n1\n2\n3') }, { maxRows: 2 }),
    );
  });
});

describe('importReportOf', () => {
  it('counts rejected rows once each, and every row when the header failed', () => {
    const e = (rowNumber: number) => ({ rowNumber, ruleId: 'P-SCHEMA', message: 'x' });
    expect(importReportOf('valid-rows', 5, [e(2), e(2), e(4)], 3)).toEqual({
      mode: 'valid-rows',
      rowsRead: 5,
      applied: 3,
      rejected: 2,
      errors: [e(2), e(2), e(4)],
    });
    expect(importReportOf('all-or-nothing', 5, [e(1)], 0)).toMatchObject({ applied: 0, rejected: 5 });
    expect(importReport.parse(importReportOf('all-or-nothing', 0, [], 0))).toEqual({
      mode: 'all-or-nothing',
      rowsRead: 0,
      applied: 0,
      rejected: 0,
      errors: [],
    });
  });
});
