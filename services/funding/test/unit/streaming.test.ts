import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ComputedLine } from '../../src/calculation';
import type { BatchLine } from '../../src/model';
import { parseCsv, readConfirmation, reconcile } from '../../src/reconcile';
import { exportChunks, type Source } from '../../src/use-cases/exports';

const line = (i: number, unitId: string): BatchLine =>
  ({
    subjectKey: `JS:t${i}:1`,
    ruleId: 'JS-SUBSIDY',
    ruleIds: ['JS-SUBSIDY'],
    fundingKey: 'A',
    labelZh: 'A类',
    fundingYear: 1,
    fundingYears: 2,
    year: 2026,
    unitId,
    unitName: `${unitId}学院`,
    city: '南京市',
    payeeZh: '南京市财政部门',
    personName: '张三',
    residentId: '110105198001010011',
    sourceId: `t${i}`,
    rateFen: 1_000_000,
    entitledFen: 1_000_000,
    acceptance: { passed: true, final: true },
    factsVersion: 1,
    kind: 'payment',
    headCount: 1,
    paidBeforeFen: 0,
    amountFen: 1_000_000,
    explanationZh: 'A类 1名 × 10,000.00元 = 10,000.00元（JS-SUBSIDY，第1年，验收合格）',
    lineId: `b-${i}`,
    batchId: 'b',
    cycleId: 'c',
    programmeId: 'p',
    seq: i,
    unitIdx: 0,
  }) satisfies ComputedLine & BatchLine;

/** A source of n lines of one unit that counts how many lines the writer has pulled. */
const lazySource = (n: number) => {
  const pulled = { count: 0 };
  const source: Source = {
    units: [
      {
        unitId: 'u1',
        unitName: 'u1学院',
        city: '南京市',
        payeeZh: '南京市财政部门',
        lines: n,
        amountFen: n * 1_000_000,
      },
    ],
    name: 'x',
    scope: {},
    async *lines() {
      for (let i = 1; i <= n; i++) {
        pulled.count += 1;
        yield line(i, 'u1');
      }
    },
  };
  return { source, pulled };
};

describe('streamed exports', () => {
  it('pulls lines as it writes: the first CSV chunks leave before most lines are read', async () => {
    const n = 20_000;
    const { source, pulled } = lazySource(n);
    const counter = { rows: 0 };
    const seenAtChunk: number[] = [];
    let bytes = 0;
    for await (const c of exportChunks(source, 'csv', true, counter)) {
      seenAtChunk.push(pulled.count);
      bytes += c.byteLength;
    }
    expect(counter.rows).toBe(n);
    expect(seenAtChunk.length).toBeGreaterThan(10);
    expect(seenAtChunk[2]).toBeLessThan(n / 4);
    expect(bytes).toBeGreaterThan(n * 100);
  });

  it('streams XLSX the same way, and its summary formula sums the unit sheet', async () => {
    const n = 5_000;
    const { source, pulled } = lazySource(n);
    const seen: number[] = [];
    const parts: Uint8Array[] = [];
    for await (const c of exportChunks(source, 'xlsx', false, { rows: 0 })) {
      seen.push(pulled.count);
      parts.push(c);
    }
    expect(seen.some((s) => s > 0 && s < n)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(parts) as never);
    const cell = wb.getWorksheet('汇总')!.getRow(2).getCell(5).value as { formula: string; result: number };
    expect(cell).toMatchObject({ formula: `SUM('u1学院'!P2:P${n + 1})`, result: n * 1_000_000 });
    expect(wb.getWorksheet('u1学院')!.getRow(2).getCell(9).value).toBe('110105********0011');
  });
});

describe('payment confirmation files', () => {
  it('reads quoted fields, CRLF, a BOM and yuan amounts exactly', () => {
    expect(parseCsv('\uFEFFa,"b,""c"""\r\n1,2\r\n')).toEqual([
      ['a', 'b,"c"'],
      ['1', '2'],
    ]);
    const { rows, problems } = readConfirmation(
      '身份证号,金额（元）\n110105198001010011,"10,000.05"\nX,abc\n110105198001010011,\'-1.50\n',
    );
    expect(rows).toEqual([
      { row: 2, residentId: '110105198001010011', amountFen: 1_000_005 },
      { row: 4, residentId: '110105198001010011', amountFen: -150 },
    ]);
    expect(problems).toEqual([{ row: 3, message: expect.stringContaining('amount') }]);
  });

  it('lists missing, extra and differing amounts by line id', () => {
    const r = reconcile(
      [
        { lineId: 'l1', residentId: 'r1', amountFen: 100 },
        { lineId: 'l2', residentId: 'r2', amountFen: 200 },
        { lineId: 'l3', residentId: 'r3', amountFen: -300 },
      ],
      [
        { row: 2, lineId: 'l1', amountFen: 100 },
        { row: 3, lineId: 'l2', amountFen: 199 },
        { row: 4, lineId: 'l9', amountFen: 5 },
      ],
    );
    expect(r.matchedBy).toBe('lineId');
    expect(r.matched).toBe(1);
    expect(r.mismatches).toEqual([
      { kind: 'amount-differs', key: 'l2', expectedFen: 200, paidFen: 199, rows: [3] },
      { kind: 'missing', key: 'l3', expectedFen: -300 },
      { kind: 'extra', key: 'l9', paidFen: 5, rows: [4] },
    ]);
  });
  it('adds amounts exactly and refuses totals no payment reaches, instead of rounding them (P-RECONCILIATION-FILE)', () => {
    const huge = Array.from({ length: 10 }, (_, i) => ({
      row: i + 2,
      lineId: 'l1',
      amountFen: 999_999_999_999_999,
    }));
    expect(() => reconcile([{ lineId: 'l1', residentId: 'r1', amountFen: 100 }], huge)).toThrow(
      expect.objectContaining({ status: 422 }),
    );
  });

  it('stays linear when one key fills the file, listing its first 20 rows', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ row: i + 2, lineId: 'l1', amountFen: 1 }));
    const started = performance.now();
    const r = reconcile([{ lineId: 'l1', residentId: 'r1', amountFen: 50_000 }], rows);
    expect(r.matched).toBe(1);
    expect(r.paidFen).toBe(50_000);
    const again = reconcile([{ lineId: 'l1', residentId: 'r1', amountFen: 1 }], rows);
    expect(again.mismatches[0]?.rows).toHaveLength(20);
    // Not a timing assertion of the product: a guard against the quadratic copy (30 s before).
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
