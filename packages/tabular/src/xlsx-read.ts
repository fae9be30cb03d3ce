import { type DateKind, dateKindOf, formatSerial } from './dates';
import { formatError } from './errors';
import { LIMITS } from './limits';
import {
  buildTable,
  type Cell,
  isBlankRow,
  type RawRow,
  type ReadOptions,
  type Table,
  tooManyCells,
  tooManyRows,
} from './table';
import { attr, scanXml, unescapeOoxml, unescapeXml } from './xml';
import { ZipReader } from './zip-read';

const utf8 = new TextDecoder('utf-8');
const xmlText = (bytes: Uint8Array): string => utf8.decode(bytes);

interface Relationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
}

const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '');

/** Resolves a relationship target against the part that owns the relationship. */
const resolveTarget = (owner: string, target: string): string => {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `${dirOf(owner)}${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
};

const relsPathOf = (part: string): string => `${dirOf(part)}_rels/${part.slice(dirOf(part).length)}.rels`;

const readRels = (zip: ZipReader, part: string): Relationship[] => {
  const bytes = zip.read(relsPathOf(part));
  if (!bytes) return [];
  const rels: Relationship[] = [];
  scanXml(xmlText(bytes), {
    open(name, attrs) {
      if (name !== 'Relationship') return;
      if (attr(attrs, 'TargetMode') === 'External') return;
      const id = attr(attrs, 'Id');
      const target = attr(attrs, 'Target');
      if (id && target)
        rels.push({ id, type: attr(attrs, 'Type') ?? '', target: resolveTarget(part, target) });
    },
    close() {},
    text() {},
  });
  return rels;
};

interface SheetRef {
  readonly name: string;
  readonly relId: string;
  readonly hidden: boolean;
}

interface Workbook {
  readonly sheets: SheetRef[];
  readonly date1904: boolean;
}

const readWorkbook = (xml: string): Workbook => {
  const sheets: SheetRef[] = [];
  let date1904 = false;
  scanXml(xml, {
    open(name, attrs) {
      if (name === 'sheet') {
        const sheetName = attr(attrs, 'name');
        const relId = attr(attrs, 'id');
        const state = attr(attrs, 'state');
        if (sheetName !== undefined && relId) {
          sheets.push({ name: sheetName, relId, hidden: state === 'hidden' || state === 'veryHidden' });
        }
      } else if (name === 'workbookPr') {
        const v = attr(attrs, 'date1904');
        date1904 = v === '1' || v === 'true';
      }
    },
    close() {},
    text() {},
  });
  return { sheets, date1904 };
};

/** Shared strings: plain `<t>` or rich-text runs `<r><t>`, without phonetic guides (`<rPh>`). */
const readSharedStrings = (xml: string): string[] => {
  const strings: string[] = [];
  let inSi = false;
  let inT = false;
  let inPhonetic = 0;
  let current = '';
  scanXml(xml, {
    open(name, _attrs, selfClosing) {
      if (name === 'si') {
        inSi = true;
        current = '';
      } else if (name === 'rPh') inPhonetic++;
      else if (name === 't' && inSi && inPhonetic === 0 && !selfClosing) inT = true;
    },
    close(name) {
      if (name === 'si') {
        strings.push(unescapeOoxml(current));
        inSi = false;
      } else if (name === 'rPh') inPhonetic--;
      else if (name === 't') inT = false;
    },
    text(raw, cdata) {
      if (inT) current += cdata ? raw : unescapeXml(raw);
    },
  });
  return strings;
};

/** Per cell style index (`s`), whether its number format is a date/time one. */
const readStyles = (xml: string): (DateKind | undefined)[] => {
  const formats = new Map<number, string>();
  const kinds: (DateKind | undefined)[] = [];
  let inCellXfs = false;
  scanXml(xml, {
    open(name, attrs) {
      if (name === 'numFmt') {
        const id = Number(attr(attrs, 'numFmtId'));
        const code = attr(attrs, 'formatCode');
        if (Number.isInteger(id) && code !== undefined) formats.set(id, code);
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attr(attrs, 'numFmtId') ?? '0');
        kinds.push(Number.isInteger(id) ? dateKindOf(id, formats.get(id)) : undefined);
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return kinds;
};

/** 'C7' → column index 2 (0-based); -1 when the reference has no column letters. */
const columnOfRef = (ref: string): number => {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
    if (col > 16_384) return Number.POSITIVE_INFINITY;
  }
  return i === 0 ? -1 : col - 1;
};

const tooWide = () =>
  formatError(
    `a row has a cell beyond column ${LIMITS.maxColumns}`,
    `某行的单元格超出第 ${LIMITS.maxColumns} 列`,
  );

interface SheetContext {
  readonly shared: readonly string[];
  readonly styles: readonly (DateKind | undefined)[];
  readonly date1904: boolean;
}

/** The rows of a worksheet part, as row number → cells. */
const readSheetRows = (xml: string, ctx: SheetContext, maxRows: number): RawRow[] => {
  const rows: RawRow[] = [];
  let rowNumber = 0;
  let cells: Cell[] = [];
  let col = -1;
  let type = 'n';
  let style = 0;
  let value: string | undefined;
  let inline: string | undefined;
  let target: 'v' | 't' | undefined;
  let inIs = false;
  let inPhonetic = 0;
  let inRow = false;
  let nonEmptyRows = 0;
  let cellCount = 0;

  const cellValue = (): Cell => {
    switch (type) {
      case 's': {
        const i = Number(value);
        return Number.isInteger(i) ? (ctx.shared[i] ?? null) : null;
      }
      case 'inlineStr':
        return inline === undefined ? null : unescapeOoxml(inline);
      case 'str':
        return value === undefined ? null : unescapeOoxml(value);
      case 'b':
        return value === undefined ? null : value.trim() === '1' || value.trim().toLowerCase() === 'true';
      case 'e':
        return value ?? null;
      case 'd': {
        if (value === undefined) return null;
        const v = value.trim();
        return /T00:00(:00(\.0+)?)?Z?$/.test(v) ? v.slice(0, 10) : v.replace('T', ' ').replace(/Z$/, '');
      }
      default: {
        if (value === undefined || value.trim() === '') return null;
        const n = Number(value);
        if (!Number.isFinite(n)) return value;
        const kind = ctx.styles[style];
        return kind ? formatSerial(n, kind, ctx.date1904) : n;
      }
    }
  };

  scanXml(xml, {
    open(name, attrs, selfClosing) {
      switch (name) {
        case 'row': {
          const r = Number(attr(attrs, 'r'));
          rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
          if (rowNumber > 1_048_576) throw formatError('the sheet has too many rows', '工作表行数过多');
          cells = [];
          col = -1;
          inRow = true;
          break;
        }
        case 'c': {
          const ref = attr(attrs, 'r');
          const c = ref === undefined ? -1 : columnOfRef(ref);
          col = c >= 0 ? c : col + 1;
          if (col >= LIMITS.maxColumns) throw tooWide();
          type = attr(attrs, 't') ?? 'n';
          const s = Number(attr(attrs, 's') ?? '0');
          style = Number.isInteger(s) ? s : 0;
          value = undefined;
          inline = undefined;
          target = undefined;
          break;
        }
        case 'v':
          if (!selfClosing) {
            target = 'v';
            value = '';
          }
          break;
        case 'is':
          inIs = true;
          inline = '';
          break;
        case 'rPh':
          inPhonetic++;
          break;
        case 't':
          if (inIs && inPhonetic === 0 && !selfClosing) target = 't';
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'c': {
          if (!inRow) break;
          const v = cellValue();
          if (v !== null) {
            if (typeof v === 'string' && v.length > LIMITS.maxCellChars) {
              throw formatError(
                `a cell holds more than ${LIMITS.maxCellChars} characters`,
                `单元格内容超过 ${LIMITS.maxCellChars} 个字符`,
              );
            }
            while (cells.length < col) cells.push(null);
            cells[col] = v;
          }
          target = undefined;
          break;
        }
        case 'row':
          if (cells.length > 0 && !isBlankRow(cells)) {
            rows.push({ rowNumber, cells });
            // Header + maxRows data rows, and the cell budget, checked while reading (memory).
            nonEmptyRows++;
            if (nonEmptyRows > maxRows + 1) throw tooManyRows(maxRows);
            cellCount += cells.length;
            if (cellCount > LIMITS.maxCells) throw tooManyCells();
          }
          inRow = false;
          break;
        case 'v':
        case 't':
          target = undefined;
          break;
        case 'is':
          inIs = false;
          break;
        case 'rPh':
          inPhonetic--;
          break;
      }
    },
    text(raw, cdata) {
      if (target === 'v') value += cdata ? raw : unescapeXml(raw);
      else if (target === 't') inline += cdata ? raw : unescapeXml(raw);
    },
  });
  return rows;
};

const OFFICE_DOCUMENT = /\/officeDocument$/;

export const readXlsx = (bytes: Uint8Array, options: ReadOptions): Table => {
  const zip = new ZipReader(bytes, LIMITS.maxUncompressedBytes, LIMITS.maxZipEntries);
  const rootRels = readRels(zip, '');
  const workbookPath = rootRels.find((r) => OFFICE_DOCUMENT.test(r.type))?.target ?? 'xl/workbook.xml';
  const workbookBytes = zip.read(workbookPath);
  if (!workbookBytes) {
    throw formatError(
      'the file is a zip archive but not an XLSX workbook',
      '文件是 zip 压缩包，但不是 XLSX 工作簿',
    );
  }
  const workbook = readWorkbook(xmlText(workbookBytes));
  const rels = readRels(zip, workbookPath);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const worksheets = workbook.sheets.filter((s) => byId.get(s.relId)?.type.endsWith('/worksheet'));
  if (worksheets.length === 0) throw formatError('the workbook has no worksheet', '工作簿中没有工作表');

  let chosen: SheetRef | undefined;
  if (options.sheet !== undefined) {
    const wanted = options.sheet;
    const fold = (s: string) => s.trim().toLowerCase();
    chosen =
      worksheets.find((s) => s.name === wanted) ?? worksheets.find((s) => fold(s.name) === fold(wanted));
    if (!chosen) {
      const names = worksheets.map((s) => `“${s.name}”`).join('、');
      throw formatError(
        `the workbook has no sheet "${wanted}" (it has ${worksheets.map((s) => `"${s.name}"`).join(', ')})`,
        `工作簿中没有名为“${wanted}”的工作表（现有：${names}）`,
        'body.sheet',
      );
    }
  } else {
    chosen = worksheets.find((s) => !s.hidden) ?? worksheets[0];
  }
  const sheetRel = byId.get((chosen as SheetRef).relId) as Relationship;
  const sheetBytes = zip.read(sheetRel.target);
  if (!sheetBytes) throw formatError('the workbook is missing a worksheet part', '工作簿缺少工作表内容');

  const sharedRel = rels.find((r) => r.type.endsWith('/sharedStrings'));
  const sharedBytes = zip.read(sharedRel?.target ?? 'xl/sharedStrings.xml');
  const stylesRel = rels.find((r) => r.type.endsWith('/styles'));
  const stylesBytes = zip.read(stylesRel?.target ?? 'xl/styles.xml');

  const ctx: SheetContext = {
    shared: sharedBytes ? readSharedStrings(xmlText(sharedBytes)) : [],
    styles: stylesBytes ? readStyles(xmlText(stylesBytes)) : [],
    date1904: workbook.date1904,
  };
  const maxRows = options.maxRows ?? LIMITS.defaultMaxRows;
  const rows = readSheetRows(xmlText(sheetBytes), ctx, maxRows);
  return buildTable(rows, maxRows, (chosen as SheetRef).name);
};
