import type { Counters, SimulationResult } from './simulation';
import { fmt } from './stats';

/**
 * The cost model of the simulated year (`npm run bench`, BENCH_ONLY=simulation): what AWS would bill
 * for the work the simulation measured, per cycle and per programme year, written to docs/cost.md.
 *
 * Unit prices: AWS list prices, US East (N. Virginia), USD, on-demand, first pricing tier, free
 * tiers left out. The product runs in the AWS China regions (Beijing cn-north-1, Ningxia
 * cn-northwest-1), priced in CNY by 光环新网 / 西云数据 on their own price list
 * (https://www.amazonaws.cn/en/pricing/): those prices differ and are NOT given here. The CNY cost is
 * the same formula with that list's unit prices — Σ quantity × CNY unit price — over the quantities
 * in the tables (which do not depend on the region).
 */
export const PRICES_CHECKED = '2026-12-02';
export const PRICES = {
  stepFunctionsTransition: {
    usd: 0.025 / 1000,
    unit: 'state transition (Standard workflow)',
    url: 'https://aws.amazon.com/step-functions/pricing/',
    listed: '$0.025 per 1,000 state transitions',
  },
  lambdaGbSecondArm: {
    usd: 0.0000133334,
    unit: 'GB-second (arm64, first 7.5 billion GB-s a month)',
    url: 'https://aws.amazon.com/lambda/pricing/',
    listed: 'Arm $0.0000133334 per GB-second',
  },
  lambdaRequest: {
    usd: 0.2 / 1e6,
    unit: 'Lambda request',
    url: 'https://aws.amazon.com/lambda/pricing/',
    listed: '$0.20 per 1M requests',
  },
  dynamoWrite: {
    usd: 0.625 / 1e6,
    unit: 'write request unit (on-demand, Standard table class)',
    url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    listed: '$0.625 per million WRU (the prices in effect since 1 November 2024)',
  },
  dynamoRead: {
    usd: 0.125 / 1e6,
    unit: 'read request unit (on-demand, Standard table class)',
    url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    listed: '$0.125 per million RRU',
  },
  httpApiRequest: {
    usd: 1.0 / 1e6,
    unit: 'HTTP API request (metered in 512 KB increments; first 300 million a month)',
    url: 'https://aws.amazon.com/api-gateway/pricing/',
    listed: 'HTTP APIs $1.00 per million',
  },
  s3Put: {
    usd: 0.005 / 1000,
    unit: 'S3 PUT/POST request (Standard)',
    url: 'https://aws.amazon.com/s3/pricing/',
    listed: 'PUT, COPY, POST, LIST $0.005 per 1,000',
  },
  s3Get: {
    usd: 0.0004 / 1000,
    unit: 'S3 GET request (Standard)',
    url: 'https://aws.amazon.com/s3/pricing/',
    listed: 'GET, SELECT $0.0004 per 1,000',
  },
  s3GbMonth: {
    usd: 0.023,
    unit: 'S3 Standard GB-month (first 50 TB)',
    url: 'https://aws.amazon.com/s3/pricing/',
    listed: '$0.023 per GB-month',
  },
  schedulerInvocation: {
    usd: 1.0 / 1e6,
    unit: 'EventBridge Scheduler invocation',
    url: 'https://aws.amazon.com/eventbridge/pricing/',
    listed: 'Scheduler $1.00 per million invocations',
  },
} as const;
type PriceKey = keyof typeof PRICES;

/** lib-storage's Upload: one PutObject up to a part, else create + 5 MiB parts + complete. */
const PART_BYTES = 5 * 1024 * 1024;
export const s3PutsOf = (bytes: number): number =>
  bytes <= PART_BYTES ? 1 : 2 + Math.ceil(bytes / PART_BYTES);

export type Quantities = Record<PriceKey, number>;
const zero = (): Quantities => ({
  stepFunctionsTransition: 0,
  lambdaGbSecondArm: 0,
  lambdaRequest: 0,
  dynamoWrite: 0,
  dynamoRead: 0,
  httpApiRequest: 0,
  s3Put: 0,
  s3Get: 0,
  s3GbMonth: 0,
  schedulerInvocation: 0,
});
export const usdOf = (q: Quantities): Record<PriceKey, number> =>
  Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v * PRICES[k as PriceKey].usd])) as Record<
    PriceKey,
    number
  >;
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

