/**
 * The province-scale year of `npm run bench` (BENCH_ONLY=simulation), in a process of its own
 * (simulation.ts spawns it: `simulation-child.ts <result.json> <sizes JSON>`).
 *
 * A local stack (startLocalStack: the real handlers in process behind the HTTP gateway, the
 * synthesized state machines and schedules on the virtual clock) on its own in-memory DynamoDB
 * Local, through one virtual year from 1 January 2026.
 *
 * Jiangsu (JS). The seed caps a YEAR at 100 A + 100 B trainees (JS-CATEGORIES: "每年每类培养不超过100名";
 * "人选数量如有变化，另行通知"), so on 1 January, before the schedule fires, the Jiangsu admin registers
 * version 2 of the programme (`POST /programmes`: version 1 as `GET …/versions/1` shows it, A and B
 * at `perCycle: 100`, `perYear: cycles × 100`) — the province's notice raising the year's numbers,
 * 100 a cycle kept. The schedule opens js-2026 on 2 January; the other cycles of the year are opened
 * by `POST /cycles`, all on version 2 (checked: `programmeVersion` of every cycle): the trainees are
 * ⌈trainees / 200⌉ cycles of one programme-year (2,000 trainees: 10 cycles, 1,000 a category), 30%
 * more recommended than the quota lists. Through the API for every cycle: the stage closes (the state machine draws the list over every candidate and
 * freezes it), the official lists read back, training units, plans and sessions, the enrolment of
 * every trainee, each unit's grades, the acceptance, the budget, one disbursement batch per cycle
 * (draft → review → approve by a second officer → release) and its CSV and XLSX exports. Through the
 * API for the first `apiCycles` cycles only: each nomination's create, submit, assignment, review
 * and decision, and each trainee's instructor, attendance (CSV imports, one a session), research
 * report and score. SEEDED for the other cycles: the nominations in their decided state through
 * `DynamoNominationRepository.create` (nomination, person claim, one audit record) plus the review
 * item (BatchWrite); the trainees' instructor, attendance, report and score as one Update of the
 * trainee item plus BatchWrite of the attendance and report items.
 *
 * Lishui (LS). The schedule opens ls-2026 on 1 September; every master is nominated, reviewed,
 * decided and registered through the API; the master list freezes at the 31 October deadline. The
 * apprentices and pairings (proposal, acceptance, agreements, activation) of the first `apiSchools`
 * schools go through the API; those of the other schools are SEEDED (BatchWrite of copies of an
 * API-made pairing's items with new ids, the masters' and schools' counters). Every school's list is
 * submitted and reviewed through the API. Of the 50 mentoring sessions each pairing needs
 * (LS-MENTOR-DAYS), those of `sessionSample` pairings go through the API, the others are SEEDED
 * (BatchWrite of the session and day-counter items, one Update of the pairing's totals). Every
 * completion and the honours go through the API.
 *
 * Every seeded part is recorded with the API requests it stands for; cost.ts prices them at the
 * means of the same routes measured in this run. Measured: wall time per phase, process RSS
 * (sampled, and maxRSS) and DynamoDB Local's peak RSS, CPU of both, API requests (client side),
 * every DynamoDB request of the process (a middleware on the shared DocumentClient adds
 * ReturnConsumedCapacity: TOTAL and adds up what DynamoDB Local reports), each handler invocation's
 * duration (the in-process Lambda runtime wrapped), and each execution's history from the local Step
 * Functions. An AsyncLocalStorage tag carries the agency and the route of each invocation to the
 * DynamoDB middleware. A 5xx, or a cycle that does not move on, stops the run with the request and
 * the answer (DEFECT).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName, personFingerprint, tenantKey } from '@talent/data';
import { addDays, maskResidentId, newId } from '@talent/kernel';
import { type LocalStack, startDynamoDbLocal, startLocalStack } from '@talent/local';
import { residentIdFor } from '../support/people';
import { eligibleResidentId } from '../support/samples';
import type {
  Counters,
  ExecutionResult,
  ExportResult,
  PhaseResult,
  SeededPart,
  SimulationPlan,
  SimulationResult,
  SimulationSizes,
} from './simulation';

const [outFile, sizesJson] = process.argv.slice(2) as [string, string];
const sizes = JSON.parse(sizesJson) as SimulationSizes;
const CLOCK_START = '2026-01-01T00:00:00+08:00';
const YEAR = 2026;
const JS_PROGRAMME = 'jiangsu-excellent-technicians';
const LS_PROGRAMME = 'lishui-masters';
/**
 * JS-CATEGORIES: at most 100 a category in a year (the seed). The simulation's version 2 of the
 * programme (the notice "人选数量如有变化，另行通知") keeps 100 a category in a cycle and raises the year
 * to `plan.jsQuotaPerYear` (cycles × 100).
 */
const JS_QUOTA = 100;
/** Trainees of one training unit (one atomic grading holds at most 95). */
const JS_TRAINEES_PER_UNIT = 50;
const JS_SESSIONS = 10;
const JS_REVIEWERS = 20;
/** LS-PAIR-CAP: at most 10 apprentices of a master in one study stage. */
const LS_APPRENTICES_PER_MASTER = 10;
/** LS-GOAL: about 10 masters per college. */
const LS_MASTERS_PER_SCHOOL = 10;
/** LS-MENTOR-DAYS: at least 50 face-to-face days. */
const LS_SESSIONS = 50;
const pad = (n: number, w = 3) => String(n).padStart(w, '0');
const log = (line: string) => process.stderr.write(`[simulation] ${line}\n`);

// ——— the plan ———

const plan = ((): SimulationPlan => {
  const lsPairings = Math.max(1, sizes.pairings);
  const lsMasters = Math.ceil(lsPairings / LS_APPRENTICES_PER_MASTER);
  const lsSchools = Math.ceil(lsMasters / LS_MASTERS_PER_SCHOOL);
  const lsApiSchools = Math.min(lsSchools, Math.max(1, sizes.apiSchools));
  const lsApiPairings = Math.min(
    lsPairings,
    lsApiSchools * LS_MASTERS_PER_SCHOOL * LS_APPRENTICES_PER_MASTER,
  );
  const jsTrainees = Math.max(2, sizes.trainees);
  const cycles = Math.ceil(jsTrainees / (2 * JS_QUOTA));
  const jsNominations = Math.max(jsTrainees, sizes.nominations - lsMasters);
  const jsCycles = Array.from({ length: cycles }, (_, k) => {
    const trainees = Math.floor(jsTrainees / cycles) + (k < jsTrainees % cycles ? 1 : 0);
    const nominations = Math.floor(jsNominations / cycles) + (k < jsNominations % cycles ? 1 : 0);
    // A full cycle: 30% more are recommended than the quota lets the draw list.
    const recommended = Math.min(
      nominations,
      trainees >= 2 * JS_QUOTA ? Math.round(trainees * 1.3) : trainees,
    );
    return {
      cycleId: k === 0 ? `js-${YEAR}` : `js-${YEAR}-r${pad(k + 1, 2)}`,
      opened: k === 0 ? ('schedule' as const) : ('api' as const),
      api: k < Math.max(1, sizes.apiCycles),
      nominations,
      recommended,
      trainees,
      units: Math.ceil(trainees / JS_TRAINEES_PER_UNIT),
    };
  });
  const sample = Math.min(lsApiPairings, Math.max(1, sizes.sessionSample));
  return {
    jsCycles,
    // ⌈trainees / 2⌉ a category, rounded up to what the cycles need: cycles × 100.
    jsQuotaPerYear: cycles * JS_QUOTA,
    jsNominations,
    jsTrainees,
    jsUnits: jsCycles.reduce((a, c) => a + c.units, 0),
    jsSessionsPerUnit: JS_SESSIONS,
    lsCycleId: `ls-${YEAR}`,
    lsMasters,
    lsSchools,
    lsApiSchools,
    lsPairings,
    lsApiPairings,
    lsSessionsPerPairing: LS_SESSIONS,
    lsSessionsThroughApi: sample * LS_SESSIONS,
    lsSessionsSeeded: (lsPairings - sample) * LS_SESSIONS,
  };
})();

// ——— counters, tagged by agency and route ———

const newCounters = (): Counters => ({
  apiRequests: 0,
  apiByStatus: {},
  localRequests: 0,
  dynamoRequests: 0,
  dynamoByCommand: {},
  readUnits: 0,
  writeUnits: 0,
  dynamoFailed: {},
  lambda: {},
  routes: {},
});
const inc = (m: Record<string, number>, k: string, by = 1) => {
  m[k] = (m[k] ?? 0) + by;
};
const total = newCounters();
const byAgency: Record<string, Counters> = {};
const agencyCounters = (agency: string): Counters => {
  const c = byAgency[agency] ?? newCounters();
  byAgency[agency] = c;
  return c;
};
const both = (agency: string, f: (c: Counters) => void) => {
  f(total);
  f(agencyCounters(agency));
};
const routeStat = (c: Counters, route: string, fn: string) => {
  const r = c.routes[route] ?? { fn, invocations: 0, ms: 0, dynamoRequests: 0, readUnits: 0, writeUnits: 0 };
  c.routes[route] = r;
  return r;
};
const copy = (c: Counters): Counters => JSON.parse(JSON.stringify(c)) as Counters;
const diffRecord = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(a)
      .map(([k, v]) => [k, v - (b[k] ?? 0)] as const)
      .filter(([, v]) => v !== 0),
  );
const diff = (a: Counters, b: Counters): Counters => ({
  apiRequests: a.apiRequests - b.apiRequests,
  apiByStatus: diffRecord(a.apiByStatus, b.apiByStatus),
  localRequests: a.localRequests - b.localRequests,
  dynamoRequests: a.dynamoRequests - b.dynamoRequests,
  dynamoByCommand: diffRecord(a.dynamoByCommand, b.dynamoByCommand),
  readUnits: a.readUnits - b.readUnits,
  writeUnits: a.writeUnits - b.writeUnits,
  dynamoFailed: diffRecord(a.dynamoFailed, b.dynamoFailed),
  lambda: Object.fromEntries(
    Object.entries(a.lambda)
      .map(([k, v]) => {
        const before = b.lambda[k];
        const invocations = v.invocations - (before?.invocations ?? 0);
        return [k, { invocations, ms: v.ms - (before?.ms ?? 0), memoryMB: v.memoryMB }] as const;
      })
      .filter(([, v]) => v.invocations > 0),
  ),
  routes: Object.fromEntries(
    Object.entries(a.routes)
      .map(([k, v]) => {
        const o = b.routes[k];
        return [
          k,
          {
            fn: v.fn,
            invocations: v.invocations - (o?.invocations ?? 0),
            ms: v.ms - (o?.ms ?? 0),
            dynamoRequests: v.dynamoRequests - (o?.dynamoRequests ?? 0),
            readUnits: v.readUnits - (o?.readUnits ?? 0),
            writeUnits: v.writeUnits - (o?.writeUnits ?? 0),
          },
        ] as const;
      })
      .filter(([, v]) => v.invocations > 0 || v.dynamoRequests > 0),
  ),
});

