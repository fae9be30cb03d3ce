import { describe, expect, it } from 'vitest';
import { readTable } from '../src/index';
import { excel, expectFormatError, rawXlsx } from './support';

describe('readTable: XLSX written by Excel-compatible software (exceljs)', () => {
  it('reads the first sheet: shared strings, rich text, numbers, booleans, dates, formulas’ cached values', async () => {
    const bytes = await excel((wb) => {
      const ws = wb.addWorksheet('推荐名单');
      ws.addRow(['姓名', '出生日期', '分数', '在职', '合计', '备注']);
      ws.addRow(['张三', new Date(Date.UTC(1990, 4, 17)), 12.5, true, { formula: 'C2*2', result: 25 }, 'A']);
      ws.getCell('B2').numFmt = 'yyyy-mm-dd';
      ws.getCell('A3').value = { richText: [{ text: '李' }, { text: '四', font: { bold: true } }] };
      ws.getCell('B3').value = new Date(Date.UTC(2001, 0, 2));
      ws.getCell('B3').numFmt = 'yyyy"年"m"月"d"日"';
      ws.getCell('E3').value = { formula: 'A3&"x"', result: '李四x' };
      ws.getCell('D3').value = false;
      wb.addWorksheet('第二页').addRow(['other']);
    });
    const t = readTable(bytes, 'xlsx');
    expect(t.sheet).toBe('推荐名单');
    expect(t.header).toEqual(['姓名', '出生日期', '分数', '在职', '合计', '备注']);
    expect(t.rows).toEqual([
      { rowNumber: 2, cells: ['张三', '1990-05-17', 12.5, true, 25, 'A'] },
      { rowNumber: 3, cells: ['李四', '2001-01-02', null, false, '李四x', null] },
    ]);
  });

  it('reads a sheet by name (exact, else trimmed and case-insensitive)', async () => {
    const bytes = await excel((wb) => {
      wb.addWorksheet('Summary').addRow(['x']);
      const ws = wb.addWorksheet('Data 2026');
      ws.addRow(['h']);
      ws.addRow([1]);
    });
    expect(readTable(bytes, 'xlsx', { sheet: 'Data 2026' }).rows[0]?.cells).toEqual([1]);
    expect(readTable(bytes, 'xlsx', { sheet: ' data 2026 ' }).sheet).toBe('Data 2026');
  });

  it('refuses an unknown sheet name, listing the sheets, on body.sheet (P-IMPORT-FORMAT)', async () => {
    const bytes = await excel((wb) => {
      wb.addWorksheet('名单').addRow(['x']);
    });
    const e = expectFormatError(() => readTable(bytes, 'xlsx', { sheet: 'Nope' }), 'body.sheet');
    expect(e.violations[0]?.messageZh).toContain('名单');
  });

  it('keeps empty cells of sparse rows in place and drops blank rows (row numbers stay the sheet’s)', async () => {
    const bytes = await excel((wb) => {
      const ws = wb.addWorksheet('s');
      ws.getCell('A1').value = 'a';
      ws.getCell('B1').value = 'b';
      ws.getCell('C1').value = 'c';
      ws.getCell('C7').value = 'only C7';
      ws.getCell('A9').value = 9;
      ws.getCell('A12').value = '   ';
    });
    const t = readTable(bytes, 'xlsx');
    expect(t.rows).toEqual([
      { rowNumber: 7, cells: [null, null, 'only C7'] },
      { rowNumber: 9, cells: [9, null, null] },
    ]);
  });
});

const c = (ref: string, inner: string, attrs = '') => `<c r="${ref}"${attrs}>${inner}</c>`;

