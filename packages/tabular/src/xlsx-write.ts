import { Zip, ZipDeflate } from 'fflate';
import { isoDateToSerial } from './dates';
import type { Cell } from './table';

/** A formula (without or with its leading `=`) and its cached value, which readers show until Excel recalculates. */
export interface FormulaCell {
  readonly formula: string;
  readonly value?: number | string;
}
export type XlsxCell = Cell | FormulaCell;

export interface ColumnFormat {
  readonly header: string;
  /** Width in characters (Excel's unit), 1–255. */
  readonly width?: number;
  /** Number format of the column's data cells: '0.00', '0', 'yyyy-mm-dd' or any Excel format code. */
  readonly numFmt?: '0.00' | '0' | 'yyyy-mm-dd' | (string & {});
}

export interface SheetSpec {
  /** 1–31 characters, none of : \ / ? * [ ], not starting or ending with ', unique (case-insensitive). */
  readonly name: string;
  /** When given, row 1 holds the headers (bold) and the formats apply to the rows below. */
  readonly columns?: readonly ColumnFormat[];
  readonly rows: AsyncIterable<readonly XlsxCell[]> | Iterable<readonly XlsxCell[]>;
  /** Keeps the header row visible while scrolling (only with columns). */
  readonly freezeHeader?: boolean;
}

export interface WorkbookSpec {
  readonly sheets: AsyncIterable<SheetSpec> | Iterable<SheetSpec>;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const MAX_CELL_CHARS = 32_767;
const FLUSH_CHARS = 64 * 1024;
/** Fixed entry times: the same input gives the same bytes. */
const MTIME = new Date(2000, 0, 1);

// ---------------------------------------------------------------------------------------------
// Escaping

const INVALID_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 cannot hold are exactly what this escapes
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const HAS_INVALID_XML = new RegExp(INVALID_XML.source);
const hex4 = (c: string) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;

/** Element text: XML escapes, and OOXML `_xHHHH_` for characters XML cannot hold (and for literal `_xHHHH_`). */
export const escapeText = (s: string): string => {
  let out = s;
  if (out.includes('_x')) out = out.replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1');
  if (/[&<>]/.test(out)) out = out.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return HAS_INVALID_XML.test(out) ? out.replace(INVALID_XML, hex4) : out;
};

const escapeAttr = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

// ---------------------------------------------------------------------------------------------
// Sheet names

const INVALID_NAME_CHARS = /[:\\/?*[\]]/;

/** Why Excel would refuse the sheet name, or undefined when it is fine. */
export const sheetNameProblem = (name: string): string | undefined => {
  if (typeof name !== 'string' || name.length === 0) return 'a sheet name must not be empty';
  if (name.length > 31) return `the sheet name "${name}" is longer than 31 characters`;
  if (INVALID_NAME_CHARS.test(name)) return `the sheet name "${name}" contains one of : \\ / ? * [ ]`;
  if (name.startsWith("'") || name.endsWith("'"))
    return `the sheet name "${name}" starts or ends with an apostrophe`;
  if (name.toLowerCase() === 'history') return 'the sheet name "History" is reserved by Excel';
  if (HAS_INVALID_XML.test(name)) return `the sheet name "${name}" contains control characters`;
  return undefined;
};

/** A name Excel accepts, made from any text (invalid characters → '_', cut to 31, not in `taken`). */
export const safeSheetName = (text: string, taken: Iterable<string> = []): string => {
  let base = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are replaced like the other refused ones
    .replace(/[:\\/?*[\]\u0000-\u001f]/g, '_')
    .replace(/^'+|'+$/g, '')
    .trim();
  if (base === '' || base.toLowerCase() === 'history') base = base === '' ? 'Sheet' : `${base}_`;
  const used = new Set([...taken].map((t) => t.toLowerCase()));
  let name = base.slice(0, 31);
  for (let i = 2; used.has(name.toLowerCase()); i++) {
    const suffix = `(${i})`;
    name = `${base.slice(0, 31 - suffix.length)}${suffix}`;
  }
  return name;
};

// ---------------------------------------------------------------------------------------------
// Styles

const BUILTIN_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '@': 49,
};
/** Cell style 1: the bold header. Data styles follow from 2. */
const HEADER_STYLE = 1;

class Styles {
  private readonly xfs: { numFmtId: number }[] = [];
  private readonly byCode = new Map<string, number>();
  private readonly custom: { id: number; code: string }[] = [];

