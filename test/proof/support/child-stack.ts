/**
 * The local stack as a real child process, as `npm start` runs it (the repo's Node 22 and tsx,
 * `packages/local/src/cli.ts start`), in a process group of its own so that it can be killed
 * whole — tsx, the Node process it runs the CLI in, and DynamoDB Local's JVM — with SIGKILL, and
 * started again on the same data directory.
 *
 * Log capture: when `TALENT_LOG_CAPTURE_DIR` is set, everything the child writes (stdout and
 * stderr) is also appended to `${TALENT_LOG_CAPTURE_DIR}/child-<pid>.log`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DevTokenOptions,
  issueDevToken,
  loadOrCreateSigningKey,
} from '../../../packages/local/src/token';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const NODE = join(REPO_ROOT, 'node_modules', '.bin', 'node');
const TSX = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CLI = join(REPO_ROOT, 'packages', 'local', 'src', 'cli.ts');

export interface ChildStackOptions {
  readonly dataDir: string;
  /** `--clock-start` (only used when the data dir has no clock yet). */
  readonly clockStart?: string;
  /** `--faults`: fault injection at `/_local/faults`. */
  readonly faults?: boolean;
  /** How long to wait for "ready" (default 90 s). */
  readonly startTimeoutMs?: number;
}

/** A process of the child's group, read from /proc. */
export interface GroupProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  /** Kernel state letter (R, S, Z …). */
  readonly state: string;
}

export interface KillReport {
  /** The group's processes just before the kill. */
  readonly before: readonly GroupProcess[];
  /** Processes of the group still alive (not zombies) after the kill: must be none. */
  readonly survivors: readonly GroupProcess[];
  /** Whether the gateway and DynamoDB Local ports refuse connections after the kill. */
  readonly portsClosed: boolean;
  /** The endpoints that still accepted a connection after the kill (none expected). */
  readonly stillAccepting: readonly string[];
  /** Milliseconds from the kill until the group was gone. */
  readonly goneAfterMs: number;
}

export interface ChildStack {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly pid: number;
  readonly dataDir: string;
  /** The startup time the CLI reported (ms). */
  readonly readyMs: number;
  token(options: DevTokenOptions): Promise<string>;
  /** The group's live processes (node, node, java). */
  processes(): GroupProcess[];
  /** SIGKILL to the whole process group; resolves when nothing of it runs. */
  kill(): Promise<KillReport>;
  /** SIGTERM (graceful stop), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  /** Everything the child wrote so far (the last 200 kB). */
  output(): string;
}

/** Every process whose process group is `pgid` (Linux /proc). */
export const processGroup = (pgid: number): GroupProcess[] => {
  const found: GroupProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid pgrp ... — comm may hold spaces and parentheses: split at the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const [state, ppid, pgrp] = stat
      .slice(close + 2)
      .split(' ')
      .slice(0, 3);
    if (Number(pgrp) === pgid)
      found.push({ pid: Number(entry), ppid: Number(ppid), comm, state: state ?? '?' });
  }
  return found;
};

/**
 * Whether any thread of the process still runs: a multi-threaded process (Node, the JVM) shows its
 * main thread as a zombie while the others are still exiting, holding its sockets open.
 */
const alive = (p: GroupProcess): boolean => {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${p.pid}/task`);
  } catch {
    return false;
  }
  return threads.some((tid) => {
    try {
      const stat = readFileSync(`/proc/${p.pid}/task/${tid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  });
};

const portRefuses = (url: string): Promise<boolean> =>
  new Promise((done) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(true));
  });

