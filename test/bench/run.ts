import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { lifecycleFunction, services } from '../../infra/src/manifest';
import { repoRoot } from '../../infra/src/paths';
import { renderChart, sectionsOf } from './chart';
import { bundle, measureColdImports } from './cold-import';
import { costReport } from './cost';
import { measureExports } from './exports';
import { measureReports } from './reports';
import { measureSimulation, simulationMarkdown, simulationSizes } from './simulation';
import { fmt } from './stats';
import { measureWrites } from './writes';

/**
 * `npm run bench`: every figure is a ratio against a baseline measured in the same run, so
 * a noisy machine moves both sides alike. Sizes: BENCH_WRITES (default 1000 per round),
 * BENCH_ROUNDS (2), BENCH_IMPORT_ROUNDS (15), BENCH_CONCURRENCY (16), BENCH_EXPORT_LINES (100000),
 * BENCH_EXPORT_UNITS (100), BENCH_REPORT_NOMINATIONS (10000), BENCH_REPORT_TRAINEES (2000),
 * BENCH_REPORT_UNITS (40), BENCH_ONLY (imports|writes|exports|reports|simulation), BENCH_OUT (output
 * file, default docs/bench/latest.md; the chart goes next to it as .svg).
 * The simulated province-scale year (simulation.ts): BENCH_SIM_NOMINATIONS (10000),
 * BENCH_SIM_PAIRINGS (1000), BENCH_SIM_TRAINEES (2000), BENCH_SIM_CONCURRENCY (16),
 * BENCH_SIM_API_CYCLES (1: Jiangsu cycles whose per-item steps all go through the API),
 * BENCH_SIM_API_SCHOOLS (1: Lishui schools whose pairings go through the API),
 * BENCH_SIM_SESSION_SAMPLE (4: pairings whose mentoring sessions go through the API),
 * BENCH_COST_OUT (its cost model, default docs/cost.md).
 */
const writes = Number(process.env.BENCH_WRITES ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const importRounds = Number(process.env.BENCH_IMPORT_ROUNDS ?? 15);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const exportLines = Number(process.env.BENCH_EXPORT_LINES ?? 100_000);
const exportUnits = Number(process.env.BENCH_EXPORT_UNITS ?? 100);
const reportNominations = Number(process.env.BENCH_REPORT_NOMINATIONS ?? 10_000);
const reportTrainees = Number(process.env.BENCH_REPORT_TRAINEES ?? 2000);
const reportUnits = Number(process.env.BENCH_REPORT_UNITS ?? 40);
/** BENCH_ONLY=imports, writes, exports, reports or simulation runs one part. */
const only = process.env.BENCH_ONLY;
const runs = (part: 'imports' | 'writes' | 'exports' | 'reports' | 'simulation') =>
  only === undefined || only === part;

const lines: string[] = [];
const out = (line = '') => {
  lines.push(line);
  console.log(line);
};

out(`# Benchmark — ${new Date().toISOString()}`);
out();
out(
  `Node ${process.version}, ${process.platform}/${process.arch}. Ratios compare against baselines taken in this run.`,
);
out();

// 1. Bundles and cold import.
if (runs('imports')) {
  const bundles = [await bundle('bare', 'test/bench/bare-handler.ts')];
  for (const s of [...services, lifecycleFunction]) bundles.push(await bundle(s.name, s.entry));
  const measures = measureColdImports(bundles, importRounds);
  const bare = measures[0];
  const label = (name: string) => (name === 'bare' ? 'bare DocumentClient (baseline)' : name);
  const kib = (bytes: number) => fmt(bytes / 1024);
  out(
    `## Cold start per function (median of ${importRounds} fresh processes each; target: import ≤ 1.25× baseline)`,
  );
  out();
  out(
    "Bundles as `cdk synth` builds them (infra/src/bundling.ts `functionBuildOptions`: ESM, code splitting), run with the functions' `NODE_OPTIONS=--enable-source-maps`. **import**: `await import(index.mjs)`, the Lambda init phase. **import + 1st request**: from the start of the import to the response of one `handler` call (test/bench/cold-import.ts `FIRST_REQUESTS`): for each API function a POST of one of its routes whose body fails its zod schema (422 through the whole pipeline, no DynamoDB); for lifecycle a task with an unknown action (loads the task code, throws); for the baseline its 422 path (parse the body, build a GetCommand, answer without sending). KiB: all code files of the asset / the entry and the chunks it imports statically (read and compiled by the import) / every file of the bundle the import and the first request load (traced in one untimed run).",
  );
  out();
  out(
    '| function | bundle KiB | KiB at import | KiB by 1st request | import ms | × baseline | import + 1st request ms | × baseline |',
  );
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const m of measures) {
    const importRatio = m.importMs / (bare?.importMs ?? Number.NaN);
    const firstRatio = m.firstRequestMs / (bare?.firstRequestMs ?? Number.NaN);
    out(
      `| ${label(m.name)} | ${kib(m.bytes)} | ${kib(m.importBytes)} | ${kib(m.firstRequestBytes)} | ${fmt(m.importMs)} | ${fmt(importRatio, 2)} | ${fmt(m.firstRequestMs)} | ${fmt(firstRatio, 2)} |`,
    );
  }
  out();
  out('Largest packages per bundle (KiB in the bundle, all chunks):');
  out();
  out('| function | top 5 |');
  out('|---|---|');
  for (const m of measures) {
    out(`| ${label(m.name)} | ${m.topPackages.map((p) => `${p.name} ${kib(p.bytes)}`).join(', ')} |`);
  }
  out();
}

