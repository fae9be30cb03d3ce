import { extname, join, relative } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { fromRepoRoot, repoRoot } from './paths';

/**
 * How every function is bundled: the one source of truth. `ServiceFunction` hands these to
 * `NodejsFunction` and `esbuildOptionsFor` turns them into esbuild build options, so the
 * benchmark bundles a handler exactly the way `cdk synth` does.
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
  /** NodejsFunction names the ESM output `index.mjs`; the handler is `index.handler`. */
  outputFile: 'index.mjs',
} as const;

/**
 * esbuild options equivalent to the command NodejsFunction runs for `entry`
 * (`esbuild --bundle <entry> --target=node22 --platform=node --format=esm --minify --sourcemap
 * --sources-content=false --banner:js=… --main-fields=module,main`, run from the repo root).
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
