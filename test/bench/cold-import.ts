import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { functionBuildOptions } from '../../infra/src/bundling';
import { repoRoot } from '../../infra/src/paths';
import { median } from './stats';

/** A function's bundle as `cdk synth` writes its asset: `index.mjs` and the chunks it imports. */
export interface FunctionBundle {
  readonly name: string;
  /** The entry module (`index.mjs`), what Lambda imports. */
  readonly file: string;
  /** Every output file but source maps: the asset's code. */
  readonly bytes: number;
  /** The entry and the chunks it imports statically: what the import reads and compiles. */
  readonly importBytes: number;
  /** The packages (or repository folders) with the most bytes in the bundle, largest first. */
  readonly topPackages: readonly { readonly name: string; readonly bytes: number }[];
}

/** Where a bundled input comes from: its npm package, or its repository folder (`packages/http`). */
const packageOf = (input: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match?.[1]) return match[1];
  return input.split('/').slice(0, 2).join('/');
};

const describeBundle = (name: string, outdir: string, metafile: Metafile): FunctionBundle => {
  const outputs = Object.entries(metafile.outputs).filter(([path]) => !path.endsWith('.map'));
  const byPath = new Map(outputs);
  // Chunks loaded by `import()` are entry points too: the function's entry is <outdir>/index.mjs.
  const entry = outputs.find(([path]) => resolve(repoRoot, path) === join(outdir, 'index.mjs'))?.[0];
  if (!entry) throw new Error(`${name}: esbuild wrote no entry module`);
  const loadedAtImport = new Set<string>();
  const pending = [entry];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (loadedAtImport.has(path)) continue;
    loadedAtImport.add(path);
    for (const i of byPath.get(path)?.imports ?? []) {
      if (i.kind === 'import-statement' && !i.external) pending.push(i.path);
    }
  }
  const packages = new Map<string, number>();
  for (const [, output] of outputs) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      packages.set(packageOf(input), (packages.get(packageOf(input)) ?? 0) + bytesInOutput);
    }
  }
  const sum = (paths: Iterable<string>) => [...paths].reduce((a, p) => a + (byPath.get(p)?.bytes ?? 0), 0);
  return {
    name,
    file: join(outdir, 'index.mjs'),
    bytes: sum(byPath.keys()),
    importBytes: sum(loadedAtImport),
    topPackages: [...packages]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([p, bytes]) => ({ name: p, bytes })),
  };
};

/** Bundles an entry exactly as `cdk synth` does (infra/src/bundling.ts) into .bench/bundles/<name>/. */
export const bundle = async (name: string, entry: string): Promise<FunctionBundle> => {
  const outdir = join(repoRoot, '.bench', 'bundles', name);
  rmSync(outdir, { recursive: true, force: true });
  const { metafile } = await build({
    ...functionBuildOptions(entry, outdir),
    metafile: true,
    logLevel: 'error',
  });
  return describeBundle(name, outdir, metafile);
};

