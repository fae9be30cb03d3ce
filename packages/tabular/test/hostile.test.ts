import * as fc from 'fast-check';
import { deflateSync, strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readTable, TabularFormatError } from '../src/index';
import { deflateBomb, excel, expectFormatError, handZip, rawXlsx, utf8, workbookParts } from './support';

const garbage = (n: number, seed = 7) => {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
};

describe('hostile input → TabularFormatError, never a crash (P-IMPORT-FORMAT)', () => {
  it('refuses a file that is not a zip, as XLSX', () => {
    expectFormatError(() => readTable(utf8('姓名,单位\n张三,一厂'), 'xlsx'));
    expectFormatError(() => readTable(new Uint8Array([0x50, 0x4b]), 'xlsx'));
  });

  it('refuses 10 MB of garbage, as XLSX and as CSV', () => {
    const junk = garbage(10 * 1024 * 1024);
    expectFormatError(() => readTable(junk, 'xlsx'));
    expectFormatError(() => readTable(junk, 'csv'));
  });

  it('refuses a truncated workbook (every cut of a real one)', async () => {
    const bytes = await excel((wb) => {
      const ws = wb.addWorksheet('s');
      for (let i = 0; i < 50; i++) ws.addRow([`名字${i}`, i]);
    });
    for (const cut of [10, 100, bytes.length / 2, bytes.length - 30, bytes.length - 1]) {
      expectFormatError(() => readTable(bytes.subarray(0, Math.floor(cut)), 'xlsx'));
    }
  });

  it('refuses a zip bomb: a sheet that inflates past 64 MiB, whatever size the zip declares', () => {
    const bomb = deflateBomb(128 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const honest = handZip([
      ...workbookParts(),
      { name: 'xl/worksheets/sheet1.xml', data: bomb, declaredSize: 0xfffffffe, crc: 0 },
    ]);
    expect(expectFormatError(() => readTable(honest, 'xlsx')).violations[0]?.message).toContain(
      'expands to more than',
    );
    const lying = handZip([
      ...workbookParts(),
      { name: 'xl/worksheets/sheet1.xml', data: bomb, declaredSize: 100, crc: 0 },
    ]);
    expect(expectFormatError(() => readTable(lying, 'xlsx')).violations[0]?.message).toContain(
      'expands to more than',
    );
    // The same stream, smaller, is read (a blank sheet: empty).
    const fine = handZip([
      ...workbookParts(),
      { name: 'xl/worksheets/sheet1.xml', data: deflateBomb(1024 * 1024) },
    ]);
    expect(expectFormatError(() => readTable(fine, 'xlsx')).violations[0]?.message).toContain('empty');
  });

  it('refuses corrupt deflate data, an encrypted entry, an unknown method and a zip with no workbook', () => {
    const sheet = (data: Uint8Array, extra: { method?: number; flags?: number } = {}) =>
      handZip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data, ...extra }]);
    const good = deflateSync(
      strToU8('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'),
    );
    expect(readTable(sheet(good), 'xlsx').header).toEqual(['1']);
    expectFormatError(() => readTable(sheet(good.subarray(0, good.length - 4)), 'xlsx'));
    expectFormatError(() => readTable(sheet(new Uint8Array([0xff, 0xff, 0xff, 0xff])), 'xlsx'));
    expect(
      expectFormatError(() => readTable(sheet(good, { flags: 1 }), 'xlsx')).violations[0]?.message,
    ).toContain('encrypted');
    expectFormatError(() => readTable(sheet(good, { method: 12 }), 'xlsx'));
    // Deflate that decodes but to other bytes than the checksum says: damaged, not read with wrong values.
    const damaged = handZip([
      ...workbookParts(),
      { name: 'xl/worksheets/sheet1.xml', data: good, crc: 1234 },
    ]);
    expect(expectFormatError(() => readTable(damaged, 'xlsx')).violations[0]?.message).toContain('checksum');
    expectFormatError(() => readTable(zipSync({ 'a.txt': strToU8('hello') }), 'xlsx'));
  });

  it('refuses malformed sheet XML', () => {
    expectFormatError(() =>
      readTable(rawXlsx({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1' }] }), 'xlsx'),
    );
    expectFormatError(() => readTable(rawXlsx({ sheets: [{ name: 'S', xml: '<row><!-- open' }] }), 'xlsx'));
  });

  it('refuses huge rows: a 10 MB CSV cell, a CSV row of 2,000 columns, an XLSX row of 20,000 cells', () => {
    expectFormatError(() => readTable(utf8(`h\n${'长'.repeat(3_500_000)}`), 'csv'));
    expectFormatError(() => readTable(utf8(`h\n${'1,'.repeat(2000)}`), 'csv'));
    const wide = Array.from({ length: 20_000 }, () => '<c><v>1</v></c>').join('');
    expectFormatError(() =>
      readTable(rawXlsx({ sheets: [{ name: 'S', xml: `<row r="1">${wide}</row>` }] }), 'xlsx'),
    );
  });

  it('refuses sparse or comma-only files that would need more than 5,000,000 cells in memory', () => {
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `<row r="${i + 1}"><c r="ALL${i + 1}"><v>1</v></c></row>`,
    ).join('');
    const e = expectFormatError(() => readTable(rawXlsx({ sheets: [{ name: 'S', xml: rows }] }), 'xlsx'));
    expect(e.violations[0]?.message).toContain('cells');
    const csv = `h\n${`x${','.repeat(1000)}\n`.repeat(6000)}`;
    expect(expectFormatError(() => readTable(utf8(csv), 'csv')).violations[0]?.message).toContain('cells');
  });

  it('refuses 200,001 CSV rows under the default maxRows of 100,000', () => {
    expectFormatError(() => readTable(utf8(`h\n${'1\n'.repeat(200_001)}`), 'csv'));
  });

  it('random bytes as CSV either read or throw TabularFormatError (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          const t = readTable(bytes, 'csv');
          expect(Array.isArray(t.header)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(TabularFormatError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('mutated workbooks either read or throw TabularFormatError (property)', async () => {
    const bytes = await excel((wb) => {
      const ws = wb.addWorksheet('名单');
      ws.addRow(['姓名', '日期']);
      ws.addRow(['张三', new Date(Date.UTC(2020, 0, 1))]);
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const b = bytes.slice();
          for (const [at, v] of edits) b[at] = v;
          try {
            readTable(b, 'xlsx');
          } catch (e) {
            expect(e).toBeInstanceOf(TabularFormatError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
