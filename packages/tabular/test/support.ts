import ExcelJS from 'exceljs';
import { inflateSync, strToU8, zipSync } from 'fflate';
import { expect } from 'vitest';
import { TabularFormatError } from '../src/index';

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

/** A workbook written by exceljs (an independent writer), as bytes. */
export const excel = async (build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
};

/** Reads XLSX bytes with exceljs. */
export const excelRead = async (bytes: Uint8Array): Promise<ExcelJS.Workbook> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as any);
  return wb;
};

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A hand-made workbook (to reach what exceljs does not write: inline strings, rPh, 1904 dates, prefixes …). */
export const rawXlsx = (opts: {
  sheets: { name: string; xml: string; state?: string }[];
  sharedStrings?: string;
  styles?: string;
  workbookPr?: string;
  extra?: Record<string, string>;
}): Uint8Array => {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>',
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${R}">${opts.workbookPr ?? ''}<sheets>${opts.sheets
        .map(
          (s, i) =>
            `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"${s.state ? ` state="${s.state}"` : ''}/>`,
        )
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${opts.sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join(
          '',
        )}<Relationship Id="rS" Type="${R}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rT" Type="${R}/styles" Target="/xl/styles.xml"/></Relationships>`,
    ),
  };
  opts.sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${s.xml}</sheetData></worksheet>`,
    );
  });
  if (opts.sharedStrings)
    files['xl/sharedStrings.xml'] = strToU8(`<sst xmlns="${NS}">${opts.sharedStrings}</sst>`);
  if (opts.styles) files['xl/styles.xml'] = strToU8(`<styleSheet xmlns="${NS}">${opts.styles}</styleSheet>`);
  for (const [k, v] of Object.entries(opts.extra ?? {})) files[k] = strToU8(v);
  return zipSync(files);
};

/** Asserts that fn throws a TabularFormatError (422, P-IMPORT-FORMAT) and returns it. */
export const expectFormatError = (fn: () => unknown, path = 'body.contentBase64'): TabularFormatError => {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TabularFormatError);
  const e = error as TabularFormatError;
  expect(e.status).toBe(422);
  expect(e.violations[0]?.ruleId).toBe('P-IMPORT-FORMAT');
  expect(e.violations[0]?.path).toBe(path);
  expect(e.violations[0]?.messageZh).toBeTruthy();
  return e;
};

export const concat = (chunks: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
};

export const collect = async (it: AsyncIterable<Uint8Array>): Promise<Uint8Array> => {
  const chunks: Uint8Array[] = [];
  for await (const c of it) chunks.push(c);
  return concat(chunks);
};

/**
 * A raw DEFLATE stream (one fixed-Huffman block) that inflates to `size` spaces: one literal, then
 * matches of 258 bytes at distance 1, 13 bits each — a zip bomb of ~1:160 built in milliseconds.
 */
export const deflateBomb = (size: number): Uint8Array => {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  const put = (value: number, n: number) => {
    acc |= value << bits;
    bits += n;
    while (bits >= 8) {
      out.push(acc & 0xff);
      acc >>>= 8;
      bits -= 8;
    }
  };
  const code = (c: number, n: number) => {
    let r = 0;
    for (let i = 0; i < n; i++) r |= ((c >> i) & 1) << (n - 1 - i);
    put(r, n);
  };
  put(1, 1); // BFINAL
  put(1, 2); // fixed Huffman
  code(0x30 + 0x20, 8); // literal ' '
  for (let left = size - 1; left >= 258; left -= 258) {
    code(0xc5, 8); // length 258
    code(0, 5); // distance 1
  }
  code(0, 7); // end of block
  if (bits > 0) out.push(acc & 0xff);
  return new Uint8Array(out);
};

const crcOf = (data: Uint8Array, method: number): number => {
  let plain: Uint8Array;
  try {
    plain = method === 8 ? inflateSync(data) : data;
  } catch {
    return 0;
  }
  let c = -1;
  for (let i = 0; i < plain.length; i++) {
    c ^= plain[i]!;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ -1) >>> 0;
};

/** A zip of already-compressed entries (method 8 = deflate, 0 = stored), with whatever sizes we declare. */
export const handZip = (
  entries: {
    name: string;
    data: Uint8Array;
    method?: number;
    declaredSize?: number;
    flags?: number;
    crc?: number;
  }[],
): Uint8Array => {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const crc = e.crc ?? crcOf(e.data, e.method ?? 8);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, e.flags ?? 0, true);
    lv.setUint16(8, e.method ?? 8, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.declaredSize ?? e.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, e.flags ?? 0, true);
    cv.setUint16(10, e.method ?? 8, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.declaredSize ?? e.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(local, e.data);
    central.push(cd);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...parts, ...central, eocd]);
};

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** The parts of a one-sheet workbook, minus the sheet. */
export const workbookParts = (): { name: string; data: Uint8Array; method: number }[] => [
  {
    name: '_rels/.rels',
    method: 0,
    data: strToU8(
      `<Relationships><Relationship Id="r" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
  },
  {
    name: 'xl/workbook.xml',
    method: 0,
    data: strToU8('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
  },
  {
    name: 'xl/_rels/workbook.xml.rels',
    method: 0,
    data: strToU8(
      `<Relationships><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
  },
];