  /** The cellXfs index of a number format. */
  styleOf(code: string): number {
    const known = this.byCode.get(code);
    if (known !== undefined) return known;
    let numFmtId = BUILTIN_FORMATS[code];
    if (numFmtId === undefined) {
      numFmtId = 164 + this.custom.length;
      this.custom.push({ id: numFmtId, code });
    }
    this.xfs.push({ numFmtId });
    const index = HEADER_STYLE + this.xfs.length;
    this.byCode.set(code, index);
    return index;
  }

  xml(): string {
    const numFmts =
      this.custom.length === 0
        ? ''
        : `<numFmts count="${this.custom.length}">${this.custom
            .map((f) => `<numFmt numFmtId="${f.id}" formatCode="${escapeAttr(f.code)}"/>`)
            .join('')}</numFmts>`;
    const xfs = [
      '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
      '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
      ...this.xfs.map(
        (x) =>
          `<xf numFmtId="${x.numFmtId}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
      ),
    ];
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">${numFmts}` +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
      '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '<dxfs count="0"/><tableStyles count="0"/></styleSheet>'
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Cells

const columnLetters = (index: number): string => {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

const letterCache: string[] = [];
const letters = (i: number): string => {
  let l = letterCache[i];
  if (l === undefined) {
    l = columnLetters(i);
    letterCache[i] = l;
  }
  return l;
};

const isFormula = (c: XlsxCell): c is FormulaCell => typeof c === 'object' && c !== null;
const DATE_FORMAT = /[yd]/i;

const numberText = (n: number, where: string): string => {
  if (!Number.isFinite(n)) throw new RangeError(`xlsxChunks: ${where} holds ${n}, not a finite number`);
  return String(n);
};

const stringCell = (ref: string, style: string, text: string, where: string): string => {
  if (text.length > MAX_CELL_CHARS) {
    throw new RangeError(`xlsxChunks: ${where} holds more than ${MAX_CELL_CHARS} characters (Excel's limit)`);
  }
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${escapeText(text)}</t></is></c>`;
};

interface ColumnStyle {
  readonly attr: string;
  readonly isDate: boolean;
}

const cellXml = (cell: XlsxCell, ref: string, column: ColumnStyle | undefined): string => {
  const style = column?.attr ?? '';
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    if (column?.isDate) {
      const serial = isoDateToSerial(cell);
      if (serial !== undefined) return `<c r="${ref}"${style}><v>${serial}</v></c>`;
    }
    return stringCell(ref, style, cell, ref);
  }
  if (typeof cell === 'number') return `<c r="${ref}"${style}><v>${numberText(cell, ref)}</v></c>`;
  if (typeof cell === 'boolean') return `<c r="${ref}"${style} t="b"><v>${cell ? 1 : 0}</v></c>`;
  if (isFormula(cell)) {
    const f = `<f>${escapeText(cell.formula.replace(/^=/, ''))}</f>`;
    if (typeof cell.value === 'number')
      return `<c r="${ref}"${style}>${f}<v>${numberText(cell.value, ref)}</v></c>`;
    if (typeof cell.value === 'string')
      return `<c r="${ref}"${style} t="str">${f}<v>${escapeText(cell.value)}</v></c>`;
    return `<c r="${ref}"${style}>${f}</c>`;
  }
  throw new TypeError(`xlsxChunks: ${ref} holds an unsupported value`);
};

// ---------------------------------------------------------------------------------------------
// Parts

const contentTypes = (): string =>
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  // Every other .xml part of the package is a worksheet; the workbook and styles are overridden.
  '<Default Extension="xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const rootRels = (): string =>
  `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const workbookXml = (names: readonly string[]): string =>
  `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr/>` +
  '<bookViews><workbookView activeTab="0"/></bookViews><sheets>' +
  names.map((n, i) => `<sheet name="${escapeAttr(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
  // Excel recalculates on open; until then (and in other readers) the cached values show.
  '</sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>';

const workbookRels = (count: number): string =>
  `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
  Array.from(
    { length: count },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('') +
  `<Relationship Id="rId${count + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;

const sheetHead = (sheet: SheetSpec, first: boolean): string => {
  const frozen = sheet.freezeHeader === true && (sheet.columns?.length ?? 0) > 0;
  const view = frozen
    ? `<sheetView workbookViewId="0"${first ? ' tabSelected="1"' : ''}><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>`
    : `<sheetView workbookViewId="0"${first ? ' tabSelected="1"' : ''}/>`;
  const widths = (sheet.columns ?? [])
    .map((c, i) => {
      if (c.width === undefined) return '';
      if (!(c.width > 0 && c.width <= 255)) {
        throw new RangeError(
          `xlsxChunks: column "${c.header}" of "${sheet.name}" has width ${c.width} (1–255)`,
        );
      }
      return `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`;
    })
    .join('');
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetViews>${view}</sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>${widths === '' ? '' : `<cols>${widths}</cols>`}<sheetData>`
  );
};

/**
 * An XLSX workbook as a stream of zip chunks, one sheet after the other: rows are pulled lazily,
 * written as inline strings, numbers, booleans and formulas with their cached values, deflated and
 * handed on in ~64 KiB pieces, so memory stays flat however many rows there are. Strings in a column
 * whose numFmt is a date format ('yyyy-mm-dd' …) that read 'YYYY-MM-DD' become real Excel dates.
 * Text cells are never evaluated by Excel (inline strings), so no formula-injection guard is needed.
 * Bad input (sheet name, width, non-finite number, a cell over 32,767 characters, more rows or
 * columns than Excel has) throws a RangeError/TypeError from the stream.
 */
export async function* xlsxChunks(workbook: WorkbookSpec): AsyncIterable<Uint8Array> {
  const queue: Uint8Array[] = [];
  let failure: Error | undefined;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else queue.push(data);
  });
  const encoder = new TextEncoder();
  function* drain(): Generator<Uint8Array> {
    if (failure) throw failure;
    while (queue.length > 0) yield queue.shift() as Uint8Array;
  }
  const file = (name: string): ZipDeflate => {
    const f = new ZipDeflate(name, { level: 6 });
    f.mtime = MTIME;
    zip.add(f);
    return f;
  };
  const whole = (name: string, text: string) => file(name).push(encoder.encode(text), true);

  whole('[Content_Types].xml', contentTypes());
  whole('_rels/.rels', rootRels());
  yield* drain();

  const styles = new Styles();
  const names: string[] = [];
  const taken = new Set<string>();
  for await (const sheet of workbook.sheets) {
    const problem = sheetNameProblem(sheet.name);
    if (problem) throw new RangeError(`xlsxChunks: ${problem}`);
    if (taken.has(sheet.name.toLowerCase())) {
      throw new RangeError(`xlsxChunks: two sheets are named "${sheet.name}" (names are case-insensitive)`);
    }
    taken.add(sheet.name.toLowerCase());
    names.push(sheet.name);
    const columns = sheet.columns ?? [];
    if (columns.length > MAX_COLUMNS) throw new RangeError(`xlsxChunks: more than ${MAX_COLUMNS} columns`);
    const columnStyles: (ColumnStyle | undefined)[] = columns.map((c) =>
      c.numFmt === undefined
        ? undefined
        : {
            attr: ` s="${styles.styleOf(c.numFmt)}"`,
            isDate: DATE_FORMAT.test(c.numFmt.replace(/"[^"]*"|\[[^\]]*\]/g, '')),
          },
    );
    const part = file(`xl/worksheets/sheet${names.length}.xml`);
    let buffer = sheetHead(sheet, names.length === 1);
    let rowNumber = 0;
    if (columns.length > 0) {
      rowNumber = 1;
      buffer += `<row r="1">${columns
        .map((c, i) => stringCell(`${letters(i)}1`, ` s="${HEADER_STYLE}"`, c.header, `${letters(i)}1`))
        .join('')}</row>`;
    }
    for await (const row of sheet.rows) {
      rowNumber++;
      if (rowNumber > MAX_ROWS)
        throw new RangeError(`xlsxChunks: "${sheet.name}" has more than ${MAX_ROWS} rows`);
      if (row.length > MAX_COLUMNS)
        throw new RangeError(`xlsxChunks: row ${rowNumber} has more than ${MAX_COLUMNS} cells`);
      let cells = '';
      for (let i = 0; i < row.length; i++) {
        cells += cellXml(row[i] as XlsxCell, `${letters(i)}${rowNumber}`, columnStyles[i]);
      }
      buffer += `<row r="${rowNumber}">${cells}</row>`;
      if (buffer.length >= FLUSH_CHARS) {
        part.push(encoder.encode(buffer));
        buffer = '';
        yield* drain();
      }
    }
    part.push(encoder.encode(`${buffer}</sheetData></worksheet>`), true);
    yield* drain();
  }
  if (names.length === 0) throw new RangeError('xlsxChunks: a workbook needs at least one sheet');
  whole('xl/workbook.xml', workbookXml(names));
  whole('xl/_rels/workbook.xml.rels', workbookRels(names.length));
  whole('xl/styles.xml', styles.xml());
  zip.end();
  yield* drain();
}
