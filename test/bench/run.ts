import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lifecycleFunction, services } from '../../infra/src/manifest';
import { repoRoot } from '../../infra/src/paths';
import { bundle, measureColdImports } from './cold-import';
import { measureExports } from './exports';
import { fmt } from './stats';
import { measureWrites } from './writes';

/**
 * `npm run bench`: every figure is a ratio against a baseline measured in the same run, so
 * a noisy machine moves both sides alike. Sizes: BENCH_WRITES (default 1000 per round),
 * BENCH_ROUNDS (2), BENCH_IMPORT_ROUNDS (15), BENCH_CONCURRENCY (16), BENCH_EXPORT_LINES (100000),
 * BENCH_EXPORT_UNITS (100), BENCH_ONLY (imports|writes|exports).
 */
const writes = Number(process.env.BENCH_WRITES ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const importRounds = Number(process.env.BENCH_IMPORT_ROUNDS ?? 15);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const exportLines = Number(process.env.BENCH_EXPORT_LINES ?? 100_000);
const exportUnits = Number(process.env.BENCH_EXPORT_UNITS ?? 100);
/** BENCH_ONLY=imports, writes or exports runs one part. */
const only = process.env.BENCH_ONLY;
const runs = (part: 'imports' | 'writes' | 'exports') => only === undefined || only === part;

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

const dir = join(repoRoot, 'docs', 'bench');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.md'), `${lines.join('\n')}\n`);
console.log(`\nwrote docs/bench/latest.md`);
process.exit(0);
