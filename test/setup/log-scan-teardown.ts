import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  formatFinding,
  formatSummary,
  LOG_CAPTURE_DIR_ENV,
  type LogFinding,
  scanLogDirectory,
} from '../support/log-scan';

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's log capture directory (also in the workers' TALENT_LOG_CAPTURE_DIR). */
    logCaptureDir: string;
  }
}

/** Runs older than this, beyond the newest KEEP_RUNS, are deleted when a run starts. */
const KEEP_RUNS = 10;
const PRUNE_AFTER_MS = 60 * 60 * 1000;
const MAX_PRINTED_FINDINGS = 50;

/** Deletes old run directories (never a recent one: another run may still be writing to it). */
const pruneOldRuns = (root: string): void => {
  const runs = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ path: join(root, e.name), mtime: statSync(join(root, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const run of runs.slice(KEEP_RUNS)) {
    if (Date.now() - run.mtime > PRUNE_AFTER_MS) rmSync(run.path, { recursive: true, force: true });
  }
};

const report = (dir: string, findings: readonly LogFinding[]): string =>
  [
    `[log-scan] personal data in the test run's logs (X-RESIDENT-ID): ${findings.length} finding(s); values masked:`,
    ...findings
      .slice(0, MAX_PRINTED_FINDINGS)
      .map((f) => `  ${formatFinding({ ...f, file: relative(dir, f.file) })}`),
    ...(findings.length > MAX_PRINTED_FINDINGS ? [`  … ${findings.length - MAX_PRINTED_FINDINGS} more`] : []),
    `  capture directory: ${dir}`,
  ].join('\n');

/**
 * The log capture of the whole run (listed first in vitest.config.ts, so its teardown runs
 * last): a fresh directory `.test-logs/<run-id>/` handed to every worker (env
 * TALENT_LOG_CAPTURE_DIR, set before the workers fork, and `inject('logCaptureDir')`), where
 * test/setup/log-capture.ts writes `worker-<pid>.log` and spawned CLI processes
 * `child-<pid>.log`. The teardown scans every file for resident IDs and mobile numbers; a
 * finding fails the run (exit code 1) naming file, line, kind and the masked value.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const root = join(project.config.root, '.test-logs');
  mkdirSync(root, { recursive: true });
  pruneOldRuns(root);
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const dir = join(root, runId);
  mkdirSync(dir, { recursive: true });
  process.env[LOG_CAPTURE_DIR_ENV] = dir;
  project.provide('logCaptureDir', dir);

  return async () => {
    const summary = await scanLogDirectory(dir);
    process.stdout.write(`\n${formatSummary(relative(project.config.root, dir), summary)}\n`);
    if (summary.findings.length > 0) throw new Error(report(dir, summary.findings));
  };
}