/** Who a DynamoDB request works for: the agency, and the route (or seeding step) it serves. */
interface Tag {
  readonly agency: string;
  readonly route: string;
  readonly fn: string;
}
const tags = new AsyncLocalStorage<Tag>();
const tagOf = (fn: { service: string }, event: unknown): Tag => {
  const e = event as {
    agencyId?: unknown;
    action?: unknown;
    routeKey?: unknown;
    requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
    pathParameters?: Record<string, unknown>;
  };
  const claim = e?.requestContext?.authorizer?.jwt?.claims?.['custom:agency'];
  const agency =
    typeof claim === 'string'
      ? claim
      : typeof e?.agencyId === 'string'
        ? e.agencyId
        : typeof e?.pathParameters?.agencyId === 'string'
          ? e.pathParameters.agencyId
          : 'unknown';
  const route =
    typeof e?.routeKey === 'string'
      ? e.routeKey
      : `${fn.service}:${typeof e?.action === 'string' ? e.action : 'invoke'}`;
  return { agency, route, fn: fn.service };
};

const CAPACITY_COMMANDS = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
  'GetCommand',
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'BatchGetCommand',
  'BatchWriteCommand',
  'TransactGetCommand',
  'TransactWriteCommand',
]);
const READ_COMMAND = /^(Get|Query|Scan|BatchGet|TransactGet)/;
type Capacity = { CapacityUnits?: number };

/**
 * Every DynamoDB request of the process goes through the one DocumentClient of @talent/data (the
 * handlers run in process): ask for the consumed capacity and add it up by tag.
 */
const instrumentDynamo = () => {
  getDocumentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown');
      const input = args.input as Record<string, unknown>;
      if (CAPACITY_COMMANDS.has(name) && input.ReturnConsumedCapacity === undefined)
        input.ReturnConsumedCapacity = 'TOTAL';
      const tag = tags.getStore() ?? { agency: 'untagged', route: 'untagged', fn: 'none' };
      const short = name.replace(/Command$/, '');
      both(tag.agency, (c) => {
        c.dynamoRequests += 1;
        inc(c.dynamoByCommand, short);
        routeStat(c, tag.route, tag.fn).dynamoRequests += 1;
      });
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
        const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
          (a, cc) => a + (cc.CapacityUnits ?? 0),
          0,
        );
        const read = READ_COMMAND.test(short);
        both(tag.agency, (c) => {
          const r = routeStat(c, tag.route, tag.fn);
          if (read) {
            c.readUnits += units;
            r.readUnits += units;
          } else {
            c.writeUnits += units;
            r.writeUnits += units;
          }
        });
        return result;
      } catch (error) {
        both(tag.agency, (c) => inc(c.dynamoFailed, `${short}:${(error as Error).name}`));
        throw error;
      }
    },
    { step: 'initialize', name: 'benchSimulationCapacity' },
  );
};

const memoryMB: Record<string, number> = {};
const recordLambda = (fn: { service: string; memorySize: number }, tag: Tag, ms: number) => {
  memoryMB[fn.service] = fn.memorySize;
  both(tag.agency, (c) => {
    const l = c.lambda[fn.service] ?? { invocations: 0, ms: 0, memoryMB: fn.memorySize };
    c.lambda[fn.service] = l;
    l.invocations += 1;
    l.ms += ms;
    const r = routeStat(c, tag.route, fn.service);
    r.invocations += 1;
    r.ms += ms;
  });
};

/**
 * Times every handler invocation of the stack's one Lambda runtime: the gateway's (it loads the
 * handler per request) and the state machines' and schedules' (`invoke`). Module import (cold
 * start) is outside the timing.
 */
const instrumentRuntime = (stack: LocalStack) => {
  const runtime = stack.gateway.runtime;
  const load = runtime.load.bind(runtime);
  const invoke = runtime.invoke.bind(runtime);
  runtime.load = async (fn) => {
    const handler = await load(fn);
    return (event, context) => {
      const tag = tagOf(fn, event);
      return tags.run(tag, async () => {
        const t = performance.now();
        try {
          return await handler(event, context);
        } finally {
          recordLambda(fn, tag, performance.now() - t);
        }
      });
    };
  };
  runtime.invoke = async (fn, event) => {
    await load(fn).catch(() => undefined);
    const tag = tagOf(fn, event);
    return tags.run(tag, async () => {
      const t = performance.now();
      try {
        return await invoke(fn, event);
      } finally {
        recordLambda(fn, tag, performance.now() - t);
      }
    });
  };
};

// ——— RSS and CPU ———

let rssPeakSampled = 0;
const sampleRss = () => {
  rssPeakSampled = Math.max(rssPeakSampled, process.memoryUsage().rss);
};
setInterval(sampleRss, 250).unref();
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;
let dynamoPid = 0;
/** Peak RSS of another process (Linux /proc VmHWM), MB. */
const peakRssOf = (pid: number): number | null => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
};
/** CPU time (ms) of another process so far (Linux /proc stat: utime + stime at 100 ticks a second). */
const cpuMsOf = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
};
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// ——— the HTTP client ———

class DefectError extends Error {}

interface Caller {
  readonly agency: string;
  readonly token: string;
}

let stack: LocalStack | undefined;
const url = () => (stack as LocalStack).url;
const checks: string[] = [];

/**
 * One API request. `expect` lists the statuses the step needs (another 4xx fails the run with the
 * answer); a 5xx is a product defect and always fails it.
 */