export interface ProgrammeCost {
  readonly agencyId: string;
  readonly label: string;
  readonly cycles: number;
  readonly year: Quantities;
  readonly perCycle: Quantities;
  /** The part of `year` priced from route means (the seeded operations). */
  readonly seededShare: Partial<Quantities>;
  /** Failed DynamoDB requests (no ConsumedCapacity returned) and their estimate. */
  readonly failed: { readonly requests: number; readonly estimatedWriteUnits: number };
}

/** Mean duration and DynamoDB units of a route, over every invocation of it in the run. */
const routeMeans = (r: SimulationResult, route: string) => {
  const s = r.total.routes[route];
  if (!s || s.invocations === 0)
    throw new Error(`no measured invocation of ${route} to price the seeded ones`);
  return {
    fn: s.fn,
    ms: s.ms / s.invocations,
    readUnits: s.readUnits / s.invocations,
    writeUnits: s.writeUnits / s.invocations,
  };
};

const gbSeconds = (ms: number, memoryMB: number) => (ms / 1000) * (memoryMB / 1024);

/** A programme's year: measured quantities of its agency, plus the seeded operations at route means. */
export const programmeCost = (r: SimulationResult, agencyId: string, label: string, cycles: number) => {
  const c: Counters | undefined = r.byAgency[agencyId];
  const year = zero();
  const seededShare: Partial<Quantities> = {};
  if (c) {
    year.httpApiRequest += c.apiRequests;
    year.dynamoRead += c.readUnits;
    year.dynamoWrite += c.writeUnits;
    for (const [fn, l] of Object.entries(c.lambda)) {
      year.lambdaRequest += l.invocations;
      year.lambdaGbSecondArm += gbSeconds(l.ms, r.memoryMB[fn] ?? l.memoryMB);
    }
  }
  for (const part of r.seeded.filter((s) => s.agencyId === agencyId)) {
    for (const op of part.operations) {
      const m = routeMeans(r, op.route);
      const add: Partial<Quantities> = {
        httpApiRequest: op.count,
        lambdaRequest: op.count,
        lambdaGbSecondArm: op.count * gbSeconds(m.ms, r.memoryMB[m.fn] ?? 512),
        dynamoRead: op.count * m.readUnits,
        dynamoWrite: op.count * m.writeUnits,
      };
      for (const [k, v] of Object.entries(add) as [PriceKey, number][]) {
        year[k] += v;
        seededShare[k] = (seededShare[k] ?? 0) + v;
      }
    }
  }
  const executions = r.executions.filter((e) => e.agencyId === agencyId);
  year.stepFunctionsTransition += executions.reduce((a, e) => a + e.stateTransitions, 0);
  // One schedule firing opens the programme's first cycle of the year.
  year.schedulerInvocation += 1;
  // The exports are the Jiangsu batches'.
  for (const e of agencyId === 'jiangsu' ? r.exports : []) {
    year.s3Put += s3PutsOf(e.bytes);
    year.s3Get += 1;
    year.s3GbMonth += e.bytes / 1024 ** 3;
  }
  const failedRequests = c ? sum(c.dynamoFailed) : 0;
  const writeRequests = c
    ? Object.entries(c.dynamoByCommand)
        .filter(([k]) => !/^(Get|Query|Scan|BatchGet|TransactGet)/.test(k))
        .reduce((a, [, v]) => a + v, 0)
    : 0;
  const perCycle = Object.fromEntries(
    Object.entries(year).map(([k, v]) => [k, v / Math.max(1, cycles)]),
  ) as Quantities;
  return {
    agencyId,
    label,
    cycles,
    year,
    perCycle,
    seededShare,
    failed: {
      requests: failedRequests,
      estimatedWriteUnits: writeRequests > 0 && c ? (failedRequests * c.writeUnits) / writeRequests : 0,
    },
  } satisfies ProgrammeCost;
};

