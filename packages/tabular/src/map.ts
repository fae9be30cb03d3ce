import type * as z from 'zod';
import { IMPORT_FORMAT_RULE } from './errors';
import type { Cell, Table, TableRow } from './table';

export interface ColumnSpec {
  /** The property of the row object handed to the row schema. */
  readonly field: string;
  /** Header texts that name the column (Chinese and English aliases). */
  readonly headers: readonly string[];
  readonly required?: boolean;
}

export interface RowError {
  /** The spreadsheet's row number (1 = the header row). */
  readonly rowNumber: number;
  /** The column's header as it appears in the file (or, for a missing column, its expected header). */
  readonly column?: string;
  readonly field?: string;
  readonly ruleId: string;
  readonly message: string;
  readonly messageZh?: string;
}

/**
 * Header text → comparison key: Unicode NFKC (full-width letters, digits and brackets become ASCII),
 * every kind of space removed (incl. U+3000 and those inside, as in “姓　名”), the required-marks
 * `*`/`＊` at either end dropped, lower case.
 */
export const headerKey = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .toLowerCase();

/** How many leading rows are searched for the header when row 1 is a title (“2026年度……名单”). */
const HEADER_SEARCH_ROWS = 10;

interface Mapping {
  readonly index: Map<string, number>;
  readonly columnText: Map<string, string>;
  readonly missing: ColumnSpec[];
  readonly duplicates: { spec: ColumnSpec; text: string }[];
}

const mapHeader = (header: readonly string[], columns: readonly ColumnSpec[]): Mapping => {
  const keys = header.map((h) => headerKey(h));
  const index = new Map<string, number>();
  const columnText = new Map<string, string>();
  const missing: ColumnSpec[] = [];
  const duplicates: { spec: ColumnSpec; text: string }[] = [];
  for (const spec of columns) {
    const aliases = new Set(spec.headers.map(headerKey));
    const found: number[] = [];
    keys.forEach((k, i) => {
      if (k !== '' && aliases.has(k)) found.push(i);
    });
    const first = found[0];
    if (first === undefined) {
      if (spec.required) missing.push(spec);
      continue;
    }
    if (found.length > 1) duplicates.push({ spec, text: header[first] ?? '' });
    index.set(spec.field, first);
    columnText.set(spec.field, (header[first] ?? '').trim());
  }
  return { index, columnText, missing, duplicates };
};

const cellValue = (c: Cell | undefined): Exclude<Cell, null> | undefined => {
  if (c === null || c === undefined) return undefined;
  if (typeof c === 'string') {
    const t = c.trim();
    return t === '' ? undefined : t;
  }
  return c;
};

const ZH_BY_CODE: Record<string, string> = {
  invalid_type: '类型不正确',
  too_small: '值过小或过短',
  too_big: '值过大或过长',
  invalid_format: '格式不正确',
  invalid_value: '取值不在允许范围内',
  not_multiple_of: '数值不符合要求',
  unrecognized_keys: '包含不允许的字段',
  invalid_union: '格式不正确',
  custom: '不符合要求',
};

/**
 * Maps header texts to fields and validates each data row with the schema. The row object holds,
 * per mapped column, the cell's value: strings trimmed, empty cells left out (so `.optional()` works
 * and a required field reads "required"). XLSX numbers stay numbers and CSV cells are strings: a
 * schema that takes both (`z.coerce.string()`, `z.union`) reads both formats alike.
 * Missing required columns are one error on row 1 (and no row is validated); a column that appears
 * twice is an error on row 1 too. When row 1 is not the header (a title row above it), the first of
 * the next rows that holds every required header is taken as the header.
 */
export const mapRows = <T>(
  table: Table,
  columns: readonly ColumnSpec[],
  rowSchema: z.ZodType<T>,
): { valid: { rowNumber: number; value: T }[]; errors: RowError[] } => {
  let mapping = mapHeader(table.header, columns);
  let dataRows: readonly TableRow[] = table.rows;
  if (mapping.missing.length > 0) {
    for (let i = 0; i < Math.min(HEADER_SEARCH_ROWS, table.rows.length); i++) {
      const candidate = table.rows[i] as TableRow;
      const header = candidate.cells.map((c) => (c === null ? '' : String(c)));
      const m = mapHeader(header, columns);
      if (m.missing.length === 0) {
        mapping = m;
        dataRows = table.rows.slice(i + 1);
        break;
      }
    }
  }
  const headerErrors: RowError[] = [];
  if (mapping.missing.length > 0) {
    const names = mapping.missing.map((s) => s.headers[0] ?? s.field);
    headerErrors.push({
      rowNumber: 1,
      column: names.join(', '),
      field: mapping.missing.map((s) => s.field).join(', '),
      ruleId: IMPORT_FORMAT_RULE,
      message: `missing required column${names.length > 1 ? 's' : ''}: ${names.map((n) => `"${n}"`).join(', ')}`,
      messageZh: `缺少必填列：${names.map((n) => `“${n}”`).join('、')}`,
    });
  }
  for (const d of mapping.duplicates) {
    headerErrors.push({
      rowNumber: 1,
      column: d.text,
      field: d.spec.field,
      ruleId: IMPORT_FORMAT_RULE,
      message: `the column "${d.spec.headers[0] ?? d.spec.field}" appears more than once`,
      messageZh: `列“${d.spec.headers[0] ?? d.spec.field}”重复出现`,
    });
  }
  if (headerErrors.length > 0) return { valid: [], errors: headerErrors };

  const valid: { rowNumber: number; value: T }[] = [];
  const errors: RowError[] = [];
  const fieldOfColumn = [...mapping.index.entries()];
  for (const row of dataRows) {
    const input: Record<string, Exclude<Cell, null>> = {};
    for (const [field, i] of fieldOfColumn) {
      const v = cellValue(row.cells[i]);
      if (v !== undefined) input[field] = v;
    }
    const result = rowSchema.safeParse(input);
    if (result.success) {
      valid.push({ rowNumber: row.rowNumber, value: result.data });
      continue;
    }
    for (const issue of result.error.issues) {
      const first = issue.path[0];
      const field = first === undefined ? undefined : String(first);
      const params =
        issue.code === 'custom' ? (issue.params as Record<string, unknown> | undefined) : undefined;
      const ruleId = typeof params?.ruleId === 'string' ? params.ruleId : 'P-SCHEMA';
      const missingValue = issue.code === 'invalid_type' && field !== undefined && !(field in input);
      const messageZh =
        typeof params?.messageZh === 'string'
          ? params.messageZh
          : missingValue
            ? '必填'
            : (ZH_BY_CODE[issue.code] ?? '格式不正确');
      const column = field === undefined ? undefined : mapping.columnText.get(field);
      errors.push({
        rowNumber: row.rowNumber,
        ...(column !== undefined ? { column } : {}),
        ...(field !== undefined ? { field } : {}),
        ruleId,
        message: missingValue ? 'required' : issue.message,
        messageZh,
      });
    }
  }
  return { valid, errors };
};