const call = async (
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  who: Caller,
  body?: unknown,
  options: { expect?: readonly number[]; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any }> => {
  const r = await fetch(`${url()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${who.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  both(who.agency, (c) => {
    c.apiRequests += 1;
    inc(c.apiByStatus, String(r.status));
  });
  if (r.status >= 500)
    throw new DefectError(
      `DEFECT: ${method} ${path} answered ${r.status}: ${text.slice(0, 800)}\nrequest body (first 800 characters): ${JSON.stringify(body)?.slice(0, 800)}`,
    );
  const expected = options.expect ?? (method === 'POST' ? [201, 200] : [200]);
  if (!expected.includes(r.status))
    throw new Error(
      `${method} ${path} answered ${r.status}, expected ${expected.join('/')}: ${text.slice(0, 1500)}`,
    );
  return { status: r.status, body: text.startsWith('{') ? JSON.parse(text) : text };
};

const local = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
  const r = await fetch(`${url()}${path}`, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  total.localRequests += 1;
  const text = await r.text();
  if (r.status !== 200) throw new DefectError(`DEFECT: ${method} ${path} answered ${r.status}: ${text}`);
  return JSON.parse(text) as { now: string };
};
const clockNow = async () => (await local('GET', '/_local/clock')).now;
const advanceTo = (to: string) => local('POST', '/_local/clock', { to });
const advance = (duration: string) => local('POST', '/_local/clock', { advance: duration });
const today = async () => new Date(Date.parse(await clockNow()) + 8 * 3600_000).toISOString().slice(0, 10);

/** Runs `task(i)` for i in [0, n) with `width` workers; the first error stops the others. */
const parallel = async (n: number, width: number, task: (i: number) => Promise<void>) => {
  let next = 0;
  let failed: unknown;
  await Promise.all(
    Array.from({ length: Math.max(0, Math.min(width, n)) }, async () => {
      while (failed === undefined) {
        const i = next++;
        if (i >= n) return;
        try {
          await task(i);
        } catch (error) {
          failed ??= error;
        }
      }
    }),
  );
  if (failed !== undefined) throw failed;
};
const C = Math.max(1, sizes.concurrency);

/** Pages of a list route (`items`, `nextCursor`) until the end. */
const readPages = async <T>(path: string, who: Caller, key = 'items'): Promise<T[]> => {
  const out: T[] = [];
  let cursor: string | null | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await call(
      'GET',
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      who,
    );
    out.push(...(page.body[key] as T[]));
    cursor = page.body.nextCursor;
  } while (cursor);
  return out;
};

// ——— seeding ———

const seeded: SeededPart[] = [];
/** BatchWrite of items (25 a request, unprocessed ones again), tagged as seeding for `agency`. */
const batchWrite = async (items: readonly Record<string, unknown>[]) => {
  const client = getDocumentClient();
  await parallel(Math.ceil(items.length / 25), C, async (g) => {
    let requests = items.slice(g * 25, g * 25 + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [mainTableName()]: requests } }));
      requests = (out.UnprocessedItems?.[mainTableName()] ?? []) as typeof requests;
    }
  });
};
/** Runs a seeding step under its own tag and records what it stands for. */
const seed = async (
  part: Omit<SeededPart, 'seedDynamoRequests' | 'seedWriteUnits' | 'seedMs'>,
  work: () => Promise<void>,
) => {
  const agency = `${part.agencyId}-seed`;
  const before = copy(agencyCounters(agency));
  const t = performance.now();
  await tags.run({ agency, route: `seed:${part.label}`, fn: 'none' }, work);
  const d = diff(agencyCounters(agency), before);
  seeded.push({
    ...part,
    seedDynamoRequests: d.dynamoRequests,
    seedWriteUnits: d.writeUnits,
    seedMs: performance.now() - t,
  });
};

// ——— phases ———

const phases: PhaseResult[] = [];
const phase = async (
  name: string,
  programme: PhaseResult['programme'],
  notes: string[],
  work: () => Promise<void>,
) => {
  const before = copy(total);
  const clockFrom = await clockNow();
  const cpu0 = ownCpuMs();
  const jvm0 = cpuMsOf(dynamoPid);
  const t = performance.now();
  log(`${name} …`);
  await work();
  const ms = performance.now() - t;
  const nodeCpuMs = ownCpuMs() - cpu0;
  const dynamoCpuMs = cpuMsOf(dynamoPid) - jvm0;
  sampleRss();
  const clockTo = await clockNow();
  const counters = diff(total, before);
  phases.push({
    name,
    programme,
    ms,
    clockFrom,
    clockTo,
    rssEndMB: process.memoryUsage().rss / 1024 / 1024,
    peakRssMB: maxRssMB(),
    nodeCpuMs,
    dynamoCpuMs,
    notes,
    ...counters,
  });
  const fnMeans = Object.entries(counters.lambda)
    .map(([fn, l]) => `${fn} ${l.invocations}×${(l.ms / l.invocations).toFixed(0)} ms`)
    .join(', ');
  log(
    `${name}: ${(ms / 1000).toFixed(1)} s, ${counters.apiRequests} API requests, ${counters.dynamoRequests} DynamoDB requests (${counters.readUnits.toFixed(0)} RRU, ${counters.writeUnits.toFixed(0)} WRU), handlers ${fnMeans || 'none'}, CPU node ${(nodeCpuMs / 1000).toFixed(1)} s + DynamoDB Local ${(dynamoCpuMs / 1000).toFixed(1)} s, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`,
  );
};

// ——— the year ———

const started = performance.now();
const loadAtStart = loadavg()[0] ?? Number.NaN;
// A long run: the JVM's defaults (C2 compiler), not the fast-start options of the tests.
const dynamo = await startDynamoDbLocal({ inMemory: true, javaOptions: [] });
dynamoPid = dynamo.pid;
try {
  const t0 = performance.now();
  const st = await startLocalStack({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    inMemory: true,
    dataDir: mkdtempSync(join(tmpdir(), 'talent-bench-sim-stack-')),
    quiet: true,
    logRequests: false,
    clockStart: CLOCK_START,
  });
  stack = st;
  const stackStartMs = performance.now() - t0;
  instrumentDynamo();
  instrumentRuntime(st);
  const token = async (agency: string, roles: string[], user: string, unit?: string): Promise<Caller> => ({
    agency,
    token: await st.issueToken({ agency, roles, user, ...(unit ? { unit } : {}) }),
  });
  const js = {
    admin: await token('jiangsu', ['admin'], 'js-admin'),
    finance1: await token('jiangsu', ['finance'], 'js-finance-1'),
    finance2: await token('jiangsu', ['finance'], 'js-finance-2'),
    expert: await token('jiangsu', ['reviewer'], 'js-report-expert'),
  };
  const ls = { admin: await token('lishui', ['admin'], 'ls-admin') };
  const reviewerId = (r: number) => `js-expert-${pad(r, 2)}`;
  const jsReviewers: Caller[] = [];
  for (let r = 0; r < JS_REVIEWERS; r++)
    jsReviewers.push(await token('jiangsu', ['reviewer'], reviewerId(r)));
  const lsReviewer = await token('lishui', ['reviewer'], 'ls-expert-01');
  const JS = asAgencyId('jiangsu');
  const LS = asAgencyId('lishui');

  const cycleOf = async (who: Caller, cycleId: string) =>
    (await call('GET', `/cycles/${cycleId}`, who)).body as {
      currentStageId?: string;
      status: string;
      failure?: unknown;
      programmeVersion?: number;
    };
  const expectStage = async (who: Caller, cycleId: string, stageId: string) => {
    const c = await cycleOf(who, cycleId);
    const at = c.status === 'completed' ? 'completed' : c.currentStageId;
    if (at !== stageId)
      throw new DefectError(
        `DEFECT (stuck cycle?): ${cycleId} is at ${at} (status ${c.status}${c.failure ? `, failure ${JSON.stringify(c.failure)}` : ''}), expected ${stageId}`,
      );
    return c;
  };
  const closeStage = (who: Caller, cycleId: string, stageId: string) =>
    call(
      'POST',
      `/cycles/${cycleId}/stages/${stageId}/close`,
      who,
      { reason: '本阶段工作已完成' },
      { expect: [200] },
    );

  // ——— Jiangsu ———
  type JsNomination = {
    id: string;
    category: 'A' | 'B';
    recommend: boolean;
    score: number;
    residentId: string;
    unitId: string;
  };
  const jsNominations = new Map<string, JsNomination[]>();
  const official = new Map<string, { nominationId: string; category: string }[]>();
  const jsTrainees = new Map<
    string,
    { traineeId: string; unitId: string; category: string; low: boolean }[]
  >();
  const jsUnitsOf = (cycleId: string) => {
    const c = plan.jsCycles.find((x) => x.cycleId === cycleId);
    return Array.from(
      { length: c?.units ?? 0 },
      (_, u) => `js-tu-${cycleId.replace(/^js-/, '')}-${pad(u + 1, 2)}`,
    );
  };
  const apiCycles = plan.jsCycles.filter((c) => c.api);
  const seededCycles = plan.jsCycles.filter((c) => !c.api);
  const basisOf = (category: 'A' | 'B') =>
    category === 'A' ? '苏办发〔2019〕20号 高技能领军人才' : '苏人社发〔2022〕101号 企业首席技师';
  // Who is nominated, and how they are reviewed (the same for the API and the seeded cycles).
  for (const c of plan.jsCycles) {
    const perCategory = { A: Math.ceil(c.recommended / 2), B: Math.floor(c.recommended / 2) };
    const seen = { A: 0, B: 0 };
    jsNominations.set(
      c.cycleId,
      Array.from({ length: c.nominations }, (_, i) => {
        const category: 'A' | 'B' = i % 2 === 0 ? 'A' : 'B';
        const k = seen[category]++;
        const recommend = k < perCategory[category];
        // Recommended ones score 80–99.9, the others 40–69.9 (one decimal).
        const score = recommend ? 80 + ((k * 37) % 200) / 10 : 40 + ((k * 53) % 300) / 10;
        return {
          id: '',
          category,
          recommend,
          score,
          residentId: eligibleResidentId(),
          unitId: `js-emp-${pad(i % 200)}`,
        };
      }),
    );
  }

  /**
   * The province's notice ("人选数量如有变化，另行通知"): version 2 of the programme, version 1 as the API
   * shows it with A and B at 100 a cycle and `plan.jsQuotaPerYear` a year. The view adds compiled
   * parts (programmeId, builtIn, targets; a category's ruleIds, attributesSchema, quotaPerCycle,
   * quotaPerYear) the strict definition schema refuses, and has no `agencyIds`: the body takes the
   * definition's fields only (programmeDefinitionSchema, packages/catalogue/src/definition.ts).
   */
  const DEFINITION_FIELDS = [
    'nameZh',
    'nameEn',
    'issuersZh',
    'effectiveFrom',
    'source',
    'awards',
    'calendar',
    'funding',
    'grading',
    'forms',
    'sanctions',
    'milestones',
    'rules',
  ];
  const CATEGORY_FIELDS = ['id', 'nameZh', 'nameEn', 'nomineeKind', 'fields', 'quota', 'descriptionZh'];
  const pick = (o: Record<string, unknown>, keys: readonly string[]) =>
    Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  const registerJsVersion2 = async () => {
    const v1 = (await call('GET', `/programmes/${JS_PROGRAMME}/versions/1`, js.admin)).body as {
      programmeId: string;
      version: number;
      builtIn: boolean;
      categories: ({ id: string; quota?: Record<string, unknown> } & Record<string, unknown>)[];
    } & Record<string, unknown>;
    if (v1.programmeId !== JS_PROGRAMME || v1.version !== 1 || v1.builtIn !== true)
      throw new DefectError(
        `DEFECT: GET /programmes/${JS_PROGRAMME}/versions/1 shows ${v1.programmeId} version ${v1.version}, builtIn ${v1.builtIn}`,
      );
    const body = {
      id: JS_PROGRAMME,
      version: 2,
      agencyIds: ['jiangsu'],
      ...pick(v1, DEFINITION_FIELDS),
      categories: v1.categories.map((c) => {
        const category = pick(c, CATEGORY_FIELDS);
        return c.id === 'A' || c.id === 'B'
          ? {
              ...category,
              quota: { ...c.quota, perCycle: JS_QUOTA, perYear: plan.jsQuotaPerYear, approximate: false },
            }
          : category;
      }),
    };
    const r = await call('POST', '/programmes', js.admin, body, {
      expect: [200, 201, 400, 403, 404, 409, 422],
    });
    if (r.status !== 201 || r.body.version !== 2)
      throw new DefectError(
        `DEFECT: POST /programmes (${JS_PROGRAMME} version 2) answered ${r.status}, version ${r.body?.version}, expected 201 and version 2: ${JSON.stringify(r.body).slice(0, 1500)}`,
      );
    const shown = (r.body.categories as { id: string; quota?: { perCycle?: number; perYear?: number } }[])
      .filter((c) => c.id === 'A' || c.id === 'B')
      .map((c) => c.quota);
    if (
      shown.length !== 2 ||
      shown.some(
        (q) => q?.perCycle !== JS_QUOTA || (q.perYear !== undefined && q.perYear !== plan.jsQuotaPerYear),
      )
    )
      throw new DefectError(
        `DEFECT: version 2 of ${JS_PROGRAMME} shows the quotas ${JSON.stringify(shown)}, registered ${JS_QUOTA} a cycle and ${plan.jsQuotaPerYear} a year`,
      );
    return shown.every((q) => q?.perYear === plan.jsQuotaPerYear);
  };

  await phase(
    'JS programme version 2 registered, cycles opened, reviewers registered',
    'jiangsu',
    [
      `1 January, before the schedule fires: GET /programmes/${JS_PROGRAMME}/versions/1 and POST /programmes of version 2 (the notice "人选数量如有变化，另行通知": A and B at ${JS_QUOTA} a cycle, ${plan.jsQuotaPerYear} a year; the seed's JS-CATEGORIES caps a year at 100 A + 100 B)`,
      `js-${YEAR} opened by its schedule on 2 January; ${plan.jsCycles.length - 1} more by POST /cycles: ${plan.jsCycles.length} cycles of one programme-year, each on version 2; ${JS_REVIEWERS} experts registered (POST /reviewers)`,
    ],
    async () => {
      const perYearShown = await registerJsVersion2();
      await advanceTo(`${YEAR}-01-02T09:00:00+08:00`);
      for (const c of plan.jsCycles.filter((x) => x.opened === 'api')) {
        await call('POST', '/cycles', js.admin, {
          cycleId: c.cycleId,
          programmeId: JS_PROGRAMME,
          year: YEAR,
          selectionDate: `${YEAR}-01-02`,
        });
      }
      // The new executions run their first tasks; the clock answers once they wait on it.
      await advance('PT1M');
      for (const c of plan.jsCycles) {
        const opened = await expectStage(js.admin, c.cycleId, 'nomination');
        if (opened.programmeVersion !== 2)
          throw new DefectError(
            `DEFECT: ${c.cycleId} reports programmeVersion ${opened.programmeVersion}, expected 2 (registered before it opened)`,
          );
      }
      checks.push(
        `JS programme: version 2 registered (201) before the schedule fired, A and B at ${JS_QUOTA} a cycle and ${plan.jsQuotaPerYear} a year${perYearShown ? '' : ' (the registration answer does not show perYear)'}; all ${plan.jsCycles.length} cycles report programmeVersion 2`,
      );
      for (let r = 0; r < JS_REVIEWERS; r++)
        await call('POST', '/reviewers', js.admin, { reviewerId: reviewerId(r), name: '陈专家' });
    },
  );

  const apiNominations = apiCycles.reduce((a, c) => a + c.nominations, 0);
  await phase(
    'JS nominations through the API: create, submit, assign, review, decide',
    'jiangsu',
    [
      `${apiNominations} nominations of ${apiCycles.map((c) => c.cycleId).join(', ')}: POST /nominations, POST …/submit, POST …/assignments (one of ${JS_REVIEWERS} experts), POST …/reviews (that expert), POST …/decision`,
    ],
    async () => {
      const work = apiCycles.flatMap((c) => jsNominations.get(c.cycleId)!.map((n, i) => ({ c, n, i })));
      await parallel(work.length, C, async (w) => {
        const { c, n, i } = work[w]!;
        const created = await call('POST', '/nominations', js.admin, {
          programmeId: JS_PROGRAMME,
          cycleId: c.cycleId,
          category: n.category,
          unitId: `js-emp-${pad(i % 200)}`,
          nominee: {
            name: '王小明',
            residentId: n.residentId,
            phone: '13812345678',
            employer: '江苏某装备制造有限公司',
            occupation: '数控车工',
            skillLevel: '高级技师',
          },
          attributes: { basis: basisOf(n.category), receivedChiefTechnicianSubsidy: false },
        });
        n.id = created.body.nominationId as string;
        await call('POST', `/nominations/${n.id}/submit`, js.admin, undefined, { expect: [200] });
        const r = w % JS_REVIEWERS;
        await call(
          'POST',
          `/nominations/${n.id}/assignments`,
          js.admin,
          { reviewerIds: [reviewerId(r)] },
          { expect: [200] },
        );
        await call('POST', `/nominations/${n.id}/reviews`, jsReviewers[r]!, {
          score: n.score,
          qualificationPassed: true,
          recommendation: n.recommend ? 'recommend' : 'not-recommend',
          comment: n.recommend ? '符合条件，业绩突出' : '业绩一般',
        });
        await call(
          'POST',
          `/nominations/${n.id}/decision`,
          js.admin,
          {
            outcome: n.recommend ? 'recommend' : 'not-recommend',
            reasons: n.recommend ? '推荐' : '不推荐',
          },
          { expect: [200] },
        );
      });
    },
  );

  if (seededCycles.length > 0) {
    const count = seededCycles.reduce((a, c) => a + c.nominations, 0);
    await phase(
      'JS nominations seeded (decided) for the other cycles',
      'jiangsu',
      [
        `SEEDED: ${count} nominations of ${seededCycles.length} cycles in their decided state (recommended / not-recommended, one review, the decision): BatchWrite of the items DynamoNominationRepository writes (the nomination with its GSI1/GSI2 keys, the person claim) and of the review item, copies of a decided nomination the API made; no audit records`,
      ],
      async () => {
        const client = getDocumentClient();
        const first = jsNominations.get(apiCycles[0]!.cycleId)!;
        // The templates: decided nominations the API made (both outcomes), as stored.
        const templateOf = async (recommend: boolean) => {
          const n = first.find((x) => x.recommend === recommend) ?? first[0]!;
          const out = await client.send(
            new GetCommand({
              TableName: mainTableName(),
              Key: { PK: tenantKey(JS, 'NOM', n.id), SK: 'NOMINATION' },
              ConsistentRead: true,
            }),
          );
          if (!out.Item) throw new Error(`template nomination ${n.id} not found`);
          return out.Item as Record<string, any>;
        };
        const templates = { true: await templateOf(true), false: await templateOf(false) };
        const at = new Date(Date.parse(await clockNow())).toISOString();
        await seed(
          {
            label: 'JS nominations of the seeded cycles',
            agencyId: 'jiangsu',
            how: 'BatchWrite of the nomination, person-claim and review items the API writes (copies of a decided nomination)',
            operations: [
              'POST /nominations',
              'POST /nominations/{nominationId}/submit',
              'POST /nominations/{nominationId}/assignments',
              'POST /nominations/{nominationId}/reviews',
              'POST /nominations/{nominationId}/decision',
            ].map((route) => ({ route, count })),
          },
          async () => {
            const items: Record<string, unknown>[] = [];
            let w = 0;
            for (const c of seededCycles) {
              for (const n of jsNominations.get(c.cycleId)!) {
                const t = templates[String(n.recommend) as 'true' | 'false'];
                const id = newId();
                n.id = id;
                const r = reviewerId(w++ % JS_REVIEWERS);
                const rid = n.residentId;
                const fingerprint = personFingerprint(JS, rid);
                // As nomination-repository.ts `toItem`: keyed by cycle (category, status) and by unit.
                items.push({
                  ...t,
                  PK: tenantKey(JS, 'NOM', id),
                  GSI1PK: tenantKey(JS, 'CYCLE', c.cycleId),
                  GSI1SK: `NOM#${n.category}#${t.status}#${id}`,
                  GSI2PK: tenantKey(JS, 'UNIT', n.unitId),
                  GSI2SK: `NOM#${c.cycleId}#${id}`,
                  nominationId: id,
                  cycleId: c.cycleId,
                  category: n.category,
                  unitId: n.unitId,
                  nominee: {
                    ...t.nominee,
                    residentId: rid,
                    birthDate: `${rid.slice(6, 10)}-${rid.slice(10, 12)}-${rid.slice(12, 14)}`,
                    gender: Number(rid.charAt(16)) % 2 === 1 ? 'male' : 'female',
                  },
                  personFingerprint: fingerprint,
                  attributes: { basis: basisOf(n.category), receivedChiefTechnicianSubsidy: false },
                  assignments: [{ ...t.assignments[0], reviewerId: r, assignedAt: at }],
                  reviewerIds: [r],
                  decision: { ...t.decision, scores: [n.score], meanScore: n.score, at },
                  submittedAt: at,
                  createdAt: at,
                  updatedAt: at,
                });
                items.push({
                  PK: tenantKey(JS, 'PERSON', fingerprint),
                  SK: `CYCLE#${c.cycleId}`,
                  entityKind: 'PersonCycleClaim',
                  nominationId: id,
                });
                items.push({
                  PK: tenantKey(JS, 'NOM', id),
                  SK: `REVIEW#001#${r}`,
                  entityKind: 'Review',
                  agencyId: 'jiangsu',
                  nominationId: id,
                  reviewerId: r,
                  round: 1,
                  score: n.score,
                  qualificationPassed: true,
                  recommendation: n.recommend ? 'recommend' : 'not-recommend',
                  comment: n.recommend ? '符合条件，业绩突出' : '业绩一般',
                  at,
                });
              }
            }
            await batchWrite(items);
          },
        );
      },
    );
  }

  await phase(
    'JS official lists: nomination stage closed, the state machine draws and freezes the lists',
    'jiangsu',
    [
      'POST …/stages/nomination/close per cycle; clock +1 day (the draw over every candidate, the quota by the rule engine, the freeze); GET /cycles/{id}/list?stage=official read back',
    ],
    async () => {
      for (const c of plan.jsCycles) await closeStage(js.admin, c.cycleId, 'nomination');
      await advance('P1D');
      for (const c of plan.jsCycles) {
        await expectStage(js.admin, c.cycleId, 'training');
        const entries = await readPages<{ nominationId: string; category: string }>(
          `/cycles/${c.cycleId}/list?stage=official`,
          js.admin,
        );
        if (entries.length !== c.trainees)
          throw new Error(`${c.cycleId}: ${entries.length} official entries, expected ${c.trainees}`);
        // Independently: the official ones are recommended and score at least the best not listed.
        const all = jsNominations.get(c.cycleId)!;
        const listed = new Set(entries.map((e) => e.nominationId));
        for (const cat of ['A', 'B'] as const) {
          const rec = all.filter((n) => n.category === cat && n.recommend);
          const inList = rec.filter((n) => listed.has(n.id));
          const out = rec.filter((n) => !listed.has(n.id));
          const wrong = all.filter((n) => n.category === cat && !n.recommend && listed.has(n.id));
          const minIn = Math.min(...inList.map((n) => n.score));
          const maxOut = Math.max(-1, ...out.map((n) => n.score));
          if (wrong.length > 0 || inList.length !== Math.min(JS_QUOTA, rec.length) || maxOut > minIn)
            throw new Error(
              `${c.cycleId} ${cat}: ${inList.length} listed of ${rec.length} recommended (lowest ${minIn}, best left out ${maxOut}), ${wrong.length} not recommended listed`,
            );
        }
        official.set(c.cycleId, entries);
      }
      // The year: all cycles of the programme-year together list at most perYear a category.
      const yearListed = { A: 0, B: 0 } as Record<string, number>;
      for (const entries of official.values())
        for (const e of entries) yearListed[e.category] = (yearListed[e.category] ?? 0) + 1;
      for (const [cat, n] of Object.entries(yearListed))
        if (n > plan.jsQuotaPerYear)
          throw new DefectError(
            `DEFECT: the year ${YEAR} lists ${n} of category ${cat} over ${plan.jsCycles.length} cycles, more than perYear ${plan.jsQuotaPerYear} (JS-CATEGORIES)`,
          );
      checks.push(
        `JS official lists: ${[...official.values()].map((e) => e.length).join(' + ')} entries; in each cycle and category exactly min(${JS_QUOTA}, recommended) listed, none scoring below a recommended one left out; the year ${Object.entries(
          yearListed,
        )
          .map(([cat, n]) => `${cat} ${n}`)
          .join(', ')} ≤ perYear ${plan.jsQuotaPerYear} a category (JS-CATEGORIES, version 2)`,
      );
    },
  );

  const sessionsOf = new Map<string, { id: string; hours: number }[]>();
  await phase(
    'JS training: units, plans, sessions, enrolment; instructors and attendance of the API cycles',
    'jiangsu',
    [
      `clock to 2 March; every cycle: PUT unit, PUT plan (40 h theory, 60 h practice, 10 credits), ${JS_SESSIONS} sessions a unit (POST …/sessions)`,
      `API cycles: POST /cycles/{id}/trainees for every official entry (${JS_TRAINEES_PER_UNIT} a unit), PUT /trainees/{id}/instructor; attendance by CSV import, one a session (POST …/attendance-imports, valid-rows, ${JS_TRAINEES_PER_UNIT} rows); one trainee in 50 attends 6 of 10 days (JS-ATTENDANCE-FAIL)`,
    ],
    async () => {
      await advanceTo(`${YEAR}-03-02T09:00:00+08:00`);
      const unitJobs = plan.jsCycles.flatMap((c) =>
        jsUnitsOf(c.cycleId).map((unitId) => ({ cycleId: c.cycleId, unitId })),
      );
      await parallel(unitJobs.length, C, async (i) => {
        const { cycleId, unitId } = unitJobs[i]!;
        await call(
          'PUT',
          `/cycles/${cycleId}/training-units/${unitId}`,
          js.admin,
          {
            name: `江苏省第${i + 1}技师学院`,
            kind: 'technician-college',
            city: '南京市',
            majors: [{ code: '0102-4', name: '数控加工' }],
          },
          { expect: [200, 201] },
        );
        await call('PUT', `/cycles/${cycleId}/training-units/${unitId}/plan`, js.admin, {
          startsOn: `${YEAR}-03-01`,
          endsOn: `${YEAR}-07-31`,
          theoryHours: 40,
          practiceHours: 60,
          credits: 10,
        });
        const sessions: { id: string; hours: number }[] = [];
        for (let d = 0; d < JS_SESSIONS / 2; d++) {
          for (const [kind, month, hours] of [
            ['theory', '03', 8],
            ['practice', '05', 12],
          ] as const) {
            const s = await call('POST', `/cycles/${cycleId}/training-units/${unitId}/sessions`, js.admin, {
              date: `${YEAR}-${month}-1${d}`,
              kind,
              title: kind === 'theory' ? '前沿理论' : '实操实训',
              hours,
              credits: 1,
            });
            sessions.push({ id: s.body.sessionId as string, hours });
          }
        }
        sessionsOf.set(`${cycleId}/${unitId}`, sessions);
      });
      for (const c of plan.jsCycles) jsTrainees.set(c.cycleId, []);
      const enrolJobs = apiCycles.flatMap((c) => {
        const units = jsUnitsOf(c.cycleId);
        return official
          .get(c.cycleId)!
          .map((e, i) => ({ c, e, unitId: units[i % units.length]!, k: Math.floor(i / units.length) }));
      });
      await parallel(enrolJobs.length, C, async (i) => {
        const { c, e, unitId, k } = enrolJobs[i]!;
        const t = await call('POST', `/cycles/${c.cycleId}/trainees`, js.admin, {
          nominationId: e.nominationId,
          unitId,
          majorCode: '0102-4',
          homeCity: '南京市',
        });
        const traineeId = t.body.traineeId as string;
        await call('PUT', `/trainees/${traineeId}/instructor`, js.admin, {
          name: '陈指导',
          skillLevel: '高级技师',
        });
        jsTrainees.get(c.cycleId)!.push({ traineeId, unitId, category: e.category, low: k % 50 === 49 });
      });
      const imports = apiCycles.flatMap((c) =>
        jsUnitsOf(c.cycleId).flatMap((unitId) => {
          const sessions = sessionsOf.get(`${c.cycleId}/${unitId}`)!;
          const trainees = jsTrainees.get(c.cycleId)!.filter((t) => t.unitId === unitId);
          return sessions.map((s, d) => {
            const rows = ['traineeId,sessionId,present,hours,credits'];
            for (const t of trainees)
              if (!t.low || d < 6) rows.push(`${t.traineeId},${s.id},是,${s.hours},1`);
            return { cycleId: c.cycleId, unitId, csv: rows.join('\r\n'), rows: rows.length - 1 };
          });
        }),
      );
      let slowest = 0;
      await parallel(imports.length, Math.min(C, 4), async (i) => {
        const job = imports[i]!;
        const t = performance.now();
        const r = await call(
          'POST',
          `/cycles/${job.cycleId}/training-units/${job.unitId}/attendance-imports`,
          js.admin,
          {
            format: 'csv',
            mode: 'valid-rows',
            contentBase64: Buffer.from(job.csv, 'utf8').toString('base64'),
          },
          { expect: [200, 201] },
        );
        slowest = Math.max(slowest, performance.now() - t);
        if (r.body.applied !== job.rows)
          throw new Error(
            `attendance import ${job.unitId}: ${r.body.applied} of ${job.rows} rows: ${JSON.stringify(r.body.errors?.slice(0, 3))}`,
          );
      });
      checks.push(
        `JS attendance: ${imports.length} CSV imports of ${JS_TRAINEES_PER_UNIT} rows or fewer, every row applied; the slowest answered in ${(slowest / 1000).toFixed(1)} s`,
      );
    },
  );

  if (seededCycles.length > 0) {
    const count = seededCycles.reduce((a, c) => a + c.trainees, 0);
    const units = seededCycles.reduce((a, c) => a + c.units, 0);
    await phase(
      'JS trainees seeded for the other cycles: enrolment, instructor, attendance, report, score',
      'jiangsu',
      [
        `SEEDED: the ${count} trainees of ${seededCycles.length} cycles (their official entries, ${JS_TRAINEES_PER_UNIT} a unit): BatchWrite of the items enrolment, instructor, attendance, report and score leave (the trainee, copied from one the API made, its cycle person claim and participation record, its ATT# and REPORT items, each unit's roster count); no audit records`,
      ],
      async () => {
        const client = getDocumentClient();
        const api = jsTrainees.get(apiCycles[0]!.cycleId)!.find((t) => !t.low)!;
        const out = await client.send(
          new GetCommand({
            TableName: mainTableName(),
            Key: { PK: tenantKey(JS, 'JSTRAINEE', api.traineeId), SK: 'TRAINEE' },
            ConsistentRead: true,
          }),
        );
        if (!out.Item) throw new Error(`template trainee ${api.traineeId} not found`);
        const template = out.Item as Record<string, any>;
        const at = new Date(Date.parse(await clockNow())).toISOString();
        const reportAt = new Date(Date.parse(`${YEAR}-08-02T09:00:00+08:00`)).toISOString();
        await seed(
          {
            label: 'JS trainees of the seeded cycles',
            agencyId: 'jiangsu',
            how: 'BatchWrite of the trainee (a copy of one the API made), person claim, participation, ATT#, REPORT and roster items',
            operations: [
              { route: 'POST /cycles/{cycleId}/trainees', count },
              { route: 'PUT /trainees/{traineeId}/instructor', count },
              {
                route: 'POST /cycles/{cycleId}/training-units/{unitId}/attendance-imports',
                count: units * JS_SESSIONS,
              },
              { route: 'POST /trainees/{traineeId}/report', count },
              { route: 'PUT /trainees/{traineeId}/report/score', count },
            ],
          },
          async () => {
            const items: Record<string, unknown>[] = [];
            for (const c of seededCycles) {
              const unitIds = jsUnitsOf(c.cycleId);
              const byId = new Map(jsNominations.get(c.cycleId)!.map((n) => [n.id, n]));
              const enrolled = new Map<string, number>();
              official.get(c.cycleId)!.forEach((e, i) => {
                const n = byId.get(e.nominationId);
                if (!n) throw new Error(`${e.nominationId} is not a nomination of ${c.cycleId}`);
                const unitId = unitIds[i % unitIds.length]!;
                const k = Math.floor(i / unitIds.length);
                const low = k % 50 === 49;
                const sessions = sessionsOf.get(`${c.cycleId}/${unitId}`)!;
                const attended = low ? sessions.slice(0, 6) : sessions;
                const traineeId = newId();
                const pk = tenantKey(JS, 'JSTRAINEE', traineeId);
                const fingerprint = personFingerprint(JS, n.residentId);
                enrolled.set(unitId, (enrolled.get(unitId) ?? 0) + 1);
                jsTrainees.get(c.cycleId)!.push({ traineeId, unitId, category: e.category, low });
                items.push({
                  ...template,
                  PK: pk,
                  GSI1PK: tenantKey(JS, 'JSCYCLE', c.cycleId, 'TRAINEES'),
                  GSI1SK: `${unitId}#${traineeId}`,
                  traineeId,
                  cycleId: c.cycleId,
                  nominationId: n.id,
                  category: e.category,
                  employerUnitId: n.unitId,
                  name: '王小明',
                  residentIdMasked: maskResidentId(n.residentId),
                  personFingerprint: fingerprint,
                  unitId,
                  hoursAttended: attended.reduce((a, s) => a + s.hours, 0),
                  creditsEarned: attended.length,
                  reportSubmitted: true,
                  instructor: { ...template.instructor, assignedAt: at },
                  version: attended.length + 4,
                  createdAt: at,
                  updatedAt: reportAt,
                });
                items.push({
                  PK: tenantKey(JS, 'JSCYCLE', c.cycleId),
                  SK: `PERSON#${fingerprint}`,
                  entityKind: 'JsTraineePerson',
                  traineeId,
                });
                items.push({
                  PK: tenantKey(JS, 'JSPARTICIPATION', fingerprint),
                  SK: `TRAINEE#${traineeId}`,
                  entityKind: 'JsParticipationInTraining',
                  traineeId,
                  cycleId: c.cycleId,
                  year: YEAR,
                  nominationId: n.id,
                  participationYear: 1,
                  since: at,
                });
                for (const s of attended) {
                  items.push({
                    PK: pk,
                    SK: `ATT#${s.id}`,
                    entityKind: 'JsAttendance',
                    attendanceOf: traineeId,
                    traineeId,
                    sessionId: s.id,
                    present: true,
                    hours: s.hours,
                    credits: 1,
                    online: false,
                    version: 1,
                    recordedAt: at,
                    recordedBy: 'js-admin',
                  });
                }
                items.push({
                  PK: pk,
                  SK: 'REPORT',
                  entityKind: 'JsReport',
                  reportOf: traineeId,
                  year: YEAR,
                  title: '数控加工工艺优化研修报告',
                  submittedOn: `${YEAR}-08-02`,
                  score: 80 + (i % 20),
                  scoredBy: 'js-report-expert',
                  scoredAt: reportAt,
                  version: 2,
                });
              });
              for (const [unitId, n] of enrolled)
                items.push({
                  PK: tenantKey(JS, 'JSCYCLE', c.cycleId),
                  SK: `ROSTER#${unitId}`,
                  entityKind: 'JsUnitRoster',
                  unitId,
                  enrolled: n,
                });
            }
            await batchWrite(items);
          },
        );
      },
    );
  }

  await phase(
    'JS training closed (clock to 1 August); research reports of the API cycles',
    'jiangsu',
    [
      'clock to 1 August: every running execution looks once a day; training closed per cycle, clock +1 day',
      'API cycles: POST /trainees/{id}/report and PUT /trainees/{id}/report/score (an expert) for every trainee; report stage closed',
    ],
    async () => {
      await advanceTo(`${YEAR}-08-01T09:00:00+08:00`);
      for (const c of plan.jsCycles) await closeStage(js.admin, c.cycleId, 'training');
      await advance('P1D');
      for (const c of plan.jsCycles) await expectStage(js.admin, c.cycleId, 'report');
      const all = apiCycles.flatMap((c) => jsTrainees.get(c.cycleId)!);
      await parallel(all.length, C, async (i) => {
        const t = all[i]!;
        await call('POST', `/trainees/${t.traineeId}/report`, js.admin, {
          title: '数控加工工艺优化研修报告',
          submittedOn: `${YEAR}-08-02`,
        });
        await call('PUT', `/trainees/${t.traineeId}/report/score`, js.expert, { score: 80 + (i % 20) });
      });
      for (const c of plan.jsCycles) await closeStage(js.admin, c.cycleId, 'report');
      await advance('P1D');
      for (const c of plan.jsCycles) await expectStage(js.admin, c.cycleId, 'grading');
    },
  );

  const expectedFen = new Map<string, number>();
  await phase(
    'JS grading and acceptance',
    'jiangsu',
    [
      "every unit's grades in one POST …/grades by the unit (10% 优秀, 20% 良好: JS-GRADE-QUOTA); grading and acceptance closed (the acceptance becomes final); GET /cycles/{id}/acceptance read back",
    ],
    async () => {
      const unitJobs = plan.jsCycles.flatMap((c) =>
        jsUnitsOf(c.cycleId).map((unitId) => ({ cycleId: c.cycleId, unitId })),
      );
      await parallel(unitJobs.length, C, async (i) => {
        const { cycleId, unitId } = unitJobs[i]!;
        const unit = await token('jiangsu', ['unit'], `js-unit-${unitId}`, unitId);
        const trainees = jsTrainees.get(cycleId)!.filter((t) => t.unitId === unitId);
        const excellent = Math.floor(trainees.length * 0.1);
        const good = Math.floor(trainees.length * 0.2);
        await call(
          'POST',
          `/cycles/${cycleId}/training-units/${unitId}/grades`,
          unit,
          {
            grades: trainees.map((t, k) => ({
              traineeId: t.traineeId,
              grade:
                k < excellent ? '优秀' : k < excellent + good ? '良好' : k % 25 === 24 ? '基本合格' : '合格',
            })),
          },
          { expect: [200, 201] },
        );
      });
      for (const c of plan.jsCycles) await closeStage(js.admin, c.cycleId, 'grading');
      await advance('P1D');
      for (const c of plan.jsCycles) await expectStage(js.admin, c.cycleId, 'acceptance');
      for (const c of plan.jsCycles) await closeStage(js.admin, c.cycleId, 'acceptance');
      await advance('P1D');
      const rates: Record<string, number> = { A: 1_000_000, B: 800_000 };
      for (const c of plan.jsCycles) {
        await expectStage(js.admin, c.cycleId, 'disbursement');
        let fen = 0;
        let passed = 0;
        for (const u of await readPages<{ status: string; passedByCategory: Record<string, number> }>(
          `/cycles/${c.cycleId}/acceptance`,
          js.finance1,
          'units',
        )) {
          if (u.status !== 'final') throw new Error(`${c.cycleId}: a unit's acceptance is ${u.status}`);
          for (const [cat, k] of Object.entries(u.passedByCategory)) {
            fen += k * (rates[cat] ?? 0);
            passed += k;
          }
        }
        // Independently: all pass but those who attended 60% (JS-ATTENDANCE-FAIL).
        const expected = jsTrainees.get(c.cycleId)!.filter((t) => !t.low);
        const expectedFenOfCycle = expected.reduce((a, t) => a + (rates[t.category] ?? 0), 0);
        if (passed !== expected.length || fen !== expectedFenOfCycle)
          throw new Error(
            `${c.cycleId}: ${passed} passed (${fen} fen), expected ${expected.length} (${expectedFenOfCycle} fen)`,
          );
        expectedFen.set(c.cycleId, fen);
      }
      checks.push(
        `JS acceptance: ${[...expectedFen.keys()].length} cycles final; passed = trainees − those at 60% attendance, money = Σ passed × rate (A 10,000, B 8,000 CNY), recomputed from the bench's own records`,
      );
    },
  );

  const batches: { cycleId: string; batchId: string }[] = [];
  const exportsMade: ExportResult[] = [];
  await phase(
    'JS disbursement: budget, batches approved by two officers, released, exported',
    'jiangsu',
    [
      'PUT /budgets/…/2026 (the year’s sum, P-BUDGET); per cycle POST …/disbursement-batches, review (finance 1), approve (finance 2, P-FOUR-EYES), release; disbursement closed → cycle completed',
      'each batch exported as CSV and XLSX (POST /batches/{id}/exports, GET /exports/{id})',
    ],
    async () => {
      const sum = [...expectedFen.values()].reduce((a, b) => a + b, 0);
      await call(
        'PUT',
        `/budgets/${JS_PROGRAMME}/${YEAR}`,
        js.admin,
        { limitFen: sum, reason: `${YEAR}年度省级财政预算` },
        { expect: [200, 201] },
      );
      const releasedOn = await today();
      for (const c of plan.jsCycles) {
        const batch = await call('POST', `/cycles/${c.cycleId}/disbursement-batches`, js.finance1, {});
        if (batch.body.totalFen !== expectedFen.get(c.cycleId))
          throw new Error(
            `${c.cycleId}: batch total ${batch.body.totalFen}, the acceptance gives ${expectedFen.get(c.cycleId)}`,
          );
        const batchId = batch.body.batchId as string;
        const reviewed = await call(
          'POST',
          `/batches/${batchId}/review`,
          js.finance1,
          {},
          {
            expect: [200],
            headers: { 'if-match': `"${batch.body.version}"` },
          },
        );
        const approved = await call(
          'POST',
          `/batches/${batchId}/approve`,
          js.finance2,
          {},
          {
            expect: [200],
            headers: { 'if-match': `"${reviewed.body.version}"` },
          },
        );
        await call(
          'POST',
          `/batches/${batchId}/release`,
          js.finance2,
          {
            reference: `苏财社〔${YEAR}〕${12 + batches.length}号`,
            releasedOn,
          },
          { expect: [200], headers: { 'if-match': `"${approved.body.version}"` } },
        );
        batches.push({ cycleId: c.cycleId, batchId });
        await closeStage(js.admin, c.cycleId, 'disbursement');
      }
      await advance('P1D');
      for (const c of plan.jsCycles) await expectStage(js.admin, c.cycleId, 'completed');
      checks.push(
        `JS batches: ${batches.length}, each total = its cycle's acceptance (recomputed); the year ${(sum / 100).toLocaleString('en-US')} CNY = the budget set`,
      );
      for (const b of batches) {
        for (const format of ['csv', 'xlsx'] as const) {
          const created = await call('POST', `/batches/${b.batchId}/exports`, js.finance1, { format });
          const r = await fetch(`${url()}/exports/${created.body.exportId}`, {
            headers: { authorization: `Bearer ${js.finance1.token}` },
            redirect: 'manual',
          });
          both('jiangsu', (c) => {
            c.apiRequests += 1;
            inc(c.apiByStatus, String(r.status));
          });
          let bytes: Buffer;
          if (r.status === 303 || r.status === 302) {
            await r.arrayBuffer();
            const file = await fetch(new URL(r.headers.get('location') ?? '', url()));
            total.localRequests += 1;
            bytes = Buffer.from(await file.arrayBuffer());
          } else if (r.status === 200) {
            bytes = Buffer.from(await r.arrayBuffer());
          } else {
            throw new Error(`GET /exports/${created.body.exportId} answered ${r.status}: ${await r.text()}`);
          }
          const lines = format === 'csv' ? bytes.toString('utf8').trim().split('\r\n').length - 1 : 0;
          exportsMade.push({ batchId: b.batchId, cycleId: b.cycleId, format, bytes: bytes.length, lines });
        }
      }
      for (const e of exportsMade.filter((x) => x.format === 'csv')) {
        const passed = jsTrainees.get(e.cycleId)!.filter((t) => !t.low).length;
        if (e.lines !== passed)
          throw new Error(`CSV of ${e.batchId}: ${e.lines} lines, ${passed} paid trainees`);
      }
    },
  );

  // ——— Lishui ———
  const schools = Array.from({ length: plan.lsSchools }, (_, s) => `ls-school-${pad(s + 1, 2)}`);
  const schoolTokens = new Map<string, Caller>();
  for (const s of schools) schoolTokens.set(s, await token('lishui', ['unit'], `ls-${s}`, s));
  const masters: { nominationId: string; schoolId: string; masterId: string }[] = [];
  await phase(
    'LS masters: nominated, reviewed, decided; master list frozen at the deadline; registered by the schools',
    'lishui',
    [
      `clock to 1 September (the schedule opens ls-${YEAR}); ${plan.lsMasters} masters: POST /nominations, submit, assign, review, decide; clock to 1 November (the 31 October deadline, LS-CALENDAR); POST /cycles/{id}/masters by each school`,
    ],
    async () => {
      await advanceTo(`${YEAR}-09-01T10:00:00+08:00`);
      await expectStage(ls.admin, plan.lsCycleId, 'master-nomination');
      await call('POST', '/reviewers', ls.admin, { reviewerId: 'ls-expert-01', name: '陈专家' });
      await parallel(plan.lsMasters, C, async (i) => {
        const schoolId = schools[Math.floor(i / LS_MASTERS_PER_SCHOOL)]!;
        const created = await call('POST', '/nominations', ls.admin, {
          programmeId: LS_PROGRAMME,
          cycleId: plan.lsCycleId,
          category: 'master-tier-1',
          unitId: schoolId,
          nominee: {
            name: '王师傅',
            residentId: eligibleResidentId(),
            phone: '13812345678',
            employer: '丽水某工艺美术有限公司',
            occupation: '木雕',
            skillLevel: '高级技师',
          },
          attributes: {
            qualification: 'arts-crafts-master',
            nominationRoute: 'competent-department',
            hasApprenticeTeachingExperience: true,
            proposedServiceYears: 6,
            apprenticeGrade: '二年级',
          },
        });
        const id = created.body.nominationId as string;
        await call('POST', `/nominations/${id}/submit`, ls.admin, undefined, { expect: [200] });
        await call(
          'POST',
          `/nominations/${id}/assignments`,
          ls.admin,
          { reviewerIds: ['ls-expert-01'] },
          { expect: [200] },
        );
        await call('POST', `/nominations/${id}/reviews`, lsReviewer, {
          score: 90,
          qualificationPassed: true,
          recommendation: 'recommend',
          comment: '符合条件，带徒经验丰富',
        });
        await call(
          'POST',
          `/nominations/${id}/decision`,
          ls.admin,
          { outcome: 'recommend', reasons: '推荐' },
          { expect: [200] },
        );
        masters[i] = { nominationId: id, schoolId, masterId: '' };
      });
      await advanceTo(`${YEAR}-11-01T09:00:00+08:00`);
      await expectStage(ls.admin, plan.lsCycleId, 'pairing-list');
      await parallel(masters.length, C, async (i) => {
        const m = masters[i]!;
        const r = await call('POST', `/cycles/${plan.lsCycleId}/masters`, schoolTokens.get(m.schoolId)!, {
          nominationId: m.nominationId,
          schoolId: m.schoolId,
          employmentAgreement: { signedOn: `${YEAR}-11-01`, reference: `PY-${pad(i + 1)}` },
          employmentStartOn: `${YEAR}-11-01`,
        });
        m.masterId = r.body.masterId as string;
      });
    },
  );

  const pairings: {
    pairingId: string;
    schoolId: string;
    masterId: string;
    apprenticeId: string;
    api: boolean;
  }[] = [];
  const masterOf = (i: number) => masters[Math.floor(i / LS_APPRENTICES_PER_MASTER)]!;
  const apprenticeResidentId = (i: number) =>
    residentIdFor(addDays('2009-01-01', i % 360), 1 + 2 * Math.floor(i / 360));
  const names = ['张小明', '李小红', '王小军', '赵小丽', '陈小华'];
  await phase(
    'LS pairings: apprentices, two-way pairing, agreements, activation; lists submitted and reviewed',
    'lishui',
    [
      `API: the ${plan.lsApiPairings} pairings of ${plan.lsApiSchools} school(s): POST …/apprentices (second-year students), POST …/pairings (the master proposes), POST /pairings/{id}/accept (the apprentice), PUT …/agreements, POST …/activate`,
      `SEEDED: the ${plan.lsPairings - plan.lsApiPairings} pairings of the other ${plan.lsSchools - plan.lsApiSchools} schools: BatchWrite of copies of an API-made pairing's items (apprentice, open-pairing claim, person claim, pairing) with new ids, the masters' stage counters and the schools' counts; one Update of each master's activePairings; no audit records`,
      `every school's list: POST …/pairing-lists/{school}/submit, …/review by the city; clock to 2 December (the 30 November deadline) → mentoring`,
    ],
    async () => {
      await parallel(plan.lsApiPairings, C, async (i) => {
        const m = masterOf(i);
        const school = schoolTokens.get(m.schoolId)!;
        const apprentice = await call('POST', `/cycles/${plan.lsCycleId}/apprentices`, school, {
          schoolId: m.schoolId,
          kind: 'student',
          name: names[i % names.length],
          residentId: apprenticeResidentId(i),
          phone: '13912345678',
          studyStage: 'secondary-vocational',
          studyYear: 2,
        });
        const apprenticeId = apprentice.body.apprenticeId as string;
        const p = await call('POST', `/cycles/${plan.lsCycleId}/pairings`, school, {
          masterId: m.masterId,
          apprenticeId,
          initiatedBy: 'master',
        });
        const pairingId = p.body.pairingId as string;
        await call(
          'POST',
          `/pairings/${pairingId}/accept`,
          school,
          { party: 'apprentice' },
          { expect: [200] },
        );
        await call('PUT', `/pairings/${pairingId}/agreements`, school, {
          apprenticeshipAgreement: { signedOn: `${YEAR}-11-05` },
          schoolMentor: { name: '李老师', staffNo: 'T-01' },
          trainingPlan: { agreedOn: `${YEAR}-11-06`, summary: '木雕技艺联合培养计划' },
        });
        await call('POST', `/pairings/${pairingId}/activate`, school, undefined, { expect: [200] });
        pairings[i] = { pairingId, schoolId: m.schoolId, masterId: m.masterId, apprenticeId, api: true };
      });
      const rest = plan.lsPairings - plan.lsApiPairings;
      if (rest > 0) {
        await seed(
          {
            label: 'LS pairings of the seeded schools',
            agencyId: 'lishui',
            how: "BatchWrite of copies of an API-made pairing's items with new ids, counters; Update of the masters' activePairings",
            operations: [
              'POST /cycles/{cycleId}/apprentices',
              'POST /cycles/{cycleId}/pairings',
              'POST /pairings/{pairingId}/accept',
              'PUT /pairings/{pairingId}/agreements',
              'POST /pairings/{pairingId}/activate',
            ].map((route) => ({ route, count: rest })),
          },
          async () => {
            const client = getDocumentClient();
            const get = async (PK: string, SK: string) => {
              const out = await client.send(
                new GetCommand({ TableName: mainTableName(), Key: { PK, SK }, ConsistentRead: true }),
              );
              if (!out.Item) throw new Error(`template item ${PK} ${SK} not found`);
              return out.Item as Record<string, unknown>;
            };
            const t = pairings[0]!;
            const tApprentice = await get(tenantKey(LS, 'PAPPR', t.apprenticeId), 'APPRENTICE');
            const tFingerprint = String(tApprentice.personFingerprint);
            const tResident = String(tApprentice.residentId);
            const template = [
              await get(tenantKey(LS, 'PAIRING', t.pairingId), 'PAIRING'),
              tApprentice,
              await get(tenantKey(LS, 'PAPPR', t.apprenticeId), 'OPEN-PAIRING'),
              await get(tenantKey(LS, 'PPERSON', tFingerprint), `CYCLE#${plan.lsCycleId}`),
            ];
            const tStage = await get(tenantKey(LS, 'PMASTER', t.masterId), 'STAGE#secondary-vocational');
            const json = JSON.stringify(template);
            const items: Record<string, unknown>[] = [];
            const perMaster = new Map<string, number>();
            const perSchool = new Map<string, number>();
            for (let i = plan.lsApiPairings; i < plan.lsPairings; i++) {
              const m = masterOf(i);
              const pairingId = newId();
              const apprenticeId = newId();
              const residentId = apprenticeResidentId(i);
              const name = names[i % names.length]!;
              const copyJson = json
                .replaceAll(t.pairingId, pairingId)
                .replaceAll(t.apprenticeId, apprenticeId)
                .replaceAll(tFingerprint, personFingerprint(LS, residentId))
                .replaceAll(tResident, residentId)
                .replaceAll(t.masterId, m.masterId)
                .replaceAll(t.schoolId, m.schoolId)
                .replaceAll(`"name":"${String(tApprentice.name)}"`, `"name":"${name}"`);
              items.push(...(JSON.parse(copyJson) as Record<string, unknown>[]));
              perMaster.set(m.masterId, (perMaster.get(m.masterId) ?? 0) + 1);
              perSchool.set(m.schoolId, (perSchool.get(m.schoolId) ?? 0) + 1);
              pairings[i] = {
                pairingId,
                schoolId: m.schoolId,
                masterId: m.masterId,
                apprenticeId,
                api: false,
              };
            }
            for (const [masterId, n] of perMaster)
              items.push({ ...tStage, PK: tenantKey(LS, 'PMASTER', masterId), active: n });
            for (const [schoolId, n] of perSchool)
              items.push({
                PK: tenantKey(LS, 'PSCHOOL', plan.lsCycleId, schoolId),
                SK: 'COUNTS',
                total: n,
                teachers: 0,
              });
            await batchWrite(items);
            await parallel(perMaster.size, C, async (k) => {
              const [masterId, n] = [...perMaster.entries()][k]!;
              await client.send(
                new UpdateCommand({
                  TableName: mainTableName(),
                  Key: { PK: tenantKey(LS, 'PMASTER', masterId), SK: 'MASTER' },
                  UpdateExpression: 'SET activePairings = :n',
                  ConditionExpression: 'attribute_exists(PK)',
                  ExpressionAttributeValues: { ':n': n },
                }),
              );
            });
          },
        );
      }
      for (const s of schools) {
        await call(
          'POST',
          `/cycles/${plan.lsCycleId}/pairing-lists/${s}/submit`,
          schoolTokens.get(s)!,
          {},
          { expect: [200, 201] },
        );
        const list = await call(
          'POST',
          `/cycles/${plan.lsCycleId}/pairing-lists/${s}/review`,
          ls.admin,
          {
            outcome: 'approved',
            reason: '审核通过',
          },
          { expect: [200, 201] },
        );
        const expected = pairings.filter((p) => p.schoolId === s).length;
        if (list.body.pairings !== expected)
          throw new Error(`pairing list of ${s}: ${list.body.pairings} pairings, expected ${expected}`);
      }
      checks.push(
        `LS pairing lists: ${schools.length} submitted and approved, each counting exactly its school's pairings (${pairings.length} in all)`,
      );
      await advanceTo(`${YEAR}-12-01T09:00:00+08:00`);
      await advance('P1D');
      await expectStage(ls.admin, plan.lsCycleId, 'mentoring');
    },
  );

  await phase(
    'LS mentoring: 50 face-to-face days a pairing, completions',
    'lishui',
    [
      `clock to 21 December; the sessions of ${plan.lsSessionsThroughApi / LS_SESSIONS} pairing(s) through POST /pairings/{id}/sessions (${plan.lsSessionsThroughApi} requests)`,
      `SEEDED: the other ${plan.lsSessionsSeeded} sessions: BatchWrite of the session and DAY# counter items logSession writes (no audit records) and one Update of each pairing's totals (faceToFaceHours, sessionCount, version)`,
      'every pairing: POST /pairings/{id}/completion (LS-MENTOR-DAYS checked by the engine on the totals); mentoring closed',
    ],
    async () => {
      await advanceTo(`${YEAR}-12-21T09:00:00+08:00`);
      const sample = pairings.slice(0, plan.lsSessionsThroughApi / LS_SESSIONS);
      await parallel(sample.length * LS_SESSIONS, C, async (k) => {
        const p = sample[Math.floor(k / LS_SESSIONS)]!;
        await call('POST', `/pairings/${p.pairingId}/sessions`, schoolTokens.get(p.schoolId)!, {
          content: '面对面辅导',
          confirmedBy: '李老师',
          date: addDays(`${YEAR}-11-01`, k % LS_SESSIONS),
          days: 1,
        });
      });
      const rest = pairings.slice(sample.length);
      if (rest.length > 0) {
        await seed(
          {
            label: 'LS mentoring sessions',
            agencyId: 'lishui',
            how: "BatchWrite of the session and DAY# items; Update of each pairing's totals",
            operations: [{ route: 'POST /pairings/{pairingId}/sessions', count: rest.length * LS_SESSIONS }],
          },
          async () => {
            const at = new Date(Date.parse(await clockNow())).toISOString();
            const items: Record<string, unknown>[] = [];
            for (const p of rest) {
              const pk = tenantKey(LS, 'PAIRING', p.pairingId);
              for (let d = 0; d < LS_SESSIONS; d++) {
                const date = addDays(`${YEAR}-11-01`, d);
                const sessionId = newId();
                items.push({
                  PK: pk,
                  SK: `SESSION#${date}#${sessionId}`,
                  entityKind: 'MentoringSession',
                  sessionId,
                  pairingId: p.pairingId,
                  date,
                  hours: 8,
                  days: 1,
                  content: '面对面辅导',
                  confirmedBy: '李老师',
                  recordedAt: at,
                  recordedBy: `ls-${p.schoolId}`,
                });
                items.push({ PK: pk, SK: `DAY#${date}`, hours: 8 });
              }
            }
            await batchWrite(items);
            await parallel(rest.length, C, async (i) => {
              const p = rest[i]!;
              await getDocumentClient().send(
                new UpdateCommand({
                  TableName: mainTableName(),
                  Key: { PK: tenantKey(LS, 'PAIRING', p.pairingId), SK: 'PAIRING' },
                  UpdateExpression:
                    'SET faceToFaceHours = faceToFaceHours + :h, sessionCount = sessionCount + :n, version = version + :n, updatedAt = :at, updatedBy = :by',
                  ConditionExpression: '#s = :active',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: {
                    ':h': 8 * LS_SESSIONS,
                    ':n': LS_SESSIONS,
                    ':at': at,
                    ':by': `ls-${p.schoolId}`,
                    ':active': 'active',
                  },
                }),
              );
            });
          },
        );
      }
      const confirmedOn = await today();
      await parallel(pairings.length, C, async (i) => {
        const p = pairings[i]!;
        const done = await call(
          'POST',
          `/pairings/${p.pairingId}/completion`,
          schoolTokens.get(p.schoolId)!,
          {
            skillImproved: true,
            assessment: '技能等级由中级工提升为高级工',
            confirmedOn,
          },
          { expect: [200] },
        );
        if (done.body.completion?.faceToFaceDays !== LS_SESSIONS)
          throw new Error(
            `pairing ${p.pairingId}: ${done.body.completion?.faceToFaceDays} face-to-face days, expected ${LS_SESSIONS}`,
          );
      });
      checks.push(
        `LS completions: ${pairings.length}, each with the ${LS_SESSIONS} face-to-face days the service counted (LS-MENTOR-DAYS)`,
      );
      await closeStage(ls.admin, plan.lsCycleId, 'mentoring');
      await advance('P1D');
      await expectStage(ls.admin, plan.lsCycleId, 'top-selection');
    },
  );

  await phase(
    'LS honours; cycle completed',
    'lishui',
    [
      'POST /cycles/{id}/honours/top-selections: min(10, masters) 十佳大师 and min(100, pairings) 百佳高徒 (LS-TOP-TEN); top-selection closed',
    ],
    async () => {
      const jobs = [
        ...masters
          .slice(0, 10)
          .map((m, i) => ({ award: 'top-ten-masters', subjectId: m.masterId, rank: i + 1 })),
        ...pairings
          .slice(0, 100)
          .map((p, i) => ({ award: 'top-hundred-apprentices', subjectId: p.apprenticeId, rank: i + 1 })),
      ];
      // One at a time, as the city enters its ranks (in parallel they contend on the award counters).
      await parallel(jobs.length, 1, async (i) => {
        const j = jobs[i]!;
        await call('POST', `/cycles/${plan.lsCycleId}/honours/top-selections`, ls.admin, {
          ...j,
          evidence: `带徒成效排名第${j.rank}`,
        });
      });
      await closeStage(ls.admin, plan.lsCycleId, 'top-selection');
      await advance('P1D');
      await expectStage(ls.admin, plan.lsCycleId, 'completed');
    },
  );

  // ——— the executions ———
  const executions: ExecutionResult[] = [];
  for (const machine of st.stepFunctions.stateMachines()) {
    let nextToken: string | undefined;
    do {
      const page = await st.stepFunctions.listExecutions({
        stateMachineArn: machine.stateMachineArn,
        maxResults: 1000,
        ...(nextToken ? { nextToken } : {}),
      });
      for (const e of page.executions) {
        const d = await st.stepFunctions.describeExecution({ executionArn: e.executionArn });
        const input = JSON.parse(d.input) as { agencyId?: string; cycleId?: string };
        let stateEntered = 0;
        let retries = 0;
        let lambdaTasks = 0;
        let waitsEntered = 0;
        let historyEvents = 0;
        let failedBefore = false;
        let token: string | undefined;
        do {
          const h = await st.stepFunctions.getExecutionHistory({
            executionArn: e.executionArn,
            maxResults: 1000,
            includeExecutionData: false,
            ...(token ? { nextToken: token } : {}),
          });
          for (const ev of h.events) {
            historyEvents += 1;
            if (ev.type.endsWith('StateEntered')) {
              stateEntered += 1;
              failedBefore = false;
            }
            if (ev.type === 'WaitStateEntered') waitsEntered += 1;
            if (ev.type === 'LambdaFunctionScheduled' || ev.type === 'TaskScheduled') {
              lambdaTasks += 1;
              if (failedBefore) retries += 1;
              failedBefore = false;
            }
            if (ev.type === 'LambdaFunctionFailed' || ev.type === 'TaskFailed') failedBefore = true;
          }
          token = h.nextToken;
        } while (token);
        executions.push({
          name: e.name,
          stateMachine: machine.name,
          agencyId: input.agencyId ?? 'unknown',
          cycleId: input.cycleId ?? 'unknown',
          status: d.status,
          stateEntered,
          retries,
          stateTransitions: d.stateTransitions,
          lambdaTasks,
          historyEvents,
          waitsEntered,
        });
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  for (const cycleId of [...plan.jsCycles.map((c) => c.cycleId), plan.lsCycleId]) {
    const e = executions.find((x) => x.cycleId === cycleId);
    if (e?.status !== 'SUCCEEDED')
      throw new DefectError(
        `DEFECT: the execution of ${cycleId} is ${e?.status ?? 'missing'}, expected SUCCEEDED`,
      );
  }

  // The export files the stack wrote (the S3 objects on AWS).
  const files: number[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      if (f.isDirectory()) walk(join(dir, f.name));
      else files.push(statSync(join(dir, f.name)).size);
    }
  };
  try {
    walk(join(st.dataDir, 'exports'));
  } catch {
    // no export directory
  }
  checks.push(
    `exports: ${exportsMade.length} downloaded (CSV lines = paid trainees of the batch); ${files.length} files in the stack's export store, ${(files.reduce((a, b) => a + b, 0) / 1024).toFixed(0)} KiB`,
  );

  const clockEnd = await clockNow();
  sampleRss();
  const result: SimulationResult = {
    sizes,
    plan,
    phases,
    totalMs: performance.now() - started,
    stackStartMs,
    total,
    byAgency,
    executions,
    exports: exportsMade,
    seeded,
    peakRssMB: Math.max(maxRssMB(), rssPeakSampled / 1024 / 1024),
    dynamoLocalPeakRssMB: peakRssOf(dynamo.pid),
    memoryMB,
    checks,
    clockStart: CLOCK_START,
    clockEnd,
    load: { start: loadAtStart, end: loadavg()[0] ?? Number.NaN, cpus: availableParallelism() },
  };
  writeFileSync(outFile, JSON.stringify(result, null, 2));
  log(`done in ${(result.totalMs / 1000).toFixed(1)} s`);
} catch (error) {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await stack?.stop().catch(() => undefined);
  await dynamo.stop().catch(() => undefined);
}
process.exit(process.exitCode ?? 0);