const ROWS: { key: PriceKey; label: string; digits: number }[] = [
  { key: 'httpApiRequest', label: 'API Gateway HTTP API requests', digits: 0 },
  { key: 'lambdaRequest', label: 'Lambda requests', digits: 0 },
  { key: 'lambdaGbSecondArm', label: 'Lambda GB-seconds (arm64)', digits: 1 },
  { key: 'dynamoRead', label: 'DynamoDB read request units', digits: 0 },
  { key: 'dynamoWrite', label: 'DynamoDB write request units', digits: 0 },
  { key: 'stepFunctionsTransition', label: 'Step Functions state transitions', digits: 0 },
  { key: 's3Put', label: 'S3 PUT requests (exports)', digits: 0 },
  { key: 's3Get', label: 'S3 GET requests (downloads)', digits: 0 },
  { key: 's3GbMonth', label: 'S3 GB-month (exports kept a month)', digits: 6 },
  { key: 'schedulerInvocation', label: 'EventBridge Scheduler invocations', digits: 0 },
];
const usd = (n: number) => (n === 0 ? '0' : n < 0.0001 ? n.toExponential(2) : n.toFixed(4));

/** The per-cycle and per-year tables (quantities and USD) of the programmes. */
const costTable = (programmes: readonly ProgrammeCost[], which: 'perCycle' | 'year'): string[] => {
  const head = programmes.map((p) =>
    which === 'perCycle'
      ? `${p.label} cycle`
      : `${p.label} year (${p.cycles} cycle${p.cycles > 1 ? 's' : ''})`,
  );
  const out = [
    `| item | ${head.map((h) => `${h} quantity | USD`).join(' | ')} |`,
    `|---|${programmes.map(() => '---:|---:').join('|')}|`,
  ];
  for (const row of ROWS) {
    const cells = programmes.map((p) => {
      const q = p[which][row.key];
      return `${fmt(q, row.digits)} | ${usd(q * PRICES[row.key].usd)}`;
    });
    out.push(`| ${row.label} | ${cells.join(' | ')} |`);
  }
  out.push(
    `| **total (USD, us-east-1)** | ${programmes.map((p) => `| **${usd(sum(usdOf(p[which])))}**`).join(' | ')} |`,
  );
  return out;
};

export interface CostReport {
  readonly programmes: readonly ProgrammeCost[];
  readonly idle: ProgrammeCost;
  readonly markdown: string;
  /** A few lines for the bench output. */
  readonly summary: readonly string[];
}

