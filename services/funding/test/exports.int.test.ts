import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient, mainTableName, tenantKey } from '@talent/data';
import { formatYuan, nowIso } from '@talent/kernel';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/reconcile';
import {
  admin,
  approved,
  auditor,
  call,
  createBatch,
  exportDir,
  facts,
  finance,
  JS,
  lines,
  seedJiangsu,
  setBudget,
  step,
} from './support';

const J = 'jiangsu';
const YEAR = 2051;

const exportBatch = (batchId: string, format: 'csv' | 'xlsx', caller = finance(J)) =>
  call({
    method: 'POST',
    route: '/batches/{batchId}/exports',
    pathParameters: { batchId },
    body: { format },
    caller,
  });
const download = (exportId: string, caller = finance(J)) =>
  call({ method: 'GET', route: '/exports/{exportId}', pathParameters: { exportId }, caller });
const fileOf = (exportId: string, format: string) =>
  readFileSync(join(exportDir, J, `${exportId}.${format}`));

/** A batch of two units (nj-1: A + B, sz-1: A), approved. */
const batchOfTwoUnits = async (year: number) => {
  const seeded = await seedJiangsu(
    J,
    [
      { category: 'A', unitId: 'nj-1' },
      { category: 'B', unitId: 'nj-1' },
      { category: 'A', unitId: 'sz-1' },
    ],
    { year },
  );
  await setBudget(J, JS, year, 100_000_000);
  const b = await createBatch(J, seeded.cycleId);
  const ok = await approved(J, b.body, b.headers.etag as string);
  return { ...seeded, batch: b.body, etag: ok.headers.etag as string };
};

