/** Helpers of the KPI tests: call the reporting handler in process, read an XLSX back with exceljs. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { apiEvent, type Caller, lambdaContext, parseResponse } from '../../../test/support/api-event';
import { handler } from '../src/handlers/api';

export const reporting = async (
  programmeId: string,
  year: number,
  caller: Caller,
  format?: 'json' | 'xlsx',
) => {
  const result = await handler(
    apiEvent({
      method: 'GET',
      route: '/programmes/{programmeId}/kpis',
      pathParameters: { programmeId },
      query: { year: String(year), ...(format ? { format } : {}) },
      caller,
    }),
    lambdaContext('reporting'),
  );
  const structured = result as APIGatewayProxyStructuredResultV2;
  return { result: structured, ...parseResponse(structured) };
};

export interface Row {
  ruleId: string;
  indicator: string;
  labelZh: string;
  scope: string;
  scopeId?: string;
  basis: string;
  target: string;
  value: number | null;
  whole?: number;
  percent?: number;
  met: boolean | null;
  flagged: boolean;
}

export const kpis = async (programmeId: string, year: number, caller: Caller) => {
  const r = await reporting(programmeId, year, caller);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as {
    programmeId: string;
    year: number;
    cycles: { cycleId: string; year: number }[];
    unitId?: string;
    rows: Row[];
    gradeDistributions?: {
      cycleId: string;
      unitId: string;
      trainees: number;
      grades: Record<string, number>;
      passed: number;
      passRate: number | null;
      final: boolean;
    }[];
    notMeasurable: { ruleId: string; indicator: string }[];
  };
};

export const row = (rows: readonly Row[], pick: Partial<Row>): Row => {
  const found = rows.filter((r) => Object.entries(pick).every(([k, v]) => r[k as keyof Row] === v));
  expect(found, JSON.stringify(pick)).toHaveLength(1);
  return found[0] as Row;
};

/** The workbook of `format=xlsx`, its content type checked, read back with exceljs. */
export const workbook = async (programmeId: string, year: number, caller: Caller) => {
  const { result } = await reporting(programmeId, year, caller, 'xlsx');
  expect(result.statusCode).toBe(200);
  expect(result.headers?.['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  expect(result.isBase64Encoded).toBe(true);
  const bytes = Buffer.from(String(result.body), 'base64');
  expect(bytes.byteLength).toBeLessThanOrEqual(4 * 1024 * 1024);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
};

/** The 指标 sheet's data rows as objects keyed by header. */
export const sheetRows = (wb: ExcelJS.Workbook, name = '指标'): Record<string, unknown>[] => {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const values = (r.values as unknown[]).slice(1);
    out.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return out;
};
