import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, csvChunks, csvField, readTable } from '../src/index';
import { collect } from './support';

const text = async (header: string[], rows: Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]>) =>
  collect(csvChunks(header, rows));

describe('csvChunks', () => {
  it('writes UTF-8 with a BOM and CRLF line ends, quoting only where needed', async () => {
    const bytes = await text(
      ['姓名', '备注'],
      [
        ['张三', 'a,b'],
        ['李四', 'say "hi"'],
        ['王五', 'line1\nline2'],
      ],
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = new TextDecoder().decode(bytes.subarray(3));
    expect(body).toBe('姓名,备注\r\n张三,"a,b"\r\n李四,"say ""hi"""\r\n王五,"line1\nline2"\r\n');
    // Every line end outside quotes is CRLF.
    expect(body.replace(/"[^"]*"/g, '').match(/\n/g)?.length).toBe(
      body.replace(/"[^"]*"/g, '').match(/\r\n/g)?.length,
    );
  });

  it('guards against formula injection: text starting with = + - @ (or tab/CR) gets an apostrophe; numbers stay numbers', async () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+86 138')).toBe("'+86 138");
    expect(csvField('-5+1')).toBe("'-5+1");
    expect(csvField('-A1')).toBe("'-A1");
    expect(csvField('-1e3')).toBe("'-1e3");
    expect(csvField('-10000.00.1')).toBe("'-10000.00.1");
    expect(csvField('- 5')).toBe("'- 5");
    expect(csvField('-.5')).toBe("'-.5");
    expect(csvField('-5\n')).toBe(`"'-5\n"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(true)).toBe('TRUE');
    expect(csvField(null)).toBe('');
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('lets plain numeric text through unguarded: a clawback of -10000.00 stays -10000.00', () => {
    expect(csvField('-10000.00')).toBe('-10000.00');
    expect(csvField('-5')).toBe('-5');
    expect(csvField('+5')).toBe('+5');
    expect(csvField('+86')).toBe('+86');
    expect(csvField('0.50')).toBe('0.50');
    expect(csvField('-0')).toBe('-0');
  });

  it('reads back with readTable (BOM stripped, numbers as text, empty as null)', async () => {
    const bytes = await text(
      ['a', 'b', 'c'],
      [
        [1, null, '中文,逗号'],
        [false, '=x', ''],
      ],
    );
    expect(readTable(bytes, 'csv')).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        { rowNumber: 2, cells: ['1', null, '中文,逗号'] },
        { rowNumber: 3, cells: ['FALSE', "'=x", null] },
      ],
    });
  });

  it('streams rows from an async iterable in chunks', async () => {
    async function* rows() {
      for (let i = 0; i < 20_000; i++) yield [i, `行${i}`];
    }
    const chunks: Uint8Array[] = [];
    for await (const c of csvChunks(['n', 's'], rows())) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(3);
    const t = readTable(Buffer.concat(chunks), 'csv', { maxRows: 20_000 });
    expect(t.rows).toHaveLength(20_000);
    expect(t.rows[19_999]).toEqual({ rowNumber: 20_001, cells: ['19999', '行19999'] });
  });

  it('round-trips arbitrary text — commas, quotes, CR/LF, Chinese, emoji — through readTable (property)', async () => {
    const cell = fc.oneof(
      fc.string({
        unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '中', '文', '，', '=', '-', "'", '😀', '\t'),
      }),
      fc.string({ unit: 'grapheme' }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ minLength: 1, unit: fc.constantFrom('h', '姓', '名', ' ', ',') }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }),
        async (header, rows) => {
          fc.pre(header.some((h) => h.trim() !== ''));
          const bytes = await text(header, rows);
          const t = readTable(bytes, 'csv');
          // The reader drops trailing empty header cells and blank rows; guarded text gains its apostrophe.
          const expected = (s: string) =>
            /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
          const headerOut = header.map(expected);
          while (headerOut.length > 0 && headerOut[headerOut.length - 1]!.trim() === '') headerOut.pop();
          expect(t.header).toEqual(headerOut);
          const kept = rows
            .map((cells, i) => ({
              rowNumber: i + 2,
              cells: cells.map((c) => (c === '' ? null : expected(c))),
            }))
            .filter((r) => r.cells.some((c) => c !== null && c.trim() !== ''));
          expect(t.rows).toEqual(
            kept.map((r) => ({
              rowNumber: r.rowNumber,
              cells: [...r.cells, ...Array(Math.max(0, headerOut.length - r.cells.length)).fill(null)],
            })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
