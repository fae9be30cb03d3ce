import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../infra/src/paths';

/**
 * A province-scale programme year on the local stack's virtual clock (`npm run bench`,
 * BENCH_ONLY=simulation), run in a fresh child process (simulation-child.ts) so its peak RSS is its
 * own. The types below are what the child writes (JSON) and what cost.ts prices.
 */

export interface SimulationSizes {
  /** All nominations of the year: Lishui's masters, the rest Jiangsu's candidates. */
  readonly nominations: number;
  /** Lishui master–apprentice pairings (10 per master: LS-PAIR-CAP). */
  readonly pairings: number;
  /**
   * Jiangsu trainees: 100 A + 100 B per cycle, over ⌈trainees / 200⌉ cycles of one programme-year
   * (the seed caps a year at 100 A + 100 B, JS-CATEGORIES; the simulation registers version 2 of the
   * programme with the year raised to cycles × 100 a category).
   */
  readonly trainees: number;
  /** Concurrent API clients. */
  readonly concurrency: number;
  /** Jiangsu cycles whose per-nomination and per-trainee steps all go through the API (the others' are seeded). */
  readonly apiCycles: number;
  /** Lishui schools whose per-pairing steps go through the API (the others' are seeded). */
  readonly apiSchools: number;
  /** Lishui pairings whose 50 mentoring sessions go through the API (the others' are seeded). */
  readonly sessionSample: number;
}

/** How the sizes are laid out over cycles, units and schools. */
export interface SimulationPlan {
  readonly jsCycles: readonly {
    readonly cycleId: string;
    readonly opened: 'schedule' | 'api';
    /** Per-nomination and per-trainee steps through the API (else seeded). */
    readonly api: boolean;
    readonly nominations: number;
    readonly recommended: number;
    readonly trainees: number;
    readonly units: number;
  }[];
  /** `perYear` of A and B in the simulation's version 2 of the Jiangsu programme: cycles × 100. */
  readonly jsQuotaPerYear: number;
  readonly jsNominations: number;
  readonly jsTrainees: number;
  readonly jsUnits: number;
  readonly jsSessionsPerUnit: number;
  readonly lsCycleId: string;
  readonly lsMasters: number;
  readonly lsSchools: number;
  /** Schools whose apprentices and pairings went through the API. */
  readonly lsApiSchools: number;
  readonly lsPairings: number;
  readonly lsApiPairings: number;
  readonly lsSessionsPerPairing: number;
  readonly lsSessionsThroughApi: number;
  readonly lsSessionsSeeded: number;
}

/** Counters of one slice of the run (a phase, an agency, the whole run). */
export interface Counters {
  /** API Gateway requests (the HTTP API; `/_local/*` clock and export-download requests excluded). */
  apiRequests: number;
  apiByStatus: Record<string, number>;
  /** Local-only requests (`/_local/clock`, `/_local/exports`): no AWS counterpart, not priced. */
  localRequests: number;
  dynamoRequests: number;
  dynamoByCommand: Record<string, number>;
  /** Request units as DynamoDB Local reports them (ReturnConsumedCapacity: TOTAL). */
  readUnits: number;
  writeUnits: number;
  /** Requests that failed (condition checks, cancelled transactions): no ConsumedCapacity returned. */
  dynamoFailed: Record<string, number>;
  /** Handler invocations and their summed duration (ms) per function (`service` of the template). */
  lambda: Record<string, { invocations: number; ms: number; memoryMB: number }>;
  /**
   * Per route (`routeKey` of an API event, `<function>:<action>` of a task): invocations, handler
   * ms and the DynamoDB work done inside them; the means price the seeded operations.
   */
  routes: Record<string, RouteStat>;
}

export interface RouteStat {
  fn: string;
  invocations: number;
  ms: number;
  dynamoRequests: number;
  readUnits: number;
  writeUnits: number;
}

export interface PhaseResult extends Counters {
  readonly name: string;
  readonly programme: 'jiangsu' | 'lishui' | 'setup' | 'both';
  readonly ms: number;
  readonly clockFrom: string;
  readonly clockTo: string;
  readonly rssEndMB: number;
  /** Process peak RSS (maxRSS) at the end of the phase. */
  readonly peakRssMB: number;
  /** CPU time of this process and of DynamoDB Local's JVM during the phase (ms). */
  readonly nodeCpuMs: number;
  readonly dynamoCpuMs: number;
  /** What the phase did, and which parts were seeded instead of sent through the API. */
  readonly notes: readonly string[];
}

export interface ExecutionResult {
  readonly name: string;
  readonly stateMachine: string;
  readonly agencyId: string;
  readonly cycleId: string;
  readonly status: string;
  /** `*StateEntered` events of the execution history. */
  readonly stateEntered: number;
  /** Retries (a task scheduled again after it failed) in the history. */
  readonly retries: number;
  /** The local Step Functions' own count (states entered plus retries): the billing unit. */
  readonly stateTransitions: number;
  readonly lambdaTasks: number;
  readonly historyEvents: number;
  readonly waitsEntered: number;
}

