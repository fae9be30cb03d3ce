import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { esbuildOptionsFor } from '../../infra/src/bundling';
import { repoRoot } from '../../infra/src/paths';
import { median } from './stats';

export interface BundleMeasure {
  readonly name: string;
  readonly bytes: number;
  readonly importMs: number;
}

/** Bundles an entry exactly as `cdk synth` does (infra/src/bundling.ts) into .bench/bundles/<name>. */
export const bundle = async (name: string, entry: string): Promise<string> => {
  const outDir = join(repoRoot, '.bench', 'bundles', name);
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'index.mjs');
  await build({ ...esbuildOptionsFor(entry, outfile), logLevel: 'error' });
  return outfile;
};

const importOnce = (file: string): number => {
  // A fresh Node process per sample: a cold import, as on a new Lambda execution environment.
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      ...process.env,
      TABLE_NAME: 'MainTable',
      PII_HASH_KEY: 'bench-pii-hash-key-0123456789',
      AWS_REGION: 'cn-north-1',
      POWERTOOLS_SERVICE_NAME: 'bench',
    },
    encoding: 'utf8',
  });
  return Number(out);
};

/** Median cold-import time of each bundle, sampled round-robin so machine noise hits all alike. */
export const measureColdImports = (
  bundles: readonly { name: string; file: string }[],
  rounds: number,
): BundleMeasure[] => {
  const samples = new Map(bundles.map((b) => [b.name, [] as number[]]));
  for (let r = 0; r < rounds; r++) {
    for (const b of bundles) samples.get(b.name)?.push(importOnce(b.file));
  }
  return bundles.map((b) => ({
    name: b.name,
    bytes: statSync(b.file).size,
    importMs: median(samples.get(b.name) ?? []),
  }));
};
