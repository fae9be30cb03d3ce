import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { mainTable } from '../../data/src/tables';
import { setClockSource } from '../../kernel/src/clock';
import { localDocumentClient, localDynamoClient } from './aws';
import { VirtualClock } from './clock';
import {
  createTablesFromTemplate,
  type DynamoDbLocal,
  startDynamoDbLocal,
  type TableSetupResult,
} from './dynamo';
import { applyEnvironment, buildHandlerEnvironment, type HandlerEnvironment, localOverrides } from './env';
import { EXPORTS_PATH, exportsRouteHandler } from './export-route';
import { type DynamoProxy, FAULTS_PATH, FaultInjector, faultsRouteHandler, startDynamoProxy } from './faults';
import { type Gateway, type GatewayLogger, type LocalRouteHandler, startGateway } from './gateway';
import { createLambdaRuntime } from './lambda';
import {
  CLOCK_PATH,
  clockRouteHandler,
  DEAD_LETTERS_PATH,
  deadLettersRouteHandler,
  SCHEDULES_PATH,
  schedulesRouteHandler,
} from './local-routes';
import {
  clockFile,
  DEFAULT_DATA_DIR,
  dynamoDataDir,
  exportsDir,
  REPO_ROOT,
  schedulerFile,
  stepFunctionsDir,
} from './paths';
import { LocalScheduler } from './scheduler';
import { loadOrCreatePiiHashKey } from './secrets';
import { type SeedResult, seedAgencies } from './seed';
import { claimSfnEndpoint, SFN_PATH, type SfnEndpointClaim, sfnRouteHandler } from './sfn-endpoint';
import { LocalStepFunctions } from './stepfunctions';
import type { Templates } from './template';
import { type DevTokenOptions, issueDevToken, loadOrCreateSigningKey, verifyDevToken } from './token';

export interface LocalStackOptions {
  /** Gateway port; default `PORT` or 3000; 0 = a free port. */
  readonly port?: number;
  /**
   * Default `<repo>/.local/data`: DynamoDB Local's database, the local secrets, the virtual clock,
   * the executions and the scheduler's state.
   */
  readonly dataDir?: string;
  /**
   * Keep DynamoDB Local, the virtual clock, the executions and the scheduler's state in memory
   * (secrets still live in the data dir).
   */
  readonly inMemory?: boolean;
  /** The virtual clock's first instant when the data dir has none yet (default: the real time). */
  readonly clockStart?: string | number | Date;
  /** Seed the agencies (default true). */
  readonly seed?: boolean;
  /** No info or warning output (errors still go to stderr). */
  readonly quiet?: boolean;
  /** Use this DynamoDB endpoint instead of starting DynamoDB Local (tests share the global one). */
  readonly dynamoEndpoint?: string;
  /** Use these templates instead of synthesizing the CDK app (tests, fixtures). */
  readonly templates?: Templates;
  /** Base of the functions' `talent:entry` paths (default: the repository root). */
  readonly repoRoot?: string;
  /** Log one line per request (default: not when quiet). */
  readonly logRequests?: boolean;
  readonly logger?: GatewayLogger;
  /**
   * Fault injection (faults.ts): `stack.faults` and `/_local/faults`, the handlers reaching
   * DynamoDB through a proxy that can throttle (default false: no route; the proxy then runs only
   * in front of a persisted DynamoDB Local this stack starts, to make transactions durable).
   */
  readonly faults?: boolean;
}

export interface LocalStack {
  readonly url: string;
  readonly port: number;
  readonly dynamoEndpoint: string;
  readonly dataDir: string;
  readonly templates: Templates;
  readonly tables: readonly TableSetupResult[];
  readonly seeded: SeedResult | undefined;
  readonly environment: HandlerEnvironment;
  readonly gateway: Gateway;
  /** The virtual clock: the handlers' "now", what Waits and schedules run on (`/_local/clock`). */
  readonly clock: VirtualClock;
  /** The state machines of the templates, in process (the same API `sfnEndpoint` serves). */
  readonly stepFunctions: LocalStepFunctions;
  /** The schedules of the templates, fired on the virtual clock. */
  readonly scheduler: LocalScheduler;
  /**
   * The Step Functions endpoint the handlers' SDK clients use (`SFN_ENDPOINT`): one per process,
   * serving the stack started last (see sfn-endpoint.ts); also served at `<url>/_local/sfn`.
   */
  readonly sfnEndpoint: string;
  /** Local-only routes under `/_local/` (e.g. the virtual clock). */
  readonly localRoutes: Map<string, LocalRouteHandler>;
  /** The injected faults (with `faults: true`; also at `/_local/faults`). */
  readonly faults: FaultInjector | undefined;
  /** The DynamoDB endpoint the handlers use: `dynamoEndpoint`, or the fault proxy in front of it. */
  readonly handlerDynamoEndpoint: string;
  /** Milliseconds spent in each start step. */
  readonly timings: { readonly dynamoMs: number; readonly synthMs: number; readonly totalMs: number };
  /** A dev token the gateway accepts. */
  issueToken(options: DevTokenOptions): Promise<string>;
  stop(): Promise<void>;
}

