import * as z from 'zod';
import { formatError } from './errors';
import type { RowError } from './map';
import { readTable } from './read';
import type { Table } from './table';

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export const IMPORT_MODES = ['all-or-nothing', 'valid-rows'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export type ImportMode = (typeof IMPORT_MODES)[number];

/**
 * Largest decoded file an import accepts (5 MiB): its base64 (~6.7 MiB) plus the JSON around it still fits
 * a route's `maxBodyBytes` of 7 MiB. Lambda behind API Gateway takes request payloads of up to 6 MB in
 * total, so a route that must work there sets `maxBodyBytes` ≤ 6,000,000 (a file of ≈4.4 MB).
 */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const MAX_BASE64_CHARS = Math.ceil(MAX_IMPORT_BYTES / 3) * 4;

/** A route's `maxBodyBytes` that lets through the largest file decodeImport accepts. */
export const IMPORT_MAX_BODY_BYTES = MAX_BASE64_CHARS + 4096;

/**
 * An import request: the file as base64 (standard alphabet, line breaks tolerated), its format,
 * `all-or-nothing` (default: any row error rejects the whole file) or `valid-rows` (apply the valid
 * rows, report the others), and for XLSX optionally the sheet name (default the first visible sheet).
 */
export const importBody = z.lazy(() =>
  z.strictObject({
    format: z.enum(IMPORT_FORMATS),
    contentBase64: z
      .string()
      .min(1)
      .max(MAX_BASE64_CHARS + Math.ceil(MAX_BASE64_CHARS / 38) + 4)
      .regex(/^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/, 'must be base64 (standard alphabet)'),
    mode: z.enum(IMPORT_MODES).default('all-or-nothing'),
    sheet: z.string().trim().min(1).max(31).optional(),
  }),
);

const rowError = z.lazy(() =>
  z.strictObject({
    rowNumber: z.number().int().min(1),
    column: z.string().optional(),
    field: z.string().optional(),
    ruleId: z.string(),
    message: z.string(),
    messageZh: z.string().optional(),
  }),
);

export type ImportBody = z.output<typeof importBody>;

/**
 * The response of an import: `rowsRead` data rows (blank rows are not counted), `applied` rows
 * (0 when an all-or-nothing import had an error), `rejected` rows (each has at least one entry in
 * `errors`), and the errors by row.
 */
export const importReport = z.lazy(() =>
  z.strictObject({
    mode: z.enum(IMPORT_MODES),
    rowsRead: z.number().int().min(0),
    applied: z.number().int().min(0),
    rejected: z.number().int().min(0),
    errors: z.array(rowError),
  }),
);
export type ImportReport = z.output<typeof importReport>;

/**
 * base64 → bytes → readTable, refusing files over `maxBytes` (default MAX_IMPORT_BYTES) before
 * decoding. The body is the parsed `importBody`.
 */
export const decodeImport = (
  body: {
    readonly format: ImportFormat;
    readonly contentBase64: string;
    readonly sheet?: string | undefined;
  },
  options: { readonly maxBytes?: number; readonly maxRows?: number } = {},
): Table => {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  const b64 = body.contentBase64.replace(/[\r\n]+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) {
    throw formatError('contentBase64 is not valid base64', 'contentBase64 不是有效的 base64 编码');
  }
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  const size = Math.floor((b64.length * 3) / 4) - padding;
  if (size > maxBytes) {
    throw formatError(
      `the file is larger than ${maxBytes} bytes`,
      `文件超过 ${(maxBytes / 1048576).toFixed(1).replace(/\.0$/, '')} MB`,
    );
  }
  const buffer = Buffer.from(b64, 'base64');
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return readTable(bytes, body.format, {
    ...(body.sheet !== undefined ? { sheet: body.sheet } : {}),
    ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
  });
};

/**
 * The report of an import from what mapRows found and how many rows the service applied:
 * `rejected` counts the rows with at least one error (every row when the header itself failed).
 */
export const importReportOf = (
  mode: ImportMode,
  rowsRead: number,
  errors: readonly RowError[],
  applied: number,
): ImportReport => {
  const headerFailed = errors.some((e) => e.rowNumber === 1);
  const rejected = headerFailed ? rowsRead : new Set(errors.map((e) => e.rowNumber)).size;
  return { mode, rowsRead, applied, rejected, errors: [...errors] };
};
