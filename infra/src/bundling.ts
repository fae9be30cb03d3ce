import { mkdirSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { type BuildOptions, buildSync } from 'esbuild';
import { fromRepoRoot, repoRoot } from './paths';

/**
 * How every function is bundled: the one source of truth. `esbuildOptionsFor` turns these into
 * esbuild's settings for one module, `functionBuildOptions` adds the code splitting a function's
 * asset is built with (`ServiceFunction` bundles through `bundleFunction` when `cdk synth`
 * runs), so the benchmark bundles a handler exactly the way `cdk synth` does.
 */
export const BUNDLING = {
  format: 'esm',
  target: 'node22',
  platform: 'node',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  /** Empty: bundle the AWS SDK too, so a function ships only the commands it imports. */
  externalModules: [] as string[],
  /** ESM bundles still meet CommonJS dependencies that call `require`. */
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  /** The entry module of a function is `index.mjs`; the handler is `index.handler`. */
  outputFile: 'index.mjs',
  /**
   * ESM code splitting: what a function's entry reaches only through `import()` (its route
   * implementations, SDK credential providers it never uses on Lambda, …) goes into chunk files
   * next to `index.mjs`, which Node reads and compiles only when that `import()` runs. One file
   * would make every cold start parse and compile the whole bundle.
   */
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
} as const;

/**
 * esbuild options for one module bundled into `outfile`: the settings every function is built
 * with, run from the repo root (`esbuild --bundle <entry> --target=node22 --platform=node
 * --format=esm --minify --sourcemap --sources-content=false --banner:js=… --main-fields=module,main`).
 * `functionBuildOptions` builds a function's asset from these with code splitting.
 *
 * @param entry handler module, repository-relative (as in the manifest) or absolute
 * @param outfile output file; defaults to `.bench/bundles/<entry without extension>/index.mjs`
 *   under the repo root (git-ignored)
 */
export const esbuildOptionsFor = (entry: string, outfile?: string): BuildOptions => {
  const absoluteEntry = fromRepoRoot(entry);
  const entryWithoutExtension = relative(repoRoot, absoluteEntry).slice(0, -extname(absoluteEntry).length);
  return {
    absWorkingDir: repoRoot,
    entryPoints: [absoluteEntry],
    bundle: true,
    platform: BUNDLING.platform,
    target: BUNDLING.target,
    format: BUNDLING.format,
    outfile: outfile ?? join(repoRoot, '.bench', 'bundles', entryWithoutExtension, BUNDLING.outputFile),
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    mainFields: [...BUNDLING.mainFields],
    external: [...BUNDLING.externalModules],
    banner: { js: BUNDLING.banner },
  };
};

/**
 * AWS SDK modules a function takes from the Lambda runtime (the Node.js 22 runtime ships the SDK
 * v3 clients) instead of its bundle. Funding alone uses S3 (exports): bundled, the S3 client
 * shares @aws-sdk/core's re-exporting modules with the DynamoDB client of the request pipeline,
 * and esbuild's code splitting then loads S3's XML and checksum code at import (about 21 KiB,
 * +13% cold import). From the runtime, `@aws-sdk/client-s3` loads on the first export request
 * only; lib-storage and the presigner stay bundled and use it. Everything else is bundled.
 */
export const RUNTIME_SDK_MODULES: Readonly<Record<string, readonly string[]>> = {
  'services/funding/src/handlers/api.ts': ['@aws-sdk/client-s3'],
};
/**
 * The esbuild options of a function's asset: `esbuildOptionsFor(entry)` with code splitting
 * into `outdir` — the entry as `index.mjs` (handler `index.handler`), the code it loads with
 * `import()` under `chunks/`.
 */
export const functionBuildOptions = (entry: string, outdir: string): BuildOptions => {
  const { outfile: _single, ...options } = esbuildOptionsFor(entry);
  const fromRuntime = RUNTIME_SDK_MODULES[relative(repoRoot, fromRepoRoot(entry))] ?? [];
  return {
    ...options,
    external: [...(options.external ?? []), ...fromRuntime],
    outdir,
    splitting: BUNDLING.splitting,
    entryNames: BUNDLING.outputFile.slice(0, -extname(BUNDLING.outputFile).length),
    chunkNames: BUNDLING.chunkNames,
    outExtension: { '.js': extname(BUNDLING.outputFile) },
  };
};

/**
 * Builds a function's asset into `outdir` (synchronously: CDK's local bundling is synchronous).
 * Offline: esbuild runs in process, no Docker. Throws on any esbuild error.
 */
export const bundleFunction = (entry: string, outdir: string): void => {
  mkdirSync(outdir, { recursive: true });
  buildSync({ ...functionBuildOptions(entry, outdir), logLevel: 'error' });
};