const defaultPort = (): number => {
  const fromEnv = Number(process.env.PORT);
  return process.env.PORT && Number.isInteger(fromEnv) && fromEnv >= 0 ? fromEnv : 3000;
};

/** Synthesize the CDK app (no bundling) and return its templates. */
export const synthesizeTemplates = async (): Promise<Templates> => {
  const { synthTemplates } = await import('../../../infra/src/synth');
  return synthTemplates({ bundling: false }) as unknown as Templates;
};

/**
 * The clocks of the running stacks, in start order: the last one is the kernel's clock source
 * (the domain clock is process-wide); when it stops, the one before it is again.
 */
const runningClocks: VirtualClock[] = [];
const useClock = (clock: VirtualClock | undefined): void => {
  if (clock) runningClocks.push(clock);
  const current = runningClocks.at(-1);
  setClockSource(current ? () => current.now() : undefined);
};
const releaseClock = (clock: VirtualClock): void => {
  const index = runningClocks.lastIndexOf(clock);
  if (index >= 0) runningClocks.splice(index, 1);
  useClock(undefined);
};

const startInstant = (value: LocalStackOptions['clockStart']): number | undefined => {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`clockStart: not an instant: ${String(value)}`);
  return ms;
};

/**
 * Start the whole local system: templates (synthesized unless given), DynamoDB Local (persisted
 * under the data dir unless in memory), tables and seed data, handler environment, HTTP gateway,
 * then the virtual clock's Step Functions (with its SDK endpoint) and scheduler.
 */