describe('readTable: XLSX parts exceljs does not write', () => {
  it('reads inline strings, str formula results, errors, sparse refs, cells without refs, escapes', () => {
    const bytes = rawXlsx({
      sheets: [
        {
          name: 'S',
          xml:
            `<row r="1">${c('A1', '<is><t>名</t></is>', ' t="inlineStr"')}${c('B1', '<is><r><t>b</t></r><r><t xml:space="preserve"> 2</t></r></is>', ' t="inlineStr"')}<c r="D1" t="inlineStr"><is><t>d</t></is></c></row>` +
            `<row r="3"><c t="str"><f>1+1</f><v>x &amp; &lt;y&gt; &#x4E2D;&#25991;</v></c><c><v>1e3</v></c><c t="e"><v>#N/A</v></c><c r="D3" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>` +
            `<row r="4"><c r="B4"><f>A1</f></c><c r="C4" t="b"><v>0</v></c></row>`,
        },
      ],
    });
    const t = readTable(bytes, 'xlsx');
    expect(t.header).toEqual(['名', 'b 2', '', 'd']);
    expect(t.rows).toEqual([
      { rowNumber: 3, cells: ['x & <y> 中文', 1000, '#N/A', 'a\rb'] },
      { rowNumber: 4, cells: [null, null, false, null] },
    ]);
  });

  it('leaves phonetic guides (rPh) out of shared strings and reads rich-text runs', () => {
    const bytes = rawXlsx({
      sheets: [
        {
          name: 'S',
          xml: `<row r="1">${c('A1', '<v>0</v>', ' t="s"')}${c('B1', '<v>1</v>', ' t="s"')}</row>`,
        },
      ],
      sharedStrings:
        '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si><si><r><rPr><b/></rPr><t>富</t></r><r><t>文本</t></r></si>',
    });
    expect(readTable(bytes, 'xlsx').header).toEqual(['漢字', '富文本']);
  });

  it('turns date-formatted numbers into YYYY-MM-DD (built-in and custom formats, zh-CN ids, 1904 system)', () => {
    const styles =
      '<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy/m/d;@"/><numFmt numFmtId="177" formatCode="[$-F800]dddd, mmmm dd, yyyy"/><numFmt numFmtId="178" formatCode="#,##0.00_);[Red](#,##0.00)"/><numFmt numFmtId="179" formatCode="yyyy-mm-dd hh:mm"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="178"/><xf numFmtId="31"/><xf numFmtId="179"/><xf numFmtId="20"/></cellXfs>';
    const row = (n: number, s: number, v: string) =>
      `<row r="${n}"><c r="A${n}" s="${s}"><v>${v}</v></c></row>`;
    const sheet = `<row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row>${row(2, 1, '45000')}${row(3, 2, '32645')}${row(4, 3, '1')}${row(5, 4, '1234.5')}${row(6, 5, '45658')}${row(7, 6, '45000.5')}${row(8, 7, '0.75')}${row(9, 0, '45000')}`;
    const t = readTable(rawXlsx({ sheets: [{ name: 'S', xml: sheet }], styles }), 'xlsx');
    expect(t.rows.map((r) => r.cells[0])).toEqual([
      '2023-03-15',
      '1989-05-17',
      '1900-01-01',
      1234.5,
      '2025-01-01',
      '2023-03-15 12:00:00',
      '18:00:00',
      45000,
    ]);
    const t1904 = readTable(
      rawXlsx({ sheets: [{ name: 'S', xml: sheet }], styles, workbookPr: '<workbookPr date1904="1"/>' }),
      'xlsx',
    );
    expect(t1904.rows[0]?.cells[0]).toBe('2027-03-16');
  });

  it('reads ISO date cells (t="d") and Strict OOXML relationship types', () => {
    const strict = rawXlsx({
      sheets: [
        {
          name: 'S',
          xml: '<row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row><row r="2"><c r="A2" t="d"><v>2026-03-01T00:00:00Z</v></c><c r="B2" t="d"><v>2026-03-01T08:30:00</v></c></row>',
        },
      ],
    });
    expect(readTable(strict, 'xlsx').rows[0]?.cells).toEqual(['2026-03-01', '2026-03-01 08:30:00']);
    // The same package with ISO/IEC 29500 Strict relationship types.
    const bytes = rawXlsx({
      sheets: [{ name: 'Strict', xml: '<row r="1"><c r="A1"><v>7</v></c></row>' }],
      extra: {
        '_rels/.rels':
          '<Relationships><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        'xl/_rels/workbook.xml.rels':
          '<Relationships><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      },
    });
    expect(readTable(bytes, 'xlsx')).toEqual({ sheet: 'Strict', header: ['7'], rows: [] });
  });

  it('skips hidden sheets by default, and reads namespace-prefixed parts (x:row, x:c)', () => {
    const bytes = rawXlsx({
      sheets: [
        {
          name: 'Hidden',
          state: 'hidden',
          xml: '<row r="1"><c r="A1" t="inlineStr"><is><t>no</t></is></c></row>',
        },
        {
          name: 'Visible',
          xml: '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>yes</x:t></x:is></x:c></x:row>',
        },
      ],
    });
    const t = readTable(bytes, 'xlsx');
    expect(t.sheet).toBe('Visible');
    expect(t.header).toEqual(['yes']);
    expect(readTable(bytes, 'xlsx', { sheet: 'Hidden' }).header).toEqual(['no']);
  });

  it('refuses a cell beyond column 1,024 and a DTD (P-IMPORT-FORMAT)', () => {
    expectFormatError(() =>
      readTable(
        rawXlsx({ sheets: [{ name: 'S', xml: '<row r="1"><c r="XFD1"><v>1</v></c></row>' }] }),
        'xlsx',
      ),
    );
    expect(
      readTable(
        rawXlsx({ sheets: [{ name: 'S', xml: '<row r="1"><c r="AMJ1"><v>1</v></c></row>' }] }),
        'xlsx',
      ).header,
    ).toHaveLength(1024);
    const dtd = rawXlsx({ sheets: [{ name: 'S', xml: '' }] });
    expect(dtd.length).toBeGreaterThan(0);
    expectFormatError(() =>
      readTable(
        rawXlsx({
          sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }],
          extra: {
            'xl/workbook.xml':
              '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
          },
        }),
        'xlsx',
      ),
    );
  });

  it('refuses more data rows than maxRows (P-IMPORT-FORMAT)', () => {
    const rows = Array.from(
      { length: 6 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`,
    ).join('');
    const bytes = rawXlsx({ sheets: [{ name: 'S', xml: rows }] });
    expect(readTable(bytes, 'xlsx', { maxRows: 5 }).rows).toHaveLength(5);
    expectFormatError(() => readTable(bytes, 'xlsx', { maxRows: 4 }));
  });
});