export interface ExportResult {
  readonly batchId: string;
  readonly cycleId: string;
  readonly format: 'csv' | 'xlsx';
  readonly bytes: number;
  readonly lines: number;
}

/**
 * A seeded part of the year: the API requests it stands for (priced at the means of the same routes
 * measured in this run), and what the seeding itself did in DynamoDB (not priced).
 */
export interface SeededPart {
  readonly label: string;
  readonly agencyId: string;
  /** How it was written. */
  readonly how: string;
  readonly operations: readonly { readonly route: string; readonly count: number }[];
  readonly seedDynamoRequests: number;
  readonly seedWriteUnits: number;
  readonly seedMs: number;
}

export interface SimulationResult {
  readonly sizes: SimulationSizes;
  readonly plan: SimulationPlan;
  readonly phases: readonly PhaseResult[];
  readonly totalMs: number;
  readonly stackStartMs: number;
  readonly total: Counters;
  readonly byAgency: Record<string, Counters>;
  readonly executions: readonly ExecutionResult[];
  readonly exports: readonly ExportResult[];
  readonly seeded: readonly SeededPart[];
  readonly peakRssMB: number;
  readonly dynamoLocalPeakRssMB: number | null;
  /** Function → configured memory (MB) from the synthesized template (infra: manifest + default). */
  readonly memoryMB: Record<string, number>;
  /** Checks the run made on the product's answers (totals recomputed independently). */
  readonly checks: readonly string[];
  readonly clockStart: string;
  readonly clockEnd: string;
  /** The machine's 1-minute load average at the start and at the end, and its CPUs. */
  readonly load: { readonly start: number; readonly end: number; readonly cpus: number };
}

/** The sizes from the environment (BENCH_SIM_*), defaults: the province-scale year. */
export const simulationSizes = (env: NodeJS.ProcessEnv = process.env): SimulationSizes => ({
  nominations: Number(env.BENCH_SIM_NOMINATIONS ?? 10_000),
  pairings: Number(env.BENCH_SIM_PAIRINGS ?? 1000),
  trainees: Number(env.BENCH_SIM_TRAINEES ?? 2000),
  concurrency: Number(env.BENCH_SIM_CONCURRENCY ?? 16),
  apiCycles: Number(env.BENCH_SIM_API_CYCLES ?? 1),
  apiSchools: Number(env.BENCH_SIM_API_SCHOOLS ?? 1),
  sessionSample: Number(env.BENCH_SIM_SESSION_SAMPLE ?? 4),
});

/** Runs the simulation in a fresh child process (its progress on this process's stderr) and returns its result. */
export const measureSimulation = async (sizes: SimulationSizes): Promise<SimulationResult> => {
  const dir = mkdtempSync(join(tmpdir(), 'talent-bench-sim-'));
  const out = join(dir, 'result.json');
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'test/bench/simulation-child.ts'), out, JSON.stringify(sizes)],
      {
        cwd: repoRoot,
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN' },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const code = await new Promise<number | null>((done, reject) => {
      child.once('error', reject);
      child.once('exit', (c) => done(c));
    });
    if (code !== 0) throw new Error(`the simulation exited with code ${code} (its output is above)`);
    return JSON.parse(readFileSync(out, 'utf8')) as SimulationResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const s1 = (ms: number) => (ms / 1000).toFixed(1);
/** The date of an instant in Asia/Shanghai. */
const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const lambdaOf = (c: Counters) =>
  Object.values(c.lambda).reduce((a, l) => ({ n: a.n + l.invocations, ms: a.ms + l.ms }), { n: 0, ms: 0 });