// 2. Writes through the API against raw DynamoDB Local writes.
if (runs('writes')) {
  const writeMeasures = await measureWrites(writes, concurrency, rounds);
  const rawRate = writeMeasures.find((m) => m.label.startsWith('raw'))?.perSecond ?? Number.NaN;
  out(`## Writes (${concurrency} concurrent clients, ${rounds} alternating rounds of ${writes})`);
  out();
  out('| path | writes | per second | × raw | p50 ms | p99 ms |');
  out('|---|---:|---:|---:|---:|---:|');
  for (const m of writeMeasures) {
    out(
      `| ${m.label} | ${m.count} | ${fmt(m.perSecond)} | ${fmt(m.perSecond / rawRate, 2)} | ${fmt(m.p50)} | ${fmt(m.p99)} |`,
    );
  }
  out();
}

// 3. Exports: CSV and XLSX of a large batch against a raw Query of the same items.
if (runs('exports')) {
  const measures = await measureExports(exportLines, exportUnits);
  const raws = measures.filter((m) => m.mode === 'raw');
  const rawRate = raws.reduce((a, m) => a + m.perSecond, 0) / raws.length;
  out(
    `## Exports (${exportLines} lines, ${exportUnits} units; each measured in a fresh child process; targets ≥ 0.7× raw, peak RSS < 256 MB)`,
  );
  out();
  out('| path | rows | seconds | rows per second | × raw | file MiB | RSS before MB | peak RSS MB |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const m of measures) {
    const label =
      m.mode === 'raw'
        ? 'raw DynamoDB Query (DocumentClient, consistent, same items and key ranges)'
        : `${m.mode.toUpperCase()} export (API handler → writer → EXPORT_DIR)`;
    out(
      `| ${label} | ${m.rows} | ${fmt(m.ms / 1000, 2)} | ${fmt(m.perSecond)} | ${fmt(m.perSecond / rawRate, 2)} | ${m.bytes ? fmt(m.bytes / 1024 / 1024, 1) : '—'} | ${fmt(m.rssBeforeMB)} | ${fmt(m.peakRssMB)} |`,
    );
  }
  out();
  out(`× raw is against the mean of the raw runs (${fmt(rawRate)} rows/s).`);
  out();
}