/** Groups this module started and has not seen die: killed when the test process exits. */
const started = new Set<number>();
process.once('exit', () => {
  for (const pgid of started) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export const startChildStack = async (options: ChildStackOptions): Promise<ChildStack> => {
  const args = [TSX, CLI, 'start', '--data-dir', options.dataDir, '--port', '0', '--quiet'];
  if (options.clockStart) args.push('--clock-start', options.clockStart);
  if (options.faults) args.push('--faults');
  // The test run's variables stay out: the CLI sets the handlers' environment itself.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(VITEST|NODE_OPTIONS|DYNAMODB_ENDPOINT|TABLE_NAME|JAVA_TOOL_OPTIONS)/.test(k)) env[k] = v;
  env.PATH = `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`;
  env.POWERTOOLS_LOG_LEVEL = env.POWERTOOLS_LOG_LEVEL ?? 'WARN';

  const child: ChildProcess = spawn(NODE, args, {
    cwd: REPO_ROOT,
    env,
    detached: true, // its own process group: kill(-pid) reaches tsx, the CLI's Node and the JVM
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the local stack did not spawn');
  started.add(pid);

  const captureDir = process.env.TALENT_LOG_CAPTURE_DIR;
  const captureFile = captureDir ? join(captureDir, `child-${pid}.log`) : undefined;
  if (captureDir) mkdirSync(captureDir, { recursive: true });
  let output = '';
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
    if (captureFile) appendFileSync(captureFile, chunk);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const startedAt = Date.now();
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  let url: string | undefined;
  let dynamoEndpoint: string | undefined;
  let readyMs = 0;
  for (;;) {
    url = /^\s+API\s+(http:\/\/\S+)/m.exec(output)?.[1];
    dynamoEndpoint = /^\s+DynamoDB\s+(http:\/\/\S+)/m.exec(output)?.[1];
    if (url && dynamoEndpoint && output.includes('Ctrl-C to stop.')) {
      readyMs = Math.round(
        Number(/Local stack ready in ([\d.]+) s/.exec(output)?.[1] ?? (Date.now() - startedAt) / 1000) * 1000,
      );
      break;
    }
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the local stack exited before it was ready:\n${output.slice(-4_000)}`);
    if (Date.now() - startedAt > timeoutMs) {
      process.kill(-pid, 'SIGKILL');
      throw new Error(`the local stack was not ready within ${timeoutMs} ms:\n${output.slice(-4_000)}`);
    }
    await sleep(50);
  }
  const gatewayUrl = url;
  const dynamo = dynamoEndpoint;
  const signingKey = loadOrCreateSigningKey(options.dataDir);

  const waitGone = async (deadlineMs: number): Promise<GroupProcess[]> => {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const left = processGroup(pid).filter(alive);
      if (left.length === 0 || Date.now() > until) return left;
      await sleep(20);
    }
  };

  return {
    url: gatewayUrl,
    dynamoEndpoint: dynamo,
    pid,
    dataDir: options.dataDir,
    readyMs,
    token: (o) => issueDevToken(o, signingKey),
    processes: () => processGroup(pid).filter(alive),
    kill: async () => {
      const before = processGroup(pid).filter(alive);
      const killedAt = Date.now();
      process.kill(-pid, 'SIGKILL');
      await exited;
      const survivors = await waitGone(5_000);
      const goneAfterMs = Date.now() - killedAt;
      if (survivors.length === 0) started.delete(pid);
      // The kernel closes a dead process's sockets as its last thread exits: wait for that (2 s).
      const stillAccepting: string[] = [];
      for (const endpoint of [gatewayUrl, dynamo]) {
        const until = Date.now() + 2_000;
        while (!(await portRefuses(endpoint)) && Date.now() < until) await sleep(20);
        if (!(await portRefuses(endpoint))) stillAccepting.push(endpoint);
      }
      return { before, survivors, portsClosed: stillAccepting.length === 0, stillAccepting, goneAfterMs };
    },
    stop: async (stopTimeoutMs = 15_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, stopTimeoutMs);
      await exited;
      clearTimeout(timer);
      const left = await waitGone(5_000);
      if (left.length > 0) process.kill(-pid, 'SIGKILL');
      started.delete(pid);
    },
    output: () => output,
  };
};

// ---------------------------------------------------------------------------------------------
// What the fault suites read and send

export interface Answer {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

/** Requests against a stack whose URL may change (a restart): `base()` is read at each call. */
export const httpClient =
  (base: () => string) =>
  async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const r = await fetch(`${base()}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await r.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: r.status, body, headers: r.headers };
  };

/** Every item of the main table (test code only: a consistent Scan), as plain objects. */
export const scanTable = async (endpoint: string, tableName = 'MainTable') => {
  const { localDocumentClient } = await import('../../../packages/local/src/aws');
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const client = localDocumentClient(endpoint);
  try {
    const items: Record<string, any>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      items.push(...((page.Items ?? []) as Record<string, any>[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  } finally {
    client.destroy();
  }
};

/** Writes items straight into the table (seeding a state the API reaches by a long way). */
export const putItems = async (endpoint: string, items: readonly Record<string, unknown>[]) => {
  const { localDocumentClient } = await import('../../../packages/local/src/aws');
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const client = localDocumentClient(endpoint);
  try {
    for (const Item of items) await client.send(new PutCommand({ TableName: 'MainTable', Item }));
  } finally {
    client.destroy();
  }
};

/** Audit records by entity and action: `count(entityId, action)`. */
export const auditIndex = (items: readonly Record<string, any>[]) => {
  const counts = new Map<string, number>();
  for (const item of items) {
    if (item.entityKind !== 'Audit') continue;
    const key = `${item.entityType}|${item.entityId}|${item.action}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    count: (entityType: string, entityId: string, action: string) =>
      counts.get(`${entityType}|${entityId}|${action}`) ?? 0,
    /** Actions recorded more than once for one entity (a repeated step), filtered by `keep`. */
    repeated: (keep: (action: string) => boolean) =>
      [...counts.entries()]
        .filter(([k, n]) => n > 1 && keep(k.split('|')[2] ?? ''))
        .map(([k, n]) => `${k} ×${n}`),
  };
};
