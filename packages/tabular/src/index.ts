export { csvChunks, csvField } from './csv-write';
export { IMPORT_FORMAT_RULE, TabularFormatError } from './errors';
export {
  decodeImport,
  IMPORT_FORMATS,
  IMPORT_MAX_BODY_BYTES,
  IMPORT_MODES,
  type ImportBody,
  type ImportFormat,
  type ImportMode,
  type ImportReport,
  importBody,
  importReport,
  importReportOf,
  MAX_IMPORT_BYTES,
} from './import';
export { LIMITS } from './limits';
export { type ColumnSpec, headerKey, mapRows, type RowError } from './map';
export { readTable } from './read';
export type { Cell, ReadOptions, Table, TableRow } from './table';
export {
  type ColumnFormat,
  type FormulaCell,
  type SheetSpec,
  safeSheetName,
  sheetNameProblem,
  type WorkbookSpec,
  type XlsxCell,
  xlsxChunks,
} from './xlsx-write';
