import { describe, expect, it } from 'vitest';
import { readTable, safeSheetName, sheetNameProblem, type XlsxCell, xlsxChunks } from '../src/index';
import { collect, excelRead } from './support';

describe('xlsxChunks, read back with exceljs (an independent parser)', () => {
  const workbook = () =>
    xlsxChunks({
      sheets: [
        {
          name: '经费明细',
          freezeHeader: true,
          columns: [
            { header: '姓名', width: 18 },
            { header: '金额（元）', numFmt: '0.00', width: 12 },
            { header: '人数', numFmt: '0' },
            { header: '发放日期', numFmt: 'yyyy-mm-dd' },
            { header: '合计' },
            { header: '备注' },
          ],
          rows: [
            ['张三', 1234.5, 3, '2026-12-01', { formula: 'B2*C2', value: 3703.5 }, '含<特殊>&"字符"'],
            [
              '李四',
              0.1,
              1,
              '2026-02-30',
              { formula: '=A3&"（复核）"', value: '李四（复核）' },
              ' 前后空格 ',
            ],
            ['=1+1', -2, null, null, { formula: 'SUM(B2:B3)' }, '第一行\n第二行'],
          ],
        },
        { name: 'Summary', rows: [['total', true, false, 42]] },
      ],
    });

  it('writes values, Chinese text, sheet names, formulas with their cached values', async () => {
    const wb = await excelRead(await collect(workbook()));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['经费明细', 'Summary']);
    const ws = wb.getWorksheet('经费明细')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '姓名',
      '金额（元）',
      '人数',
      '发放日期',
      '合计',
      '备注',
    ]);
    expect(ws.getCell('A2').value).toBe('张三');
    expect(ws.getCell('B2').value).toBe(1234.5);
    expect(ws.getCell('E2').value).toEqual({ formula: 'B2*C2', result: 3703.5 });
    expect(ws.getCell('E3').value).toEqual({ formula: 'A3&"（复核）"', result: '李四（复核）' });
    expect(ws.getCell('E4').value).toEqual({ formula: 'SUM(B2:B3)' });
    expect(ws.getCell('F2').value).toBe('含<特殊>&"字符"');
    expect(ws.getCell('F3').value).toBe(' 前后空格 ');
    expect(ws.getCell('F4').value).toBe('第一行\n第二行');
    // Text that looks like a formula stays text in XLSX (inline string, never evaluated).
    expect(ws.getCell('A4').value).toBe('=1+1');
    expect(ws.getCell('B4').value).toBe(-2);
    expect(ws.getCell('C4').value).toBeNull();
    const summary = wb.getWorksheet('Summary')!;
    expect(summary.getRow(1).values).toEqual([undefined, 'total', true, false, 42]);
  });

  it('writes the number formats, real dates for YYYY-MM-DD text in date columns, widths and the frozen header', async () => {
    const wb = await excelRead(await collect(workbook()));
    const ws = wb.getWorksheet('经费明细')!;
    expect(ws.getCell('B2').numFmt).toBe('0.00');
    expect(ws.getCell('C2').numFmt).toBe('0');
    expect(ws.getCell('D2').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('D2').value).toEqual(new Date(Date.UTC(2026, 11, 1)));
    // Not a real date: stays text.
    expect(ws.getCell('D3').value).toBe('2026-02-30');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getColumn(1).width).toBe(18);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    expect(wb.getWorksheet('Summary')!.views[0]?.state).not.toBe('frozen');
  });

  it('reads back with readTable too (dates as YYYY-MM-DD, formulas as their cached values)', async () => {
    const t = readTable(await collect(workbook()), 'xlsx');
    expect(t.sheet).toBe('经费明细');
    expect(t.rows[0]?.cells).toEqual(['张三', 1234.5, 3, '2026-12-01', 3703.5, '含<特殊>&"字符"']);
    expect(t.rows[2]?.cells).toEqual(['=1+1', -2, null, null, null, '第一行\n第二行']);
  });

  it('is a valid zip package: content types and rels first, deterministic bytes', async () => {
    const a = await collect(workbook());
    const b = await collect(workbook());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a.subarray(30, 30 + 19)).toString()).toBe('[Content_Types].xml');
  });

  it('escapes control characters and literal _xHHHH_ so they read back unchanged', async () => {
    const text = 'a\u0001b_x000D_c\u0007';
    const bytes = await collect(xlsxChunks({ sheets: [{ name: 'S', rows: [['h'], [text]] }] }));
    expect(readTable(bytes, 'xlsx').rows[0]?.cells[0]).toBe(text);
    // exceljs leaves _xHHHH_ escapes of inline strings undecoded (Excel decodes them): the raw text proves the escaping.
    const wb = await excelRead(bytes);
    expect(wb.worksheets[0]!.getCell('A2').value).toBe('a_x0001_b_x005F_x000D_c_x0007_');
  });

  it('refuses sheet names Excel refuses, duplicates, an empty workbook, bad widths and non-finite numbers', async () => {
    for (const name of [
      '',
      'a'.repeat(32),
      'a/b',
      'a:b',
      'q?',
      'x*',
      '[x]',
      "'quoted'",
      'History',
      'tab\u0001',
    ]) {
      expect(sheetNameProblem(name)).toBeDefined();
      await expect(collect(xlsxChunks({ sheets: [{ name, rows: [] }] }))).rejects.toThrow(RangeError);
    }
    expect(sheetNameProblem('2026年度名单（第一批）')).toBeUndefined();
    expect(sheetNameProblem('a'.repeat(31))).toBeUndefined();
    await expect(
      collect(
        xlsxChunks({
          sheets: [
            { name: 'A', rows: [] },
            { name: 'a', rows: [] },
          ],
        }),
      ),
    ).rejects.toThrow(/two sheets/);
    await expect(collect(xlsxChunks({ sheets: [] }))).rejects.toThrow(/at least one sheet/);
    await expect(
      collect(xlsxChunks({ sheets: [{ name: 'S', columns: [{ header: 'h', width: 300 }], rows: [] }] })),
    ).rejects.toThrow(/width/);
    await expect(collect(xlsxChunks({ sheets: [{ name: 'S', rows: [[Number.NaN]] }] }))).rejects.toThrow(
      /finite/,
    );
    await expect(
      collect(xlsxChunks({ sheets: [{ name: 'S', rows: [['x'.repeat(32_768)]] }] })),
    ).rejects.toThrow(/32767/);
  });

  it('safeSheetName makes any text an acceptable, unused name', () => {
    expect(safeSheetName('a/b:c?d*[e]')).toBe('a_b_c_d__e_');
    expect(safeSheetName("'x'")).toBe('x');
    expect(safeSheetName('')).toBe('Sheet');
    expect(safeSheetName('名单', ['名单'])).toBe('名单(2)');
    const long = safeSheetName('很'.repeat(40), ['很'.repeat(31)]);
    expect(long).toHaveLength(31);
    expect(sheetNameProblem(long)).toBeUndefined();
  });

  it('takes async iterables of sheets and rows', async () => {
    async function* rows(): AsyncIterable<readonly XlsxCell[]> {
      yield ['h'];
      yield [1];
    }
    async function* sheets() {
      yield { name: 'Async', rows: rows() };
    }
    expect(readTable(await collect(xlsxChunks({ sheets: sheets() })), 'xlsx').rows[0]?.cells).toEqual([1]);
  });

  it('streams 100,000 rows with flat memory (heap growth < 64 MB) and reads them back', async () => {
    const ROWS = 100_000;
    function* rows(): Iterable<readonly XlsxCell[]> {
      for (let i = 0; i < ROWS; i++) {
        yield [
          `人员${i}`,
          i * 1.25,
          i,
          '2026-06-30',
          { formula: `B${i + 2}*C${i + 2}`, value: i * 1.25 * i },
          i % 2 === 0,
          `备注，第 ${i} 行 "quoted"`,
        ];
      }
    }
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const chunks: Uint8Array[] = [];
    let size = 0;
    let count = 0;
    for await (const chunk of xlsxChunks({
      sheets: [
        {
          name: 'Big',
          columns: [
            { header: '姓名' },
            { header: '金额', numFmt: '0.00' },
            { header: '数量', numFmt: '0' },
            { header: '日期', numFmt: 'yyyy-mm-dd' },
            { header: '合计', numFmt: '0.00' },
            { header: '在职' },
            { header: '备注' },
          ],
          rows: rows(),
        },
      ],
    })) {
      chunks.push(chunk);
      size += chunk.length;
      if (++count % 20 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(count).toBeGreaterThan(50);
    expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);
    const bytes = new Uint8Array(size);
    let o = 0;
    for (const c of chunks) {
      bytes.set(c, o);
      o += c.length;
    }
    const t = readTable(bytes, 'xlsx');
    expect(t.rows).toHaveLength(ROWS);
    expect(t.rows[ROWS - 1]).toEqual({
      rowNumber: ROWS + 1,
      cells: [
        `人员${ROWS - 1}`,
        (ROWS - 1) * 1.25,
        ROWS - 1,
        '2026-06-30',
        (ROWS - 1) * 1.25 * (ROWS - 1),
        false,
        `备注，第 ${ROWS - 1} 行 "quoted"`,
      ],
    });
  }, 60_000);
});
