/** The KPI report as one XLSX workbook (the same numbers as the JSON), collected into one body ≤ 4 MiB. */
import { ValidationFailedError } from '@talent/kernel';
import { xlsxChunks } from '@talent/tabular';
import type { KpiReport } from './compute';

export const MAX_XLSX_BYTES = 4 * 1024 * 1024;
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const KPI_COLUMNS = [
  '规则编号',
  '范围',
  '范围编号',
  '口径',
  '指标',
  '指标名称',
  '目标',
  '实际',
  '基数',
  '比例(%)',
  '是否达标',
  '预警',
] as const;

const metText = (m: boolean | null): string => (m === null ? '—' : m ? '达标' : '未达标');

export type Cell = string | number | boolean | null;
/** A report table: one XLSX sheet, one HTML table. */
export interface Sheet {
  readonly name: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Any report as a workbook of plain tables (header row frozen). */
export const tableWorkbook = (sheets: readonly Sheet[]): Promise<Buffer> =>
  collect(
    sheets.map((s) => ({
      name: s.name,
      freezeHeader: true,
      columns: s.headers.map((header) => ({ header })),
      rows: s.rows,
    })),
  );

/** The KPI report's tables (指标, 无法计量): the workbook's sheets and the HTML view's tables. */
export const kpiTables = (report: KpiReport): Sheet[] => {
  const kpiRows = report.rows.map((r) => [
    r.ruleId,
    r.scope,
    r.scopeId ?? '',
    r.basis,
    r.indicator,
    r.labelZh,
    r.target,
    r.value,
    r.whole ?? null,
    r.percent ?? null,
    metText(r.met),
    r.flagged ? '是' : '否',
  ]);
  return [
    { name: '指标', headers: KPI_COLUMNS, rows: kpiRows },
    {
      name: '无法计量',
      headers: ['规则编号', '指标', '指标名称', '原因'],
      rows: report.notMeasurable.map((n) => [n.ruleId, n.indicator, n.labelZh, n.reason]),
    },
  ];
};

export const kpiWorkbook = (report: KpiReport): Promise<Buffer> => tableWorkbook(kpiTables(report));

const collect = async (sheets: Parameters<typeof xlsxChunks>[0]['sheets']): Promise<Buffer> => {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of xlsxChunks({ sheets })) {
    size += chunk.byteLength;
    if (size > MAX_XLSX_BYTES)
      throw new ValidationFailedError([
        {
          ruleId: 'P-EXPORT-SIZE',
          path: 'query.format',
          message: `the workbook would exceed ${MAX_XLSX_BYTES} bytes: ask for JSON`,
          messageZh: '导出文件超过4 MiB，请以JSON格式获取',
        },
      ]);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
};