// 4. Province-sized reports: a Jiangsu cycle's KPI report and selection summary against raw Queries.
if (runs('reports')) {
  const { seed, measures, limits } = await measureReports(reportNominations, reportTrainees, reportUnits);
  for (const m of measures) {
    const counted = m.mode === 'kpis-json' || m.mode === 'summary-json' || m.mode.startsWith('raw');
    const expected = m.mode === 'raw-kpi' ? reportTrainees + 2 * reportUnits : reportTrainees;
    if (counted && m.items !== expected) throw new Error(`${m.mode}: ${m.items} items, expected ${expected}`);
  }
  const rawMs = (mode: string) => {
    const raws = measures.filter((m) => m.mode === mode);
    return raws.reduce((a, m) => a + m.ms, 0) / raws.length;
  };
  const rawRequests = (mode: string) => measures.find((m) => m.mode === mode)?.requests ?? Number.NaN;
  const labels: Record<string, string> = {
    'raw-kpi': 'raw Query: cohort cycle partition (GRADING#, UNIT#, consistent) + trainees GSI1',
    'raw-summary': 'raw Query: nominations cycle partition (GSI1, filter status = official, full items)',
    'kpis-json': 'GET /programmes/jiangsu-excellent-technicians/kpis?year=2026 (JSON)',
    'kpis-xlsx': 'GET /programmes/jiangsu-excellent-technicians/kpis?year=2026&format=xlsx',
    'summary-json': 'GET /cycles/{cycleId}/reports/selection-summary (JSON)',
    'summary-xlsx': 'GET /cycles/{cycleId}/reports/selection-summary?format=xlsx',
  };
  const baselineOf = (mode: string) => (mode.startsWith('kpis') ? 'raw-kpi' : 'raw-summary');
  out(
    `## Province-sized reports (Jiangsu cycle: ${reportNominations} nominations, ${reportTrainees} official and trainees in ${reportUnits} units, graded; each measured in a fresh child process through the reporting API handler; limits: timeout ${limits.timeoutSeconds} s, memory ${limits.memoryMB} MB, response 6 MB)`,
  );
  out();
  out(
    `Seeded in ${fmt(seed.ms / 1000, 1)} s (${seed.items} items; ${seed.requests} DynamoDB requests): nominations through DynamoNominationRepository.create, the cohort by BatchWrite of cohorts' item shapes.`,
  );
  out();
  out(
    '| path | seconds | × raw | DynamoDB requests | × raw requests | response KiB | peak RSS MB | within Lambda limits |',
  );
  out('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const m of measures) {
    const raw = m.mode.startsWith('raw');
    const base = raw ? m.mode : baselineOf(m.mode);
    const within =
      m.ms / 1000 < limits.timeoutSeconds && m.peakRssMB < limits.memoryMB && m.bytes < limits.responseBytes;
    const commands = Object.entries(m.byCommand)
      .map(([k, v]) => `${k.replace('Command', '')} ${v}`)
      .join(', ');
    out(
      `| ${labels[m.mode] ?? m.mode} | ${fmt(m.ms / 1000, 2)} | ${fmt(m.ms / rawMs(base), 2)} | ${m.requests} (${commands}) | ${fmt(m.requests / rawRequests(base), 1)} | ${raw ? '—' : fmt(m.bytes / 1024, 1)} | ${fmt(m.peakRssMB)} | ${raw ? '—' : within ? 'yes' : 'NO'} |`,
    );
  }
  out();
  out(
    `× raw is against the mean of the two runs of the matching raw Query (KPI: ${fmt(rawMs('raw-kpi'))} ms; summary: ${fmt(rawMs('raw-summary'))} ms). Memory limit: the manifest sets none for reporting, so infra's default applies.`,
  );
  out();
}

// 5. A province-scale year on the local stack's virtual clock, and its cost model.
if (runs('simulation')) {
  const result = await measureSimulation(simulationSizes());
  const cost = costReport(result, new Date().toISOString());
  for (const line of simulationMarkdown(result, cost.summary)) out(line);
  const costTarget = process.env.BENCH_COST_OUT ?? join(repoRoot, 'docs', 'cost.md');
  mkdirSync(dirname(costTarget), { recursive: true });
  writeFileSync(costTarget, cost.markdown);
  console.log(`wrote ${costTarget}`);
}

const target = process.env.BENCH_OUT ?? join(repoRoot, 'docs', 'bench', 'latest.md');
mkdirSync(dirname(target), { recursive: true });
// The chart of every "× baseline" ratio above, next to the report and linked from it.
const chartFile = `${target.replace(/\.md$/, '')}.svg`;
writeFileSync(chartFile, renderChart(sectionsOf(lines), lines[0]?.replace(/^# /, '') ?? 'Benchmark'));
lines.splice(4, 0, `![Every × baseline ratio of this run, with its target](${basename(chartFile)})`, '');
writeFileSync(target, `${lines.join('\n')}\n`);
console.log(`\nwrote ${target} and ${chartFile}`);
process.exit(0);