/** The API Gateway v2 event of one request, with the claims as the JWT authorizer renders them. */
const apiRequest = (
  method: string,
  route: string,
  pathParameters: Record<string, string>,
  body: unknown,
  caller: { agency: string; role: string; unit?: string },
) => {
  const path = route.replace(/\{(\w+)\}/g, (_m, p: string) => pathParameters[p] ?? '');
  return {
    version: '2.0',
    routeKey: `${method} ${route}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench-first-request',
      routeKey: `${method} ${route}`,
      stage: '$default',
      time: new Date(0).toISOString(),
      timeEpoch: 0,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims: {
            sub: `bench-${caller.role}`,
            'custom:agency': caller.agency,
            'cognito:groups': `[${caller.role}]`,
            ...(caller.unit ? { 'custom:unit': caller.unit } : {}),
          },
          scopes: [],
        },
      },
    },
  };
};

/**
 * The first request of each function in the cold-start figure: a representative route of the
 * function whose body fails its zod schema, so the response (422) comes from the whole pipeline
 * (claims, role, body, validation, problem+json, logs) without DynamoDB or any network. The
 * lifecycle function gets a task event with an action it does not know: it loads its task code
 * and throws (the state machine would record the error). The bare baseline's request takes its
 * own 422 path (test/bench/bare-handler.ts): read the body, build a GetCommand, answer without
 * sending it.
 */
export const FIRST_REQUESTS: Readonly<Record<string, { event: unknown; expect: number | 'throws' }>> = {
  bare: { event: { body: '{}' }, expect: 422 },
  nominations: {
    event: apiRequest('POST', '/nominations', {}, {}, { agency: 'jiangsu', role: 'admin' }),
    expect: 422,
  },
  pairings: {
    event: apiRequest(
      'POST',
      '/cycles/{cycleId}/pairings',
      { cycleId: 'lishui-2026' },
      {},
      { agency: 'lishui', role: 'admin' },
    ),
    expect: 422,
  },
  cohorts: {
    event: apiRequest(
      'POST',
      '/cycles/{cycleId}/trainees',
      { cycleId: 'jiangsu-2026' },
      {},
      { agency: 'jiangsu', role: 'admin' },
    ),
    expect: 422,
  },
  funding: {
    event: apiRequest(
      'POST',
      '/expense-reports',
      {},
      {},
      { agency: 'jiangsu', role: 'unit', unit: 'JS-U01' },
    ),
    expect: 422,
  },
  reporting: {
    event: apiRequest(
      'POST',
      '/cycles/{cycleId}/forms/js-satisfaction/responses',
      { cycleId: 'jiangsu-2026' },
      {},
      { agency: 'jiangsu', role: 'admin' },
    ),
    expect: 422,
  },
  platform: {
    event: apiRequest('POST', '/programmes', {}, {}, { agency: 'jiangsu', role: 'admin' }),
    expect: 422,
  },
  lifecycle: {
    event: { action: 'bench-unknown-action', agencyId: 'jiangsu', cycleId: 'jiangsu-2026' },
    expect: 'throws',
  },
};

/**
 * One cold start in a fresh Node process, as on a new Lambda execution environment: the time to
 * `import` the entry module, and the time from the start of the import to the first request's
 * response (or its thrown error). Writes one `BENCH {…}` line; the functions' logs go before it.
 */
const CHILD = `
const file = process.env.BENCH_FILE;
const event = JSON.parse(process.env.BENCH_EVENT);
const context = {
  functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:cn-north-1:000000000000:function:bench',
  awsRequestId: 'bench-first-request', logGroupName: '/aws/lambda/bench', logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: false, getRemainingTimeInMillis: () => 29000,
  done() {}, fail() {}, succeed() {},
};
// BENCH_TRACE (an untimed run): record every module the import and the first request load.
const loaded = new Set();
if (process.env.BENCH_TRACE) {
  const { registerHooks } = await import('node:module');
  registerHooks({ resolve: (specifier, context, next) => { const r = next(specifier, context); loaded.add(r.url); return r; } });
}
const t = performance.now();
const { handler } = await import(file);
const importMs = performance.now() - t;
let status;
try {
  status = (await handler(event, context))?.statusCode ?? 'none';
} catch {
  status = 'throws';
}
const firstMs = performance.now() - t;
let loadedBytes = 0;
if (process.env.BENCH_TRACE) {
  const { statSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  for (const url of loaded) if (url.startsWith('file:')) loadedBytes += statSync(fileURLToPath(url)).size;
}
process.stdout.write('\\nBENCH ' + JSON.stringify({ importMs, firstMs, status, loadedBytes }) + '\\n');
`;

interface ColdStart {
  readonly importMs: number;
  readonly firstMs: number;
  readonly status: unknown;
  /** With `trace`: bytes of the module files the import and the first request loaded. */
  readonly loadedBytes: number;
}

const coldStartOnce = (file: string, name: string, trace = false): ColdStart => {
  const request = FIRST_REQUESTS[name];
  if (!request) throw new Error(`no first request defined for ${name} (FIRST_REQUESTS)`);
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', CHILD], {
    env: {
      ...process.env,
      TABLE_NAME: 'MainTable',
      PII_HASH_KEY: 'bench-pii-hash-key-0123456789',
      AWS_REGION: 'cn-north-1',
      POWERTOOLS_SERVICE_NAME: 'bench',
      // As on Lambda: infra sets NODE_OPTIONS=--enable-source-maps on every function (service-function.ts).
      NODE_OPTIONS: '--enable-source-maps',
      BENCH_FILE: pathToFileURL(file).href,
      BENCH_EVENT: JSON.stringify(request.event),
      ...(trace ? { BENCH_TRACE: '1' } : {}),
    },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = out
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`${name}: the cold-start child wrote no result:\n${out}`);
  const result = JSON.parse(line.slice('BENCH '.length)) as ColdStart;
  // A first request that does not take the intended path measures something else: refuse it.
  if (result.status !== request.expect) {
    throw new Error(`${name}: first request answered ${String(result.status)}, expected ${request.expect}`);
  }
  return result;
};

export interface ColdStartMeasure extends FunctionBundle {
  /** Median time of `await import(index.mjs)`. */
  readonly importMs: number;
  /** Median time of the import plus the first request (FIRST_REQUESTS) to its response. */
  readonly firstRequestMs: number;
  /** Bytes of the bundle's files that the import and the first request load (an untimed run). */
  readonly firstRequestBytes: number;
}

/** Median cold import and cold import + first request of each bundle, sampled round-robin. */
export const measureColdImports = (
  bundles: readonly FunctionBundle[],
  rounds: number,
): ColdStartMeasure[] => {
  const loadedBytes = new Map(bundles.map((b) => [b.name, coldStartOnce(b.file, b.name, true).loadedBytes]));
  const samples = new Map(bundles.map((b) => [b.name, { imports: [] as number[], firsts: [] as number[] }]));
  for (let r = 0; r < rounds; r++) {
    for (const b of bundles) {
      const { importMs, firstMs } = coldStartOnce(b.file, b.name);
      samples.get(b.name)?.imports.push(importMs);
      samples.get(b.name)?.firsts.push(firstMs);
    }
  }
  return bundles.map((b) => ({
    ...b,
    importMs: median(samples.get(b.name)?.imports ?? []),
    firstRequestMs: median(samples.get(b.name)?.firsts ?? []),
    firstRequestBytes: loadedBytes.get(b.name) ?? Number.NaN,
  }));
};
