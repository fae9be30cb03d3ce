/** Collects an `xlsxChunks` workbook into one inline response body (≤ 4 MiB, base64). */
import type { ApiResult } from '@talent/http';
import { ValidationFailedError } from '@talent/kernel';
import { type WorkbookSpec, xlsxChunks } from '@talent/tabular';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A Lambda response is ≤ 6 MB after base64 (×4/3): 4 MiB of file is the most that fits. */
export const INLINE_LIMIT_BYTES = 4 * 1024 * 1024;

export const xlsxResult = async (workbook: WorkbookSpec, filename: string): Promise<ApiResult> => {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of xlsxChunks(workbook)) {
    size += chunk.byteLength;
    if (size > INLINE_LIMIT_BYTES) {
      throw new ValidationFailedError([
        { ruleId: 'P-EXPORT-SIZE', path: '', message: 'the form is larger than 4 MiB' },
      ]);
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks).toString('base64');
  return {
    status: 200,
    body,
    raw: { contentType: XLSX_CONTENT_TYPE, base64: true },
    headers: {
      'content-disposition': `attachment; filename="form.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    },
  };
};

/** A1-style column letter of a 1-based column index. */
export const col = (n: number): string => {
  let s = '';
  let x = n;
  while (x > 0) {
    const r = (x - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
};

export const round2 = (x: number): number => Math.round(x * 100) / 100;
