/**
 * Printable HTML view of a form: a small table renderer that HTML-escapes every text it writes, with
 * print CSS (A4, table borders, the form's title). It renders the same rows as the form's XLSX sheet
 * (built from the JSON form), formulas shown by their cached value.
 */
import type { ApiResult } from '@talent/http';
import type { SheetSpec, XlsxCell } from '@talent/tabular';

export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes a text for an HTML element or a quoted attribute. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const text = (c: XlsxCell | undefined): string => {
  if (c === null || c === undefined) return '';
  if (typeof c === 'object') return c.value === undefined ? '' : String(c.value);
  if (typeof c === 'boolean') return c ? '是' : '否';
  return String(c);
};

export interface HtmlForm {
  readonly title: string;
  /** Lines under the title (year, unit, …). */
  readonly lines: readonly string[];
  readonly header: readonly string[];
  readonly rows: readonly (readonly XlsxCell[])[];
  /** Lines under the table (signatures). */
  readonly footer: readonly string[];
}

const STYLE = `@page { size: A4; margin: 15mm; }
body { font-family: "SimSun", "Songti SC", serif; font-size: 11pt; color: #000; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
p.line { margin: 1mm 0; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
th, td { border: 1px solid #000; padding: 1mm 2mm; vertical-align: top; }
th { font-weight: bold; text-align: center; }
h2 { font-size: 13pt; margin: 6mm 0 3mm; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
td.n { text-align: right; }
@media print { body { margin: 0; } }`;

const cell = (c: XlsxCell | undefined, tag: 'td' | 'th'): string => {
  const v = c !== null && typeof c === 'object' ? c.value : c;
  const cls = tag === 'td' && typeof v === 'number' ? ' class="n"' : '';
  return `<${tag}${cls}>${escapeHtml(text(c))}</${tag}>`;
};

const formBody = (f: HtmlForm, heading: 'h1' | 'h2'): string[] => {
  const width = Math.max(f.header.length, ...f.rows.map((r) => r.length));
  const pad = (r: readonly XlsxCell[]) => Array.from({ length: width }, (_, i) => r[i] ?? null);
  return [
    `<${heading}>${escapeHtml(f.title)}</${heading}>`,
    ...f.lines.map((l) => `<p class="line">${escapeHtml(l)}</p>`),
    `<table><thead><tr>${f.header.map((h) => cell(h, 'th')).join('')}</tr></thead><tbody>`,
    ...f.rows.map(
      (r) =>
        `<tr>${pad(r)
          .map((c) => cell(c, 'td'))
          .join('')}</tr>`,
    ),
    '</tbody></table>',
    ...f.footer.map((l) => `<p class="line">${escapeHtml(l)}</p>`),
  ];
};

/**
 * One HTML document of several forms (the sheets of one workbook): the document's title is `title`
 * (else the first form's), the first form under an `<h1>`, the next ones under an `<h2>`.
 */
export const renderFormsHtml = (forms: readonly HtmlForm[], title?: string): string => {
  const docTitle = title ?? forms[0]?.title ?? '';
  const parts = forms.flatMap((f, i) => formBody(f, i === 0 && title === undefined ? 'h1' : 'h2'));
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${escapeHtml(docTitle)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...(title === undefined ? [] : [`<h1>${escapeHtml(title)}</h1>`]),
    ...parts,
    '</body></html>',
  ].join('\n');
};

/** The whole HTML document of a form. */
export const renderFormHtml = (f: HtmlForm): string => renderFormsHtml([f]);

/**
 * A form sheet as HTML: row 0 the title, the rows before `headerRow` lines under it, `headerRow`
 * the table header, then the body; trailing rows of at most one cell are the footer (signatures).
 */
export const sheetToForm = (sheet: SheetSpec, headerRow: number): HtmlForm => {
  const rows = Array.from(sheet.rows as Iterable<readonly XlsxCell[]>);
  let end = rows.length;
  while (end > headerRow + 1 && (rows[end - 1]?.length ?? 0) <= 1) end -= 1;
  const line = (r: readonly XlsxCell[]) =>
    r
      .map(text)
      .filter((x) => x !== '')
      .join(' ');
  return {
    title: text(rows[0]?.[0]),
    lines: rows.slice(1, headerRow).map(line),
    header: (rows[headerRow] ?? []).map(text),
    rows: rows.slice(headerRow + 1, end),
    footer: rows
      .slice(end)
      .map(line)
      .filter((x) => x !== ''),
  };
};

export const sheetToHtml = (sheet: SheetSpec, headerRow: number): string =>
  renderFormHtml(sheetToForm(sheet, headerRow));

/** A sheet whose first row is its header (no title row): the sheet's name as the title. */
export const titled = (sheet: SheetSpec, title: string = sheet.name): SheetSpec => ({
  ...sheet,
  rows: [[title], ...Array.from(sheet.rows as Iterable<readonly XlsxCell[]>)],
});

/**
 * Several sheets (each `[sheet, headerRow]`) as one document: `title` the document's heading (else the
 * first sheet's title row); a workbook without sheets is the title alone.
 */
export const sheetsToHtml = (parts: readonly (readonly [SheetSpec, number])[], title?: string): string =>
  renderFormsHtml(
    parts.map(([s, h]) => sheetToForm(s, h)),
    title ?? (parts.length === 0 ? '' : undefined),
  );

/** An HTML document as the route's raw body (no framing by other sites, no script). */
export const htmlResult = (html: string): ApiResult => ({
  status: 200,
  body: html,
  raw: { contentType: HTML_CONTENT_TYPE },
  headers: {
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  },
});