/** The cost model over a simulation result: docs/cost.md's text and a summary. */
export const costReport = (r: SimulationResult, generatedAt: string): CostReport => {
  const jsCycles = r.plan.jsCycles.length;
  const js = programmeCost(r, 'jiangsu', 'Jiangsu', jsCycles);
  const ls = programmeCost(r, 'lishui', 'Lishui', 1);
  const sizes = `A Jiangsu cycle: ${Math.round(r.plan.jsNominations / jsCycles)} nominations, ${Math.round(r.plan.jsTrainees / jsCycles)} trainees in ${Math.round(r.plan.jsUnits / jsCycles)} units, one disbursement batch with its CSV and XLSX exports (the year: ${jsCycles} such cycles). The Lishui cycle: ${r.plan.lsMasters} masters, ${r.plan.lsPairings} pairings in ${r.plan.lsSchools} schools, ${r.plan.lsSessionsPerPairing} face-to-face days each.`;
  const lambdaMs = Object.values(r.total.lambda).reduce((a, l) => a + l.ms, 0);
  const cpuMs = r.phases.reduce((a, ph) => a + ph.nodeCpuMs, 0);
  const cpuRatio = lambdaMs > 0 ? cpuMs / lambdaMs : Number.NaN;
  // The other agencies' cycles the schedules opened: nothing happens in them but the daily looks.
  const idleAgencies = ['guangdong', 'zhuhai', 'beijing'];
  const idleYear = zero();
  for (const a of idleAgencies) {
    const p = programmeCost(r, a, a, 1);
    for (const k of Object.keys(idleYear) as PriceKey[]) idleYear[k] += p.year[k];
  }
  const idle: ProgrammeCost = {
    agencyId: 'idle',
    label: 'An idle cycle (daily looks only)',
    cycles: idleAgencies.length,
    year: idleYear,
    perCycle: Object.fromEntries(
      Object.entries(idleYear).map(([k, v]) => [k, v / idleAgencies.length]),
    ) as Quantities,
    seededShare: {},
    failed: { requests: 0, estimatedWriteUnits: 0 },
  };
  const programmes = [js, ls];
  const lines: string[] = [];
  const add = (...l: string[]) => lines.push(...l);
  const secs = (ms: number) => fmt(ms / 1000, 1);
  add(
    '# Cost per cycle (generated by `npm run bench`)',
    '',
    `Generated ${generatedAt} from the simulated province-scale year of test/bench/simulation-child.ts (${r.sizes.nominations} nominations, ${r.sizes.pairings} pairings, ${r.sizes.trainees} trainees; ${secs(r.totalMs)} s on this machine). Regenerate with \`BENCH_ONLY=simulation npm run bench\`. The quantities are measured on the local stack; the prices are AWS list prices for **US East (N. Virginia), in USD**.`,
    '',
    '> **China regions.** The product targets the AWS China regions (Beijing cn-north-1, operated by 光环新网; Ningxia cn-northwest-1, operated by 西云数据), priced in **CNY** on their own price list (https://www.amazonaws.cn/en/pricing/). Those prices differ from the USD list and are **not** given here. The CNY cost of a cycle is the same formula, **Σ quantity × CNY unit price**, over the quantities below (the quantities do not depend on the region); it needs the China price list for each unit.',
    '',
    '## The model',
    '',
    '- **API Gateway (HTTP API)**: every request the simulation sent to the gateway (the local-only `/_local/*` clock and file-download requests excluded), plus the requests the seeded operations stand for. All bodies are under 512 KB (one metering unit each).',
    `- **Lambda**: every handler invocation (API routes, state machine tasks, the schedule's target), timed in process, × the function's configured memory from the synthesized template (infra/src/manifest.ts \`memorySize\`, else \`DEFAULT_MEMORY_MB\` = 512 of infra/src/service-function.ts): ${Object.entries(
      r.memoryMB,
    )
      .map(([fn, mb]) => `${fn} ${mb} MB`)
      .join(
        ', ',
      )}; arm64. The durations are local wall times of handlers running in one Node.js process with ${r.sizes.concurrency} concurrent clients on a shared 2-core machine against DynamoDB Local: an upper bound of what Lambda would bill (each invocation in its own sandbox, DynamoDB at single-digit ms). Init (cold start) duration, billed since August 2025, is not in them. For scale: this process spent ${fmt(cpuMs / 1000, 0)} s of CPU (gateway, handlers, SDK, the bench's own clients) for ${fmt(lambdaMs / 1000, 0)} s of summed handler time; billing the CPU time instead would divide the Lambda GB-s by ${fmt(1 / cpuRatio, 1)}.`,
    '- **DynamoDB (on-demand)**: read and write request units **as DynamoDB Local reports them**: a middleware on the one DocumentClient of the process sets `ReturnConsumedCapacity: TOTAL` on every request and adds up `ConsumedCapacity` (DynamoDB Local reports it with the index writes and the 2× of transactions; checked: a transaction of two 1 KB puts, one of them with a GSI entry, reported 6 = 2 × (1 + 1 + 1)). Failed requests (conditional checks, cancelled transactions under contention) return no ConsumedCapacity: counted, estimated below, not in the totals. Storage, backups (PITR), streams and KMS are not modelled.',
    '- **Step Functions (Standard)**: the state transitions of each cycle execution as the local Step Functions counts them (states entered plus retries: the billing unit), cross-checked against the `*StateEntered` events of its history.',
    "- **S3 (exports)**: per export file, the requests of `@aws-sdk/lib-storage`'s Upload as the funding service configures it (one PutObject up to 5 MiB, else CreateMultipartUpload + one UploadPart per 5 MiB + Complete), one GET per download, and the bytes kept for a month.",
    '- **EventBridge Scheduler**: one invocation per programme year (the schedule that opens the first cycle).',
    '- **Seeded operations** (see the bench output: parts of the year written through repositories or BatchWrite for volume): priced as the API requests they stand for, at the mean duration and DynamoDB units of the same route measured in the same run.',
    '- Not modelled: CloudWatch Logs (Lambda logs, Step Functions logging at level ALL without execution data), X-Ray traces (tracing is on; $5.00 per million traces recorded beyond the free tier, sampled), KMS requests, data transfer out, Cognito, the free tiers.',
    `- **Per cycle** = the programme year ÷ its cycles: the Jiangsu cycles of the simulation have the same size (the seed caps a year at 100 A + 100 B trainees, JS-CATEGORIES, and lets a notice change the numbers; the simulation registers version 2 of the programme, ${r.plan.jsQuotaPerYear} a category a year with 100 a cycle kept, so its ${r.plan.jsTrainees.toLocaleString('en-US')} trainees are ${r.plan.jsCycles.length} cycles of one programme-year); Lishui runs one cycle a year.`,
    '',
    '## Unit prices (USD, US East (N. Virginia))',
    '',
    `Checked ${PRICES_CHECKED}: Step Functions, Lambda, API Gateway and S3 storage against stored copies of the AWS pricing pages listed; DynamoDB on-demand (the prices in effect since the 50% reduction of 1 November 2024), S3 requests and EventBridge Scheduler against secondary sources quoting those pages — verify before relying on them. First pricing tier, no free tier.`,
    '',
    '| unit | list price | USD per unit | source |',
    '|---|---|---:|---|',
    ...Object.values(PRICES).map((p) => `| ${p.unit} | ${p.listed} | ${p.usd.toExponential(4)} | ${p.url} |`),
    '',
    '## Per cycle',
    '',
    sizes,
    '',
    ...costTable(programmes, 'perCycle'),
    '',
    '## Per programme year',
    '',
    ...costTable(programmes, 'year'),
    '',
    `An idle cycle (opened by its schedule; nothing but the daily look of its state machine all year, as the Guangdong, Zhuhai and Beijing cycles of the simulation): ${fmt(idle.perCycle.stepFunctionsTransition, 0)} state transitions, ${fmt(idle.perCycle.lambdaRequest, 0)} Lambda requests, ${fmt(idle.perCycle.lambdaGbSecondArm, 1)} GB-s, ${fmt(idle.perCycle.dynamoRead, 0)} RRU, ${fmt(idle.perCycle.dynamoWrite, 0)} WRU: **${usd(sum(usdOf(idle.perCycle)))} USD** a year.`,
    '',
    '## How much of it is priced from samples',
    '',
    '| programme | API requests | Lambda GB-s | RRU | WRU |',
    '|---|---:|---:|---:|---:|',
    ...programmes.map((p) => {
      const share = (k: PriceKey) =>
        p.year[k] > 0 ? `${fmt((100 * (p.seededShare[k] ?? 0)) / p.year[k], 0)}%` : '—';
      return `| ${p.label} | ${share('httpApiRequest')} | ${share('lambdaGbSecondArm')} | ${share('dynamoRead')} | ${share('dynamoWrite')} |`;
    }),
    '',
    'Failed DynamoDB requests (not in the totals; at the programme’s mean write units per write request they would add):',
    '',
    ...programmes.map(
      (p) =>
        `- ${p.label}: ${p.failed.requests} failed requests ≈ ${fmt(p.failed.estimatedWriteUnits, 0)} WRU = ${usd(p.failed.estimatedWriteUnits * PRICES.dynamoWrite.usd)} USD a year.`,
    ),
    '',
    '## Where the money goes (per cycle, USD)',
    '',
    '| programme | largest items |',
    '|---|---|',
    ...programmes.map((p) => {
      const u = usdOf(p.perCycle);
      const total = sum(u);
      const top = (Object.entries(u) as [PriceKey, number][])
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(
          ([k, v]) =>
            `${ROWS.find((x) => x.key === k)?.label ?? k} ${usd(v)} (${fmt((100 * v) / total, 0)}%)`,
        );
      return `| ${p.label} | ${top.join('; ')} |`;
    }),
    '',
  );
  const summary = [
    ...programmes.map(
      (p) =>
        `${p.label}: ${usd(sum(usdOf(p.perCycle)))} USD a cycle, ${usd(sum(usdOf(p.year)))} USD a programme year (${p.cycles} cycle${p.cycles > 1 ? 's' : ''}) at us-east-1 list prices`,
    ),
    `an idle cycle: ${usd(sum(usdOf(idle.perCycle)))} USD a year`,
  ];
  return { programmes, idle, markdown: `${lines.join('\n')}\n`, summary };
};
