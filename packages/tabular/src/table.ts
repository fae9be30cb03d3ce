import { formatError } from './errors';
import { LIMITS } from './limits';

export type Cell = string | number | boolean | null;

export interface TableRow {
  /** The spreadsheet's row number (the header is row 1 in a file that starts with it). */
  readonly rowNumber: number;
  readonly cells: readonly Cell[];
}

export interface Table {
  /** The sheet read (XLSX only). */
  readonly sheet?: string;
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
}

export interface ReadOptions {
  /** XLSX: the sheet to read, by name (exact, else trimmed and case-insensitive); default the first visible one. */
  readonly sheet?: string;
  /** Data rows accepted (default 100,000); a file with more is refused, never cut short. */
  readonly maxRows?: number;
}

export interface RawRow {
  readonly rowNumber: number;
  readonly cells: Cell[];
}

export const tooManyRows = (maxRows: number) =>
  formatError(`the file has more than ${maxRows} data rows`, `文件数据行超过 ${maxRows} 行`);

export const tooManyCells = () =>
  formatError(
    `the file has more than ${LIMITS.maxCells} cells`,
    `文件包含的单元格超过 ${LIMITS.maxCells} 个`,
  );

const isBlankCell = (c: Cell | undefined): boolean =>
  c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

export const isBlankRow = (cells: readonly Cell[]): boolean => cells.every(isBlankCell);

const headerText = (c: Cell | undefined): string =>
  c === null || c === undefined ? '' : typeof c === 'boolean' ? (c ? 'TRUE' : 'FALSE') : String(c);

/**
 * The table of a sheet: the first non-blank row is the header, blank rows are dropped everywhere
 * (row numbers stay the spreadsheet's), each data row is padded with nulls to the header's width.
 */
export const buildTable = (raw: readonly RawRow[], maxRows: number, sheet?: string): Table => {
  const nonBlank = raw.filter((r) => !isBlankRow(r.cells));
  const first = nonBlank[0];
  if (!first) {
    throw formatError('the file is empty: it has no header row', '文件为空：没有表头行');
  }
  const header = first.cells.map(headerText);
  while (header.length > 0 && header[header.length - 1]?.trim() === '') header.pop();
  const width = header.length;
  if (nonBlank.length - 1 > maxRows) throw tooManyRows(maxRows);
  let cellCount = 0;
  const rows: TableRow[] = [];
  for (let i = 1; i < nonBlank.length; i++) {
    const r = nonBlank[i] as RawRow;
    const cells = r.cells;
    while (cells.length < width) cells.push(null);
    cellCount += cells.length;
    if (cellCount > LIMITS.maxCells) throw tooManyCells();
    rows.push({ rowNumber: r.rowNumber, cells });
  }
  return sheet === undefined ? { header, rows } : { sheet, header, rows };
};
