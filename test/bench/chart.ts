/**
 * The bench's chart (docs/bench/latest.svg): a horizontal bar for every "× baseline" ratio of the
 * Markdown report, grouped by section, with the baseline (1.0) and each section's target line.
 * Read from the report's own lines (every table with a `×` column), so every part of the bench is
 * charted without its code knowing about the chart. Plain SVG, no dependency.
 */

export interface Ratio {
  readonly section: string;
  readonly label: string;
  /** Which ratio of the row, when a table has several (the column it divides, or its own name). */
  readonly column?: string;
  readonly value: number;
  /** The section's target, when it applies to this column. */
  readonly target?: Target;
}

export interface Target {
  readonly op: '≤' | '≥';
  readonly value: number;
}

export interface ChartSection {
  readonly title: string;
  readonly target?: Target;
  readonly ratios: readonly Ratio[];
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

/**
 * The first target of a heading: "target ≤ 1.25×", "targets ≥ 0.7× raw", "target: import ≤ 1.25×
 * baseline". A named subject ("import") makes it the target of the table's first ratio column only.
 */
export const targetOf = (heading: string): (Target & { readonly subject?: string }) | undefined => {
  const m = /targets?:?\s*([^≤≥;,()]{0,40}?)\s*([≤≥])\s*([\d.]+)\s*×/.exec(heading);
  if (!m) return undefined;
  const subject = (m[1] ?? '').trim();
  return { op: m[2] as '≤' | '≥', value: Number(m[3]), ...(subject ? { subject } : {}) };
};

/** Every ratio of the report: the `×` columns of its tables, under their `##` heading. */
export const sectionsOf = (lines: readonly string[]): ChartSection[] => {
  const sections: ChartSection[] = [];
  let heading = '';
  let columns: { index: number; name: string; applies: boolean }[] | undefined;
  let current: { title: string; target?: Target; ratios: Ratio[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('## ')) {
      heading = line.slice(3).trim();
      columns = undefined;
      continue;
    }
    if (!line.trim().startsWith('|')) {
      columns = undefined;
      continue;
    }
    const row = cells(line);
    if (columns === undefined) {
      const next = lines[i + 1] ?? '';
      if (!/^\s*\|\s*:?-{3}/.test(next)) continue;
      const found = row.map((name, index) => ({ index, name })).filter((c) => c.name.startsWith('×'));
      if (found.length === 0) continue;
      const generic = (name: string) => name === '× baseline' || name === '× raw';
      const target = targetOf(heading);
      columns = found.map((c, k) => ({
        ...c,
        // Several ratios in a row: name each by the column it divides (or its own name).
        name: found.length === 1 ? '' : generic(c.name) ? (row[c.index - 1] ?? c.name) : c.name,
        applies: target !== undefined && (target.subject === undefined || k === 0),
      }));
      const title = heading.replace(/\s*\([^)]*\)\s*$/, '') || 'Benchmark';
      current = { title, ...(target ? { target: { op: target.op, value: target.value } } : {}), ratios: [] };
      sections.push(current);
      i++; // the alignment row
      continue;
    }
    for (const c of columns) {
      const value = Number(row[c.index]);
      if (!Number.isFinite(value)) continue;
      if (!current) continue;
      current.ratios.push({
        section: current.title,
        label: row[0] ?? '',
        ...(c.name ? { column: c.name } : {}),
        value,
        ...(c.applies && current.target ? { target: current.target } : {}),
      });
    }
  }
  return sections.filter((s) => s.ratios.length > 0);
};

const xmlText = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The SVG of the sections (an empty chart says so). */
export const renderChart = (sections: readonly ChartSection[], title: string): string => {
  const width = 980;
  const labelWidth = 430;
  const barLeft = labelWidth + 10;
  const barWidth = width - barLeft - 70;
  const row = 18;
  // A log scale: bars grow from the baseline 1.0, to the right above it and to the left below it.
  const all = sections.flatMap((s) => s.ratios.map((r) => r.value)).filter((v) => v > 0);
  const targets = sections.flatMap((s) => (s.target ? [s.target.value] : []));
  const lo = Math.min(0.5, ...all, ...targets) / 1.15;
  const hi = Math.max(2, ...all, ...targets) * 1.15;
  const x = (v: number) =>
    barLeft + ((Math.log(Math.max(lo, v)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * barWidth;
  const parts: string[] = [];
  let y = 44;
  for (const s of sections) {
    const top = y;
    parts.push(
      `<text x="10" y="${y + 14}" font-weight="bold" font-size="13">${xmlText(clip(s.title, 120))}${s.target ? ` — target ${s.target.op} ${s.target.value}×` : ''}</text>`,
    );
    y += 22;
    for (const r of s.ratios) {
      const t = r.target;
      const pass = t ? (t.op === '≤' ? r.value <= t.value : r.value >= t.value) : undefined;
      const fill = pass === undefined ? '#6b8cba' : pass ? '#4a9a5b' : '#c8553d';
      const suffix = r.column ? ` (${r.column})` : '';
      const label = `${clip(r.label, 66 - suffix.length)}${suffix}`;
      parts.push(
        `<text x="${labelWidth}" y="${y + 13}" text-anchor="end" font-size="11">${xmlText(label)}</text>`,
        `<rect x="${Math.min(x(1), x(r.value)).toFixed(1)}" y="${y + 3}" width="${Math.max(1, Math.abs(x(r.value) - x(1))).toFixed(1)}" height="${row - 6}" fill="${fill}"><title>${xmlText(`${r.label}${suffix}: ${r.value}`)}</title></rect>`,
        r.value >= 1
          ? `<text x="${(x(r.value) + 4).toFixed(1)}" y="${y + 13}" font-size="11">${r.value.toFixed(2)}</text>`
          : `<text x="${(x(r.value) - 4).toFixed(1)}" y="${y + 13}" font-size="11" text-anchor="end">${r.value.toFixed(2)}</text>`,
      );
      y += row;
    }
    const bottom = y + 2;
    parts.push(
      `<line x1="${x(1).toFixed(1)}" y1="${top + 20}" x2="${x(1).toFixed(1)}" y2="${bottom}" stroke="#555" stroke-dasharray="2,3"/>`,
    );
    if (s.target) {
      const tx = x(s.target.value).toFixed(1);
      parts.push(
        `<line x1="${tx}" y1="${top + 20}" x2="${tx}" y2="${bottom}" stroke="#c8553d" stroke-width="1.5" stroke-dasharray="6,3"/>`,
        `<text x="${tx}" y="${top + 18}" font-size="10" fill="#c8553d" text-anchor="middle">${s.target.op} ${s.target.value}</text>`,
      );
    }
    y += 14;
  }
  if (sections.length === 0) {
    parts.push(
      `<text x="10" y="${y + 14}" font-size="12">No “× baseline” ratios in this run (its parts have none).</text>`,
    );
    y += 30;
  }
  const height = y + 26;
  const axis = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64].filter((v) => v >= lo && v <= hi);
  parts.push(
    `<line x1="${barLeft}" y1="${height - 22}" x2="${barLeft + barWidth}" y2="${height - 22}" stroke="#999"/>`,
    ...axis.map(
      (v) =>
        `<text x="${x(v).toFixed(1)}" y="${height - 8}" font-size="10" text-anchor="middle" fill="#555">${v}×</text>`,
    ),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${xmlText(title)}</text>`,
    `<text x="${width - 10}" y="22" font-size="10" text-anchor="end" fill="#555">log scale; bars from the baseline 1.0 · red dashed: target · green meets it, red misses it, blue: no target</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
};