export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const started = Date.now();
  const quiet = options.quiet === true;
  const base = options.logger ?? {
    info: (m: string) => console.log(m),
    warn: (m: string) => console.warn(m),
    error: (m: string) => console.error(m),
  };
  const logger: GatewayLogger = quiet ? { info: () => {}, warn: () => {}, error: base.error } : base;
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });

  // DynamoDB Local boots (a JVM, ~2 s) while the CDK app synthesizes.
  let dynamoMs = 0;
  const dynamoStarted = Date.now();
  const dynamoPromise: Promise<DynamoDbLocal | undefined> = options.dynamoEndpoint
    ? Promise.resolve(undefined)
    : startDynamoDbLocal(options.inMemory ? { inMemory: true } : { dataDir: dynamoDataDir(dataDir) }).then(
        (d) => {
          dynamoMs = Date.now() - dynamoStarted;
          return d;
        },
      );
  dynamoPromise.catch(() => {}); // observed below; avoid an unhandled rejection while synthesizing

  let dynamo: DynamoDbLocal | undefined;
  let gateway: Gateway | undefined;
  let clock: VirtualClock | undefined;
  let stepFunctions: LocalStepFunctions | undefined;
  let scheduler: LocalScheduler | undefined;
  let sfnEndpointClaim: SfnEndpointClaim | undefined;
  let dynamoProxy: DynamoProxy | undefined;
  const stopAll = async (): Promise<void> => {
    // Pending waits are abandoned; executions stay RUNNING on disk for the next start.
    sfnEndpointClaim?.release();
    await scheduler?.stop();
    await stepFunctions?.stop();
    clock?.close();
    await gateway?.close();
    await dynamoProxy?.close();
    await (dynamo ?? (await dynamoPromise.catch(() => undefined)))?.stop();
    if (clock) releaseClock(clock);
  };

  try {
    // First: the seed and every handler see the virtual clock's "now".
    const start = startInstant(options.clockStart);
    const localClock = new VirtualClock({
      ...(options.inMemory ? {} : { file: clockFile(dataDir) }),
      ...(start === undefined ? {} : { start }),
    });
    clock = localClock;
    useClock(localClock);

    // Before the synth: it imports the services' route modules, and with them modules that
    // read the environment at load (the logger's level).
    const signingKey = loadOrCreateSigningKey(dataDir);
    const piiHashKey = process.env.PII_HASH_KEY || loadOrCreatePiiHashKey(dataDir);
    applyEnvironment(localOverrides({ piiHashKey }));

    const synthStarted = Date.now();
    const templates = options.templates ?? (await synthesizeTemplates());
    const synthMs = options.templates ? 0 : Date.now() - synthStarted;

    dynamo = await dynamoPromise;
    const dynamoEndpoint = options.dynamoEndpoint ?? (dynamo as DynamoDbLocal).endpoint;
    // The handlers reach DynamoDB through a proxy when faults are on, and when the stack persists its
    // own DynamoDB Local: it makes acknowledged write transactions durable (see faults.ts).
    const faults = options.faults ? new FaultInjector() : undefined;
    const persisted = !options.dynamoEndpoint && !options.inMemory;
    if (faults || persisted)
      dynamoProxy = await startDynamoProxy(dynamoEndpoint, {
        ...(faults ? { faults } : {}),
        commitTransactions: persisted,
      });
    const handlerDynamoEndpoint = dynamoProxy?.endpoint ?? dynamoEndpoint;

    const client = localDynamoClient(dynamoEndpoint);
    const documentClient = localDocumentClient(dynamoEndpoint);
    let tables: TableSetupResult[];
    let seeded: SeedResult | undefined;
    try {
      tables = await createTablesFromTemplate(templates, client);
      if (options.seed !== false) seeded = await seedAgencies(documentClient, mainTable.logicalId);
    } finally {
      documentClient.destroy();
      client.destroy();
    }

    // One Step Functions endpoint per process (see sfn-endpoint.ts): handlers read it at load.
    sfnEndpointClaim = await claimSfnEndpoint();
    const sfnEndpoint = sfnEndpointClaim.url;
    // Exports (funding): files under the data dir, large ones served by /_local/exports.
    const exportDir = exportsDir(dataDir);
    mkdirSync(exportDir, { recursive: true });
    const exportLinkKey = createHmac('sha256', piiHashKey).update('talent-local-export-links').digest('hex');
    const environment = buildHandlerEnvironment({
      templates,
      dynamoEndpoint: handlerDynamoEndpoint,
      piiHashKey,
      sfnEndpoint,
      exportDir,
      exportLinkKey,
    });
    for (const w of environment.warnings) logger.warn(w);
    applyEnvironment(environment.common);

    // One runtime for the gateway, the state machines' tasks and the schedules' targets. The
    // state machines and schedules are read before the gateway listens: a template the local
    // stack cannot run fails the start with a message naming the resource.
    const runtime = createLambdaRuntime({
      repoRoot: options.repoRoot ?? REPO_ROOT,
      environment,
      ...(faults ? { faults } : {}),
    });
    const localStepFunctions = new LocalStepFunctions({
      templates,
      clock: localClock,
      runtime,
      ...(options.inMemory ? {} : { dir: stepFunctionsDir(dataDir) }),
      logger,
    });
    const localScheduler = new LocalScheduler({
      templates,
      clock: localClock,
      runtime,
      stepFunctions: localStepFunctions,
      ...(options.inMemory ? {} : { file: schedulerFile(dataDir) }),
      logger,
    });

    gateway = await startGateway({
      templates,
      port: options.port ?? defaultPort(),
      runtime,
      verifyToken: (token) => verifyDevToken(token, signingKey),
      logger,
      logRequests: options.logRequests ?? !quiet,
      ...(faults ? { faults } : {}),
    });
    const readyGateway = gateway;

    const sfnRoute = sfnRouteHandler(localStepFunctions, logger);
    sfnEndpointClaim.serve(sfnRoute);
    readyGateway.localRoutes.set(SFN_PATH, sfnRoute);
    readyGateway.localRoutes.set(`${SFN_PATH}/`, sfnRoute);
    readyGateway.localRoutes.set(CLOCK_PATH, clockRouteHandler(localClock));
    readyGateway.localRoutes.set(DEAD_LETTERS_PATH, deadLettersRouteHandler(localScheduler));
    readyGateway.localRoutes.set(SCHEDULES_PATH, schedulesRouteHandler(localScheduler));
    readyGateway.localRoutes.set(
      EXPORTS_PATH,
      exportsRouteHandler({ dir: exportDir, now: () => localClock.now(), secret: () => exportLinkKey }),
    );

    if (faults) readyGateway.localRoutes.set(FAULTS_PATH, faultsRouteHandler(faults));

    stepFunctions = localStepFunctions;
    localStepFunctions.start();
    scheduler = localScheduler;
    localScheduler.start();

    let stopping: Promise<void> | undefined;
    return {
      url: readyGateway.url,
      port: readyGateway.port,
      dynamoEndpoint,
      dataDir,
      templates,
      tables,
      seeded,
      environment,
      gateway: readyGateway,
      clock: localClock,
      stepFunctions: localStepFunctions,
      scheduler: localScheduler,
      sfnEndpoint,
      localRoutes: readyGateway.localRoutes,
      faults,
      handlerDynamoEndpoint,
      timings: { dynamoMs, synthMs, totalMs: Date.now() - started },
      issueToken: (tokenOptions) => issueDevToken(tokenOptions, signingKey),
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (err) {
    await stopAll().catch(() => {});
    throw err;
  }
};
