import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { mainTable } from '../../data/src/tables';
import { localDocumentClient, localDynamoClient } from './aws';
import {
  createTablesFromTemplate,
  type DynamoDbLocal,
  startDynamoDbLocal,
  type TableSetupResult,
} from './dynamo';
import { applyEnvironment, buildHandlerEnvironment, type HandlerEnvironment, localOverrides } from './env';
import { type Gateway, type GatewayLogger, type LocalRouteHandler, startGateway } from './gateway';
import { DEFAULT_DATA_DIR, dynamoDataDir, REPO_ROOT } from './paths';
import { loadOrCreatePiiHashKey } from './secrets';
import { type SeedResult, seedAgencies } from './seed';
import type { Templates } from './template';
import { type DevTokenOptions, issueDevToken, loadOrCreateSigningKey, verifyDevToken } from './token';

export interface LocalStackOptions {
  /** Gateway port; default `PORT` or 3000; 0 = a free port. */
  readonly port?: number;
  /** Default `<repo>/.local/data`: DynamoDB Local's database and the local secrets. */
  readonly dataDir?: string;
  /** Keep DynamoDB Local in memory (secrets still live in the data dir). */
  readonly inMemory?: boolean;
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
  /** Local-only routes under `/_local/` (e.g. the virtual clock). */
  readonly localRoutes: Map<string, LocalRouteHandler>;
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
 * Start the whole local system: templates (synthesized unless given), DynamoDB Local (persisted
 * under the data dir unless in memory), tables and seed data, handler environment, HTTP gateway.
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
  const stopAll = async (): Promise<void> => {
    await gateway?.close();
    await (dynamo ?? (await dynamoPromise.catch(() => undefined)))?.stop();
  };

  try {
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

    const environment = buildHandlerEnvironment({ templates, dynamoEndpoint, piiHashKey });
    for (const w of environment.warnings) logger.warn(w);
    applyEnvironment(environment.common);

    gateway = await startGateway({
      templates,
      port: options.port ?? defaultPort(),
      repoRoot: options.repoRoot ?? REPO_ROOT,
      environment,
      verifyToken: (token) => verifyDevToken(token, signingKey),
      logger,
      logRequests: options.logRequests ?? !quiet,
    });
    const readyGateway = gateway;

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
      localRoutes: readyGateway.localRoutes,
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