/** The bench report's section for the simulation (Markdown lines). */
export const simulationMarkdown = (r: SimulationResult, costSummary: readonly string[]): string[] => {
  const p = r.plan;
  const out: string[] = [];
  const add = (...l: string[]) => out.push(...l);
  const apiCycles = p.jsCycles.filter((c) => c.api);
  add(
    `## Province-scale year on the virtual clock (${r.sizes.nominations} nominations, ${r.sizes.pairings} Lishui pairings, ${r.sizes.trainees} Jiangsu trainees; a fresh process, its own in-memory DynamoDB Local, ${r.sizes.concurrency} concurrent clients)`,
    '',
    `Jiangsu: ${p.jsNominations} nominations and ${p.jsTrainees} trainees over ${p.jsCycles.length} cycles of one programme-year, 2026 (the seed caps a year at 100 A + 100 B trainees, JS-CATEGORIES, and lets a notice change the numbers: on 1 January the simulation registers version 2 of the programme, POST /programmes, raising the year to ${p.jsQuotaPerYear} a category with 100 a cycle kept; js-2026 opened by its schedule, the others by POST /cycles, all on version 2), ${p.jsUnits} training units of ≤ 50, ${p.jsSessionsPerUnit} sessions each. Lishui: ${p.lsMasters} masters, ${p.lsPairings} pairings in ${p.lsSchools} schools, ${p.lsSessionsPerPairing} face-to-face days each. Virtual clock ${shanghaiDay(r.clockStart)} → ${shanghaiDay(r.clockEnd)} (Asia/Shanghai); the local stack started in ${s1(r.stackStartMs)} s (synth included). Machine: ${r.load.cpus} CPUs, 1-minute load average ${r.load.start.toFixed(1)} at the start and ${r.load.end.toFixed(1)} at the end (other work shares it: wall times and handler durations are inflated accordingly).`,
    '',
    `**Through the HTTP API**: every cycle's stage closes (the state machines draw and freeze the lists), the official lists, training units, plans, sessions, every unit's grades, the acceptance, the budget, ${p.jsCycles.length} batches (review, approval by a second officer, release) and their CSV and XLSX exports; all ${p.lsMasters} masters (nomination to registration), ${p.lsApiPairings} pairings of ${p.lsApiSchools} school(s), every school's list and its review, all ${p.lsPairings} completions and the honours; per nomination and per trainee (create, submit, assign, review, decide; enrol, instructor, attendance imports, report, score), everything in ${apiCycles.map((c) => c.cycleId).join(', ')} (${apiCycles.reduce((a, c) => a + c.nominations, 0)} nominations, ${apiCycles.reduce((a, c) => a + c.trainees, 0)} trainees); the sessions of ${p.lsSessionsThroughApi / p.lsSessionsPerPairing} pairing(s). **Seeded** (through the services' repositories or BatchWrite of the items the API writes, and priced in docs/cost.md at the means of the same routes measured here):`,
    '',
    '| seeded part | how | stands for (API requests) | seeding DynamoDB requests | seconds |',
    '|---|---|---|---:|---:|',
    ...r.seeded.map(
      (s) =>
        `| ${s.label} | ${s.how} | ${s.operations.map((o) => `${n0(o.count)} ${o.route}`).join('; ')} | ${n0(s.seedDynamoRequests)} | ${s1(s.seedMs)} |`,
    ),
    '',
    '| phase | seconds | API requests | DynamoDB requests | RRU | WRU | Lambda invocations | Lambda s | CPU s (node + DynamoDB Local) | peak RSS MB | virtual clock |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...r.phases.map((ph) => {
      const l = lambdaOf(ph);
      return `| ${ph.name} | ${s1(ph.ms)} | ${n0(ph.apiRequests)} | ${n0(ph.dynamoRequests)} | ${n0(ph.readUnits)} | ${n0(ph.writeUnits)} | ${n0(l.n)} | ${s1(l.ms)} | ${s1(ph.nodeCpuMs)} + ${s1(ph.dynamoCpuMs)} | ${ph.peakRssMB.toFixed(0)} | ${shanghaiDay(ph.clockFrom)} → ${shanghaiDay(ph.clockTo)} |`;
    }),
    (() => {
      const l = lambdaOf(r.total);
      const cpu = r.phases.reduce((a, ph) => ({ n: a.n + ph.nodeCpuMs, d: a.d + ph.dynamoCpuMs }), {
        n: 0,
        d: 0,
      });
      return `| **total** (with the stack's start) | **${s1(r.totalMs)}** | **${n0(r.total.apiRequests)}** | **${n0(r.total.dynamoRequests)}** | **${n0(r.total.readUnits)}** | **${n0(r.total.writeUnits)}** | **${n0(l.n)}** | **${s1(l.ms)}** | ${s1(cpu.n)} + ${s1(cpu.d)} | **${r.peakRssMB.toFixed(0)}** | |`;
    })(),
    '',
    `Peak RSS: this process (gateway, every handler, the state machines) ${r.peakRssMB.toFixed(0)} MB; DynamoDB Local's JVM ${r.dynamoLocalPeakRssMB === null ? 'n/a' : `${r.dynamoLocalPeakRssMB.toFixed(0)} MB`}. API answers: ${Object.entries(
      r.total.apiByStatus,
    )
      .sort()
      .map(([s, k]) => `${k} × ${s}`)
      .join(', ')}; no 5xx (a 5xx stops the run). DynamoDB requests by command: ${Object.entries(
      r.total.dynamoByCommand,
    )
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${n0(v)}`)
      .join(', ')}. Failed DynamoDB requests (conditions, contention; retried by the services): ${
      Object.entries(r.total.dynamoFailed)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }.`,
    '',
    '| cycle execution | status | state transitions (billed) | *StateEntered events | retries | Lambda tasks | Wait states (daily looks) |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...[...r.executions]
      .sort((a, b) => a.cycleId.localeCompare(b.cycleId))
      .map(
        (e) =>
          `| ${e.cycleId} (${e.stateMachine.replace(/^talent-[a-z]+-/, '')}) | ${e.status} | ${n0(e.stateTransitions)} | ${n0(e.stateEntered)} | ${e.retries} | ${n0(e.lambdaTasks)} | ${n0(e.waitsEntered)} |`,
      ),
    '',
    'Guangdong, Zhuhai and Beijing: the cycles their schedules opened, idle all year (nothing but the daily look).',
    '',
    'Checks on the answers (recomputed from the bench’s own records):',
    '',
    ...r.checks.map((c) => `- ${c}`),
    '',
    'Cost (docs/cost.md):',
    '',
    ...costSummary.map((c) => `- ${c}`),
    '',
  );
  return out;
};