describe('exports', () => {
  it('writes a batch as CSV: UTF-8 with BOM, Chinese headers, yuan with two decimals and fen, full IDs for finance', async () => {
    const { batch, rows } = await batchOfTwoUnits(YEAR);
    const r = await exportBatch(batch.batchId, 'csv');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ format: 'csv', rows: 3, fullIds: true });
    const bytes = fileOf(r.body.exportId, 'csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.body.bytes).toBe(bytes.length);
    expect(r.body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const [header, ...data] = parseCsv(bytes.toString('utf8'));
    expect(header).toContain('金额（元）');
    expect(header).toContain('身份证号（完整，仅限财务、管理员）');
    const col = (name: string) => (header as string[]).indexOf(name);
    expect(data).toHaveLength(3);
    const fen = data.map((d) => Number(d[col('金额（分）')]));
    expect(fen.reduce((a, b) => a + b, 0)).toBe(batch.totalFen);
    for (const d of data)
      expect(d[col('金额（元）')]).toBe(formatYuan(Number(d[col('金额（分）')]) as never));
    expect(data.map((d) => d[col('身份证号（完整，仅限财务、管理员）')]).sort()).toEqual(
      rows.map((x) => x.residentId).sort(),
    );
    expect(data[0]?.[col('说明')]).toMatch(
      /^A类 1名 × 10,000\.00元 = 10,000\.00元（JS-SUBSIDY，第1年，验收合格）$/,
    );
    // Read by a real spreadsheet parser as well.
    const wb = new ExcelJS.Workbook();
    const { Readable } = await import('node:stream');
    const sheet = await wb.csv.read(Readable.from([bytes.subarray(3)]));
    expect(sheet.rowCount).toBe(4);
  });

  it('writes a clawback as plain numeric text -10000.00 in the CSV, not apostrophe-guarded (JS-ACCEPTANCE)', async () => {
    const year = YEAR + 7;
    const seeded = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-7' }], { year });
    await setBudget(J, JS, year, 100_000_000);
    const first = await createBatch(J, seeded.cycleId);
    await approved(J, first.body, first.headers.etag as string);
    const [row] = seeded.rows;
    facts.setTrainees(J, seeded.cycleId, [
      { ...(row as (typeof seeded.rows)[number]), passed: false, grade: '不合格', factsVersion: 2 },
    ]);
    const second = await createBatch(J, seeded.cycleId);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    await approved(J, second.body, second.headers.etag as string);
    const r = await exportBatch(second.body.batchId, 'csv');
    expect(r.status).toBe(201);
    const text = fileOf(r.body.exportId, 'csv').toString('utf8');
    expect(text).toContain(',-10000.00,-1000000,');
    expect(text).not.toContain("'-10000.00");
    const [header, ...data] = parseCsv(text);
    expect(data[0]?.[(header as string[]).indexOf('金额（元）')]).toBe('-10000.00');
  });

  it('writes a batch as XLSX: a summary whose formulas give its values, then one sheet per unit', async () => {
    const { batch } = await batchOfTwoUnits(YEAR + 1);
    const r = await exportBatch(batch.batchId, 'xlsx');
    expect(r.status).toBe(201);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fileOf(r.body.exportId, 'xlsx') as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '按地区', 'nj-1技师学院', 'sz-1技师学院']);
    const summary = wb.getWorksheet('汇总')!;
    const unitSheets = wb.worksheets.slice(2);
    let grand = 0;
    unitSheets.forEach((ws, i) => {
      const fenValues: number[] = [];
      ws.eachRow((row, n) => {
        if (n > 1) fenValues.push(Number(row.getCell(16).value));
      });
      const sum = fenValues.reduce((a, b) => a + b, 0);
      grand += sum;
      const row = summary.getRow(i + 2);
      const fenCell = row.getCell(5).value as { formula: string; result: number };
      expect(fenCell.formula).toBe(`SUM('${ws.name}'!P2:P${fenValues.length + 1})`);
      expect(fenCell.result).toBe(sum);
      expect((row.getCell(4).value as { result: number }).result).toBe(fenValues.length);
      const yuan = row.getCell(6).value as { formula: string; result: number };
      expect(yuan.formula).toBe(`E${i + 2}/100`);
      expect(yuan.result.toFixed(2)).toBe(formatYuan(sum as never));
      expect(ws.getRow(2).getCell(15).value).toBe(
        Number(formatYuan(Number(ws.getRow(2).getCell(16).value) as never)),
      );
    });
    const total = summary.getRow(unitSheets.length + 2);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(5).value).toMatchObject({
      formula: `SUM(E2:E${unitSheets.length + 1})`,
      result: grand,
    });
    expect(grand).toBe(batch.totalFen);
    expect(r.body.rows).toBe(3);
    // Routed per finance bureau of the unit's city (JS-ACCEPTANCE): SUMIF over the summary.
    const byCity = wb.getWorksheet('按地区')!;
    const cityRow = (n: number) => byCity.getRow(n).values as unknown[];
    expect(cityRow(2).slice(1, 3)).toEqual(['南京市', '南京市财政部门']);
    expect(byCity.getRow(2).getCell(4).value).toMatchObject({
      formula: "SUMIF('汇总'!G2:G3,A2,'汇总'!E2:E3)",
      result: 1_800_000,
    });
    expect(byCity.getRow(3).getCell(4).value).toMatchObject({ result: 1_000_000 });
    expect(byCity.getRow(4).getCell(4).value).toMatchObject({ formula: 'SUM(D2:D3)', result: grand });
    expect(batch.byCity).toEqual([
      expect.objectContaining({
        city: '南京市',
        financeBureauZh: '南京市财政部门',
        units: 1,
        amountFen: 1_800_000,
      }),
      expect.objectContaining({ city: '苏州市', units: 1, amountFen: 1_000_000 }),
    ]);
  });

  it('returns the file inline with its type and a UTF-8 filename, and masks IDs for auditors (X-RESIDENT-ID)', async () => {
    const { batch, rows } = await batchOfTwoUnits(YEAR + 2);
    const mine = await exportBatch(batch.batchId, 'xlsx');
    const got = await download(mine.body.exportId);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="${mine.body.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(mine.body.filename)}`,
    );
    const body = Buffer.from(got.raw, 'base64');
    expect(createHash('sha256').update(body).digest('hex')).toBe(mine.body.sha256);
    // An auditor's export is masked; the auditor may not fetch the finance export with full IDs.
    expect((await download(mine.body.exportId, auditor(J))).status).toBe(403);
    const masked = await exportBatch(batch.batchId, 'csv', auditor(J));
    expect(masked.body.fullIds).toBe(false);
    const text = Buffer.from((await download(masked.body.exportId, auditor(J))).raw, 'base64').toString(
      'utf8',
    );
    expect(text).toContain('身份证号（已脱敏）');
    for (const row of rows) expect(text).not.toContain(row.residentId);
    expect(text).toMatch(/110105\*{8}\d{3}[\dX]/);
    expect((await download(masked.body.exportId, admin(J))).status).toBe(200);
    // Another agency does not see it.
    expect((await download(masked.body.exportId, finance('zhuhai'))).status).toBe(404);
  });

  it('answers 303 to a 5-minute download link above 4 MiB, the most a Lambda response holds in base64 (P-EXPORT-SIZE)', async () => {
    const exportId = `big-${Date.now()}`;
    await getDocumentClient().send(
      new PutCommand({
        TableName: mainTableName(),
        Item: {
          PK: tenantKey(J as never, 'FEXPORT', exportId),
          SK: 'EXPORT',
          exportId,
          agencyId: J,
          format: 'csv',
          key: `${J}/${exportId}.csv`,
          filename: 'x.csv',
          contentType: 'text/csv; charset=utf-8',
          rows: 1,
          bytes: 4 * 1024 * 1024 + 1,
          sha256: '0',
          fullIds: false,
        },
      }),
    );
    const r = await download(exportId);
    expect(r.status).toBe(303);
    expect(r.body).toMatchObject({ ruleId: 'P-EXPORT-SIZE', expiresInSeconds: 300 });
    const location = new URL(r.headers.location as string, 'http://local');
    expect(location.pathname).toBe('/_local/exports');
    expect(location.searchParams.get('key')).toBe(`${J}/${exportId}.csv`);
    expect(Number(location.searchParams.get('expires'))).toBeGreaterThan(Date.parse(nowIso()) / 1000);
    expect(location.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
    // Exactly 4 MiB is still returned inline.
    const atLimit = `limit-${Date.now()}`;
    const bytes = Buffer.alloc(4 * 1024 * 1024, 0x41);
    mkdirSync(join(exportDir, J), { recursive: true });
    writeFileSync(join(exportDir, J, `${atLimit}.csv`), bytes);
    await getDocumentClient().send(
      new PutCommand({
        TableName: mainTableName(),
        Item: {
          PK: tenantKey(J as never, 'FEXPORT', atLimit),
          SK: 'EXPORT',
          exportId: atLimit,
          agencyId: J,
          format: 'csv',
          key: `${J}/${atLimit}.csv`,
          filename: '拨付.csv',
          contentType: 'text/csv; charset=utf-8',
          rows: 1,
          bytes: bytes.length,
          sha256: '0',
          fullIds: false,
        },
      }),
    );
    const inline = await download(atLimit);
    expect(inline.status).toBe(200);
    expect(Buffer.from(inline.raw, 'base64').length).toBe(bytes.length);
    expect(inline.raw.length).toBeLessThan(6 * 1000 * 1000 - 10_000);
  });

  it('exports a programme-year: lines of approved and released batches of that year only', async () => {
    const year = YEAR + 3;
    const one = await batchOfTwoUnits(year);
    await step(finance(J), one.batch.batchId, 'release', one.etag, {
      reference: 'R',
      releasedOn: `${year}-12-01`,
    });
    // A draft of another cycle in the same year is not paid: not exported.
    const draft = await seedJiangsu(J, [{ category: 'B', unitId: 'sz-9' }], { year });
    expect((await createBatch(J, draft.cycleId)).status).toBe(201);
    // A second-year line of the first cycle belongs to the next year.
    const t = one.rows[0]!;
    facts.setTrainees(J, one.cycleId, [...one.rows, { ...t, trackingYear: 2, year: year + 1 }]);
    await setBudget(J, JS, year + 1, 100_000_000);
    const next = await createBatch(J, one.cycleId);
    await approved(J, next.body, next.headers.etag as string);
    const r = await call({
      method: 'POST',
      route: '/budgets/{programmeId}/{year}/exports',
      pathParameters: { programmeId: JS, year: String(year) },
      body: { format: 'xlsx' },
      caller: finance(J),
    });
    expect(r.status).toBe(201);
    expect(r.body.rows).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fileOf(r.body.exportId, 'xlsx') as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '按地区', 'nj-1技师学院', 'sz-1技师学院']);
    const total = wb.getWorksheet('汇总')!.getRow(4).getCell(5).value as { result: number };
    expect(total.result).toBe(one.batch.totalFen);
    const ids = (await lines(finance(J), one.batch.batchId)).map((l) => l.lineId).sort();
    const csv = await call({
      method: 'POST',
      route: '/budgets/{programmeId}/{year}/exports',
      pathParameters: { programmeId: JS, year: String(year) },
      body: { format: 'csv' },
      caller: finance(J),
    });
    const [, ...data] = parseCsv(fileOf(csv.body.exportId, 'csv').toString('utf8'));
    expect(data.map((d) => d[0]).sort()).toEqual(ids);
  });
});
