import { formatError } from './errors';
import { LIMITS } from './limits';
import {
  buildTable,
  type Cell,
  type RawRow,
  type ReadOptions,
  type Table,
  tooManyCells,
  tooManyRows,
} from './table';

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((x, i) => b[i] === x);

/**
 * Bytes → text. A BOM decides (UTF-8, UTF-16 LE/BE); without one the bytes are UTF-8 when they are
 * valid UTF-8, else GB18030 (a superset of GBK/GB2312: what Excel and WPS save as "CSV" on Chinese Windows).
 */
export const decodeText = (bytes: Uint8Array): string => {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    throw formatError(
      'this is an XLSX (zip) file, not a CSV: send it with format "xlsx"',
      '该文件是 XLSX（zip）文件而不是 CSV，请以 xlsx 格式上传',
    );
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) throw legacyXls();
  let text: string;
  try {
    if (startsWith(bytes, [0xef, 0xbb, 0xbf]))
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
    else if (startsWith(bytes, [0xff, 0xfe]))
      text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    else if (startsWith(bytes, [0xfe, 0xff]))
      text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      }
    }
  } catch {
    throw formatError(
      'the file is neither UTF-8 nor GB18030/GBK text',
      '文件编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）',
    );
  }
  if (text.includes('\u0000')) {
    throw formatError('the file is not a text (CSV) file', '文件不是文本（CSV）文件');
  }
  return text;
};

export const legacyXls = () =>
  formatError(
    'Excel 97-2003 (.xls) files are not supported: save the sheet as .xlsx or CSV',
    '不支持 Excel 97-2003（.xls）文件，请另存为 .xlsx 或 CSV',
  );

/** Comma, unless the first line has more tabs than commas outside quotes (Excel's "Unicode text" export). */
const sniffDelimiter = (text: string): number => {
  let commas = 0;
  let tabs = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 10 || c === 13) break;
    else if (c === 44) commas++;
    else if (c === 9) tabs++;
  }
  return tabs > commas ? 9 : 44;
};

const tooLong = () =>
  formatError(
    `a cell holds more than ${LIMITS.maxCellChars} characters`,
    `单元格内容超过 ${LIMITS.maxCellChars} 个字符`,
  );

/**
 * RFC 4180 records: quoted fields with doubled quotes, CRLF / LF / CR line ends, line breaks inside
 * quotes. Lenient where Excel is (a quote inside an unquoted field is kept as text); an unterminated
 * quoted field is refused. Row numbers count records, as a spreadsheet shows them.
 */
export const parseCsv = (text: string, maxRows: number): RawRow[] => {
  const delimiter = sniffDelimiter(text);
  const rows: RawRow[] = [];
  const n = text.length;
  let i = 0;
  let rowNumber = 0;
  let nonBlank = 0;
  let cellCount = 0;
  while (i < n) {
    rowNumber++;
    const cells: Cell[] = [];
    let blank = true;
    // One record.
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        let parts = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            throw formatError(
              `row ${rowNumber}: a quoted field is never closed`,
              `第 ${rowNumber} 行：带引号的字段没有结束引号`,
            );
          }
          parts += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            parts += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
          if (parts.length > LIMITS.maxCellChars) throw tooLong();
        }
        // Text after the closing quote up to the delimiter is kept (lenient, as Excel does).
        let k = j;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delimiter || c === 10 || c === 13) break;
          k++;
        }
        value = k > j ? parts + text.slice(j, k) : parts;
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delimiter || c === 10 || c === 13) break;
          k++;
        }
        value = text.slice(i, k);
        i = k;
      }
      if (value.length > LIMITS.maxCellChars) throw tooLong();
      if (blank && value.trim() !== '') blank = false;
      cells.push(value === '' ? null : value);
      if (cells.length > LIMITS.maxColumns) {
        throw formatError(
          `row ${rowNumber} has more than ${LIMITS.maxColumns} columns`,
          `第 ${rowNumber} 行超过 ${LIMITS.maxColumns} 列`,
        );
      }
      const c = text.charCodeAt(i);
      if (c === delimiter) {
        i++;
        continue;
      }
      if (c === 13) i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
      else if (c === 10) i++;
      break;
    }
    if (!blank) {
      nonBlank++;
      if (nonBlank > maxRows + 1) throw tooManyRows(maxRows);
      cellCount += cells.length;
      if (cellCount > LIMITS.maxCells) throw tooManyCells();
      rows.push({ rowNumber, cells });
    }
  }
  return rows;
};

export const readCsv = (bytes: Uint8Array, options: ReadOptions): Table => {
  const maxRows = options.maxRows ?? LIMITS.defaultMaxRows;
  return buildTable(parseCsv(decodeText(bytes), maxRows), maxRows);
};
