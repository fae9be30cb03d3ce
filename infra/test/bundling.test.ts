import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUNDLING,
  bundleFunction,
  esbuildOptionsFor,
  functionBuildOptions,
  RUNTIME_SDK_MODULES,
} from '../src/bundling';
import { repoRoot } from '../src/paths';
import { cdkBundlingOptions } from '../src/service-function';

const FIXTURE = 'infra/test/fixtures/handler.ts';
const outdir = mkdtempSync(join(tmpdir(), 'talent-bundle-test-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('bundling', () => {
  it('hands NodejsFunction the shared settings: ESM, node22, minified, source maps without sources, SDK bundled', () => {
    expect(cdkBundlingOptions()).toEqual({
      format: OutputFormat.ESM,
      target: 'node22',
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      mainFields: ['module', 'main'],
      externalModules: [],
      banner: BUNDLING.banner,
    });
  });

  it('gives esbuild the same settings, run from the repository root like CDK', () => {
    const options = esbuildOptionsFor(FIXTURE);
    expect(options).toMatchObject({
      absWorkingDir: repoRoot,
      entryPoints: [join(repoRoot, FIXTURE)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      mainFields: ['module', 'main'],
      external: [],
      banner: { js: BUNDLING.banner },
    });
    expect(options.outfile).toBe(
      join(repoRoot, '.bench', 'bundles', 'infra/test/fixtures/handler', 'index.mjs'),
    );
  });

  it('produces a loadable ESM bundle whose handler runs', async () => {
    const outfile = join(outdir, 'handler', 'index.mjs');
    await build({ ...esbuildOptionsFor(FIXTURE, outfile), logLevel: 'silent' });

    const code = readFileSync(outfile, 'utf8');
    expect(code.startsWith(BUNDLING.banner)).toBe(true);
    const map = JSON.parse(readFileSync(`${outfile}.map`, 'utf8'));
    expect(map.sourcesContent).toBeUndefined();
    expect(existsSync(join(outdir, 'handler', 'index.js'))).toBe(false);

    const { handler } = await import(pathToFileURL(outfile).href);
    await expect(handler({ name: 'lishui' })).resolves.toMatchObject({ statusCode: 200 });
  });
});

describe('function assets (code splitting)', () => {
  it('builds an ESM entry plus chunks, bundling the SDK except the S3 client of funding (RUNTIME_SDK_MODULES)', () => {
    const nominations = functionBuildOptions('services/nominations/src/handlers/api.ts', '/tmp/x');
    expect(nominations).toMatchObject({ format: 'esm', splitting: true, outdir: '/tmp/x', bundle: true });
    expect(nominations.external).toEqual([]);
    const funding = functionBuildOptions('services/funding/src/handlers/api.ts', '/tmp/y');
    expect(funding.external).toEqual(['@aws-sdk/client-s3']);
    expect(RUNTIME_SDK_MODULES['services/funding/src/handlers/api.ts']).toEqual(['@aws-sdk/client-s3']);
  });

  it('writes the asset as index.mjs that exports the handler', async () => {
    const dir = join(outdir, 'split');
    bundleFunction(FIXTURE, dir);
    expect(existsSync(join(dir, 'index.mjs'))).toBe(true);
    const mod = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as { handler: unknown };
    expect(typeof mod.handler).toBe('function');
  });
});
