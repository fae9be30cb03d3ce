import type { Cell } from './table';

type Rows = AsyncIterable<readonly Cell[]> | Iterable<readonly Cell[]>;

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);
const CHUNK_CHARS = 64 * 1024;

/**
 * Characters that make Excel/WPS read a text cell as a formula (OWASP "CSV injection"): `=`, `+`,
 * `-`, `@`, and tab / carriage return before one of them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * Plain numeric text (`-10000.00`, `+5`, `12`): a spreadsheet reads it as that number, never as a
 * formula, so it is written as is — a clawback's yuan text stays `-10000.00`, not `'-10000.00`.
 */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field. Strings that start like a formula get a leading apostrophe (Excel shows the
 * text instead of evaluating it), except plain numeric text (`^[+-]?\d+(\.\d+)?$`); numbers are written as numbers, so -5 stays -5 (a number cannot
 * carry a formula). Booleans are TRUE/FALSE, null is empty. Non-finite numbers are refused.
 */
export const csvField = (cell: Cell | undefined): string => {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new RangeError(`csvChunks: ${cell} is not a finite number`);
    return String(cell);
  }
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  const text = FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const line = (cells: readonly Cell[]): string => {
  let s = '';
  for (let i = 0; i < cells.length; i++) s += (i === 0 ? '' : ',') + csvField(cells[i]);
  return `${s}\r\n`;
};

/**
 * A CSV file as a stream of chunks: UTF-8 with a BOM (so Excel on Chinese Windows opens it as
 * UTF-8, not GBK), CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF, and the
 * formula-injection guard of csvField. Rows are pulled lazily; memory stays flat.
 */
export async function* csvChunks(header: readonly string[], rows: Rows): AsyncIterable<Uint8Array> {
  const encoder = new TextEncoder();
  yield BOM.slice();
  let buffer = line(header);
  for await (const row of rows) {
    buffer += line(row);
    if (buffer.length >= CHUNK_CHARS) {
      yield encoder.encode(buffer);
      buffer = '';
    }
  }
  if (buffer.length > 0) yield encoder.encode(buffer);
}
