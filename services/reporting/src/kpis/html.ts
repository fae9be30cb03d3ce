/**
 * Printable HTML views of the KPI reports and notices: the same tables as the XLSX (`xlsx.ts`),
 * rendered by the forms' `sheetsToHtml` (every text escaped, A4 print CSS).
 */
import type { SheetSpec } from '@talent/tabular';
import { sheetsToHtml } from '../forms/html';
import type { Sheet } from './xlsx';

/**
 * A report as one HTML document: `title` the heading, `lines` under the first table's name, each
 * table under its sheet name.
 */
export const tablesHtml = (title: string, lines: readonly string[], tables: readonly Sheet[]): string =>
  sheetsToHtml(
    tables.map((t, i) => {
      const above = i === 0 ? lines.map((l) => [l]) : [];
      const sheet: SheetSpec = { name: t.name, rows: [[t.name], ...above, [...t.headers], ...t.rows] };
      return [sheet, 1 + above.length] as const;
    }),
    title,
  );

export interface NoticeLike {
  readonly title: string;
  readonly text: string;
  readonly entries: readonly { categoryZh: string; name: string; unitId: string }[];
}

/**
 * The notice (公示 / 正式名单) as a page: its title, the intro paragraph of its text, the entries
 * (names masked as in the JSON) as a table, the issuers under it.
 */
export const noticeHtml = (n: NoticeLike): string => {
  const text = n.text.split('\n');
  const intro = text[2] ?? '';
  const issuers = text[text.length - 1] ?? '';
  const sheet: SheetSpec = {
    name: '名单',
    rows: [
      [n.title],
      [intro],
      ['序号', '类别', '姓名（名称）', '推荐单位'],
      ...n.entries.map((e, i) => [i + 1, e.categoryZh, e.name, e.unitId]),
      [issuers],
    ],
  };
  return sheetsToHtml([[sheet, 2]]);
};
