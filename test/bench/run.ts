import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lifecycleFunction, services } from '../../infra/src/manifest';
import { repoRoot } from '../../infra/src/paths';
import { bundle, measureColdImports } from './cold-import';
import { measureExports } from './exports';
import { measureReports } from './reports';
import { fmt } from './stats';
import { measureWrites } from './writes';

/**
 * `npm run bench`: every figure is a ratio against a baseline measured in the same run, so
 * a noisy machine moves both sides alike. Sizes: BENCH_WRITES (default 1000 per round),
 * BENCH_ROUNDS (2), BENCH_IMPORT_ROUNDS (15), BENCH_CONCURRENCY (16), BENCH_EXPORT_LINES (100000),
 * BENCH_EXPORT_UNITS (100), BENCH_REPORT_NOMINATIONS (10000), BENCH_REPORT_TRAINEES (2000),
 * BENCH_REPORT_UNITS (40), BENCH_ONLY (imports|writes|exports|reports), BENCH_OUT (output file,
 * default docs/bench/latest.md).
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
/** BENCH_ONLY=imports, writes, exports or reports runs one part. */
const only = process.env.BENCH_ONLY;
const runs = (part: 'imports' | 'writes' | 'exports' | 'reports') => only === undefined || only === part;

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
  const bare = {
    name: 'bare DocumentClient (baseline)',
    file: await bundle('bare', 'test/bench/bare-handler.ts'),
  };
  const functionBundles = [];
  for (const s of [...services, lifecycleFunction]) {
    functionBundles.push({ name: s.name, file: await bundle(s.name, s.entry) });
  }
  const measures = measureColdImports([bare, ...functionBundles], importRounds);
  const baseline = measures[0]?.importMs ?? Number.NaN;
  out(`## Cold import per function (median of ${importRounds} fresh processes; target ≤ 1.25× baseline)`);
  out();
  out('| function | bundle KiB | import ms | × baseline |');
  out('|---|---:|---:|---:|');
  for (const m of measures) {
    out(`| ${m.name} | ${fmt(m.bytes / 1024)} | ${fmt(m.importMs)} | ${fmt(m.importMs / baseline, 2)} |`);
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

const target = process.env.BENCH_OUT ?? join(repoRoot, 'docs', 'bench', 'latest.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${lines.join('\n')}\n`);
console.log(`\nwrote ${target}`);
process.exit(0);
