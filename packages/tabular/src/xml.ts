import { formatError } from './errors';

/**
 * A minimal, non-validating XML scanner for the parts of an XLSX: element names without their
 * namespace prefix, raw attribute text (parsed on demand) and text between tags. No DTD is ever
 * processed (a DOCTYPE is refused), so entity-expansion attacks have nothing to expand.
 */
export interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw (still escaped) text; `cdata` when it came from a CDATA section (already literal). */
  text(raw: string, cdata: boolean): void;
}

const badXml = () => formatError('the workbook contains malformed XML', '工作簿中的 XML 格式错误');

const localName = (qname: string): string => {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
};

export const scanXml = (xml: string, h: XmlHandler): void => {
  const n = xml.length;
  let i = 0;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      h.text(xml.slice(i), false);
      return;
    }
    if (lt > i) h.text(xml.slice(i, lt), false);
    const c = xml.charCodeAt(lt + 1);
    if (c === 63 /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) throw badXml();
      i = end + 2;
      continue;
    }
    if (c === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end === -1) throw badXml();
        i = end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end === -1) throw badXml();
        h.text(xml.slice(lt + 9, end), true);
        i = end + 3;
      } else {
        throw formatError('the workbook contains a DTD, which is not accepted', '工作簿包含不被接受的 DTD');
      }
      continue;
    }
    if (c === 47 /* / */) {
      const end = xml.indexOf('>', lt + 2);
      if (end === -1) throw badXml();
      h.close(localName(xml.slice(lt + 2, end).trim()));
      i = end + 1;
      continue;
    }
    // Start tag: find its end, skipping quoted attribute values (which may hold '>').
    let j = lt + 1;
    while (j < n) {
      const d = xml.charCodeAt(j);
      if (d === 62 /* > */ || d === 47 /* / */ || d === 32 || d === 9 || d === 10 || d === 13) break;
      j++;
    }
    const name = localName(xml.slice(lt + 1, j));
    if (name === '') throw badXml();
    const attrStart = j;
    let quote = 0;
    while (j < n) {
      const d = xml.charCodeAt(j);
      if (quote !== 0) {
        if (d === quote) quote = 0;
      } else if (d === 34 || d === 39) quote = d;
      else if (d === 62) break;
      j++;
    }
    if (j >= n) throw badXml();
    const selfClosing = xml.charCodeAt(j - 1) === 47;
    h.open(name, xml.slice(attrStart, selfClosing ? j - 1 : j), selfClosing);
    if (selfClosing) h.close(name);
    i = j + 1;
  }
};

/** The value of one attribute (by local name) in raw attribute text, unescaped; undefined when absent. */
export const attr = (attrs: string, name: string): string | undefined => {
  if (attrs === '') return undefined;
  const re = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(attrs); m !== null; m = re.exec(attrs)) {
    const key = m[1] as string;
    if (key === name || (key.endsWith(`:${name}`) && !key.startsWith('xmlns'))) {
      return unescapeXml(m[3] ?? m[4] ?? '');
    }
  }
  return undefined;
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export const unescapeXml = (s: string): string => {
  if (s.indexOf('&') === -1) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) === 35) {
      const code =
        ref[1] === 'x' || ref[1] === 'X'
          ? Number.parseInt(ref.slice(2), 16)
          : Number.parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
};

/** OOXML's `_xHHHH_` escapes of characters XML cannot hold (ST_Xstring), e.g. `_x000D_` for CR. */
export const unescapeOoxml = (s: string): string =>
  s.indexOf('_x') === -1
    ? s
    : s.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
