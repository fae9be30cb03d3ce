import { legacyXls, readCsv } from './csv-read';
import { formatError, TabularFormatError } from './errors';
import { LIMITS } from './limits';
import type { ReadOptions, Table } from './table';
import { readXlsx } from './xlsx-read';

/**
 * Reads the first (or the named) sheet of an XLSX workbook, or a CSV file, into a table whose first
 * non-blank row is the header. Anything unreadable is a TabularFormatError (422, P-IMPORT-FORMAT).
 */
export const readTable = (bytes: Uint8Array, format: 'csv' | 'xlsx', options: ReadOptions = {}): Table => {
  if (!(bytes instanceof Uint8Array)) throw formatError('no file content', '没有文件内容');
  if (bytes.length > LIMITS.maxFileBytes) {
    throw formatError(
      `the file is larger than ${LIMITS.maxFileBytes} bytes`,
      `文件超过 ${Math.floor(LIMITS.maxFileBytes / 1048576)} MB`,
    );
  }
  if (bytes.length === 0) throw formatError('the file is empty', '文件为空');
  try {
    if (format === 'csv') return readCsv(bytes, options);
    if (format === 'xlsx') {
      if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) throw legacyXls();
      return readXlsx(bytes, options);
    }
  } catch (e) {
    if (e instanceof TabularFormatError) throw e;
    // Defensive: whatever else a hostile file provokes (a string too long for the engine …) is a
    // file we cannot read, never a 5xx.
    throw formatError('the file could not be read', '无法读取该文件');
  }
  throw formatError(`unknown format "${String(format)}"`, `未知的文件格式“${String(format)}”`, 'body.format');
};
