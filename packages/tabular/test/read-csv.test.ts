import { describe, expect, it } from 'vitest';
import { readTable } from '../src/index';
import { expectFormatError, hex, utf8 } from './support';

const cells = (text: string | Uint8Array) => readTable(typeof text === 'string' ? utf8(text) : text, 'csv');

describe('readTable: CSV (RFC 4180)', () => {
  it('reads the header and data rows with the spreadsheet’s row numbers', () => {
    const t = cells('姓名,单位\r\n张三,一厂\r\n李四,二厂\r\n');
    expect(t.sheet).toBeUndefined();
    expect(t.header).toEqual(['姓名', '单位']);
    expect(t.rows).toEqual([
      { rowNumber: 2, cells: ['张三', '一厂'] },
      { rowNumber: 3, cells: ['李四', '二厂'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks inside (row numbers count records)', () => {
    const t = cells('a,b\n"x, y","say ""hi"""\n"line1\r\nline2",z\nlast,"multi\nline"');
    expect(t.rows).toEqual([
      { rowNumber: 2, cells: ['x, y', 'say "hi"'] },
      { rowNumber: 3, cells: ['line1\r\nline2', 'z'] },
      { rowNumber: 4, cells: ['last', 'multi\nline'] },
    ]);
  });

  it('takes LF, CRLF and CR line ends alike and a last line without one', () => {
    expect(cells('h\n1\r\n2\r3').rows.map((r) => r.cells[0])).toEqual(['1', '2', '3']);
  });

  it('drops blank rows (trailing, and empty lines in between) but keeps the row numbers', () => {
    const t = cells('h1,h2\n1,2\n\n,\n3,4\n,\n \n\r\n');
    expect(t.rows).toEqual([
      { rowNumber: 2, cells: ['1', '2'] },
      { rowNumber: 5, cells: ['3', '4'] },
    ]);
  });

  it('empty fields are null; short rows are padded to the header width; extra cells are kept', () => {
    const t = cells('a,b,c\n1,,\n2\n3,4,5,6');
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['1', null, null],
      ['2', null, null],
      ['3', '4', '5', '6'],
    ]);
  });

  it('strips a UTF-8 BOM', () => {
    const t = readTable(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('姓名\n张三')]), 'csv');
    expect(t.header).toEqual(['姓名']);
    expect(t.rows[0]?.cells).toEqual(['张三']);
  });

  it('decodes GB18030/GBK files (what Excel on Chinese Windows saves) when the bytes are not UTF-8', () => {
    // 姓名,身份证号 CRLF 张三,11 CRLF 男 — in GBK.
    const t = readTable(hex('D0D5C3FB 2C C9EDB7DDD6A4BAC5 0D0A D5C5C8FD 2C 3131 0D0A C4D0 0D0A'), 'csv');
    expect(t.header).toEqual(['姓名', '身份证号']);
    expect(t.rows).toEqual([
      { rowNumber: 2, cells: ['张三', '11'] },
      { rowNumber: 3, cells: ['男', null] },
    ]);
  });

  it('decodes UTF-16 with a BOM, tab-separated (Excel’s “Unicode text”)', () => {
    const body = Buffer.from('姓名\t单位\r\n张三\t一厂, 车间\r\n', 'utf16le');
    const t = readTable(new Uint8Array([0xff, 0xfe, ...body]), 'csv');
    expect(t.header).toEqual(['姓名', '单位']);
    expect(t.rows[0]?.cells).toEqual(['张三', '一厂, 车间']);
  });

  it('keeps numbers as text (CSV has no types) and does not trim cells', () => {
    expect(cells('a,b\n 007 ,1.50').rows[0]?.cells).toEqual([' 007 ', '1.50']);
  });

  it('is lenient where Excel is: a quote inside an unquoted field is text', () => {
    expect(cells('a\n5" pipe').rows[0]?.cells).toEqual(['5" pipe']);
  });

  it('refuses an unterminated quoted field (P-IMPORT-FORMAT)', () => {
    const e = expectFormatError(() => cells('a,b\n"open,1\n2,3'));
    expect(e.violations[0]?.message).toContain('row 2');
  });

  it('refuses an empty file and a file of blank lines (P-IMPORT-FORMAT)', () => {
    expectFormatError(() => readTable(new Uint8Array(), 'csv'));
    expectFormatError(() => cells('\r\n,,\r\n\r\n'));
  });

  it('refuses an XLSX or a legacy .xls sent as CSV, naming the right format (P-IMPORT-FORMAT)', () => {
    expect(expectFormatError(() => readTable(hex('504B0304 0000'), 'csv')).violations[0]?.message).toContain(
      'xlsx',
    );
    expect(
      expectFormatError(() => readTable(hex('D0CF11E0A1B11AE1 0000'), 'csv')).violations[0]?.message,
    ).toContain('.xls');
  });

  it('refuses more data rows than maxRows instead of cutting the file short (P-IMPORT-FORMAT)', () => {
    const text = `h\n${Array.from({ length: 11 }, (_, i) => String(i)).join('\n')}`;
    expect(readTable(utf8(text), 'csv', { maxRows: 11 }).rows).toHaveLength(11);
    expectFormatError(() => readTable(utf8(text), 'csv', { maxRows: 10 }));
  });

  it('refuses a cell longer than 32,767 characters and a row wider than 1,024 columns (P-IMPORT-FORMAT)', () => {
    expect(cells(`h\n${'x'.repeat(32_767)}`).rows[0]?.cells[0]).toHaveLength(32_767);
    expectFormatError(() => cells(`h\n${'x'.repeat(32_768)}`));
    expectFormatError(() => cells(`h\n"${'x'.repeat(40_000)}"`));
    expectFormatError(() => cells(`h\n${','.repeat(1024)}`));
  });
});
