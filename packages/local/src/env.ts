import { type TableDefinition, tables as tableDefinitions } from '../../data/src/tables';
import { LOCAL_ACCESS_KEY_ID, LOCAL_REGION, LOCAL_SECRET_ACCESS_KEY } from './aws';
import { intrinsicResolver, UnresolvableError } from './intrinsics';
import { readFunctions, type Templates } from './template';

/**
 * The environment the handlers see locally. On AWS each function has its own environment; in
 * one Node process they share `process.env`, so:
 * - variables on which all functions agree are set once, before the first handler import;
 * - variables whose value differs between functions (e.g. `POWERTOOLS_SERVICE_NAME`) are set
 *   just before that function's module is imported (module-load reads see the right value);
 * - local values override the template: table names, DynamoDB endpoint, region, credentials,
 *   PII hash key, log level, the Step Functions endpoint;
 * - other intrinsics resolve to their local values (`Fn::Join` of pseudo parameters, `Ref` of a
 *   table or state machine: see intrinsics.ts); what has no local value is dropped with a warning.
 */
export interface HandlerEnvironment {
  readonly common: Readonly<Record<string, string>>;
  /** By function logical id: the variables that differ between functions. */
  readonly perFunction: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** One line per dropped variable (non-string template values that have no local meaning). */
  readonly warnings: readonly string[];
}

export interface HandlerEnvironmentInput {
  readonly templates: Templates;
  readonly dynamoEndpoint: string;
  readonly piiHashKey: string;
  /** Table definitions whose `envVar` names the variable carrying the table name (default: all). */
  readonly tables?: readonly TableDefinition[];
  /** POWERTOOLS_LOG_LEVEL; default `LOG_LEVEL` or `WARN`. */
  readonly logLevel?: string;
  /** SFN_ENDPOINT: the local Step Functions endpoint (see sfn-endpoint.ts). */
  readonly sfnEndpoint?: string;
  /**
   * Where exports go locally: a function that has EXPORT_BUCKET in the template (funding) gets
   * EXPORT_DIR = this directory instead (EXPORT_BUCKET is never set locally).
   */
  readonly exportDir?: string;
  /** EXPORT_LINK_KEY: signs the local download links of large exports (see export-route.ts). */
  readonly exportLinkKey?: string;
}

/** The template variable naming the export bucket, and its local replacement. */
export const EXPORT_BUCKET_ENV = 'EXPORT_BUCKET';
export const EXPORT_DIR_ENV = 'EXPORT_DIR';

const isDynamicReference = (value: string): boolean => value.includes('{{resolve:');

/**
 * The local values that override the template: table names (by the definitions' `envVar`),
 * DynamoDB endpoint, region, credentials, PII hash key, log level. Without `dynamoEndpoint`
 * (before DynamoDB Local is up) the rest can already be applied: modules that read the
 * environment at load (the logger) may be imported by the synth, before any handler.
 */
export const localOverrides = (
  input: Pick<
    HandlerEnvironmentInput,
    'piiHashKey' | 'tables' | 'logLevel' | 'sfnEndpoint' | 'exportLinkKey'
  > & {
    readonly dynamoEndpoint?: string;
  },
): Record<string, string> => {
  const overrides: Record<string, string> = {
    ...(input.dynamoEndpoint ? { DYNAMODB_ENDPOINT: input.dynamoEndpoint } : {}),
    ...(input.sfnEndpoint ? { SFN_ENDPOINT: input.sfnEndpoint } : {}),
    ...(input.exportLinkKey ? { EXPORT_LINK_KEY: input.exportLinkKey } : {}),
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: LOCAL_SECRET_ACCESS_KEY,
    PII_HASH_KEY: input.piiHashKey,
    POWERTOOLS_LOG_LEVEL: input.logLevel ?? process.env.LOG_LEVEL ?? 'WARN',
  };
  for (const def of input.tables ?? tableDefinitions) overrides[def.envVar] = def.logicalId;
  return overrides;
};

export const buildHandlerEnvironment = (input: HandlerEnvironmentInput): HandlerEnvironment => {
  const intrinsics = intrinsicResolver(input.templates);
  const overrides = localOverrides(input);

  const dropped = new Map<string, string>();
  const resolved = new Map<string, Record<string, string>>();
  for (const [logicalId, fn] of readFunctions(input.templates)) {
    const vars: Record<string, string> = {};
    for (const [name, value] of Object.entries(fn.environment)) {
      if (name in overrides) continue;
      if (name === EXPORT_BUCKET_ENV) {
        if (input.exportDir) vars[EXPORT_DIR_ENV] = input.exportDir;
        continue;
      }
      let reason: string;
      try {
        const local = intrinsics.resolveString(value);
        if (!isDynamicReference(local)) {
          vars[name] = local;
          continue;
        }
        reason = 'a dynamic reference in the template';
      } catch (err) {
        if (!(err instanceof UnresolvableError)) throw err;
        reason = err.message;
      }
      if (!dropped.has(name)) {
        dropped.set(name, `[local] env ${name} (${fn.service}) dropped: ${reason}, no local value`);
      }
    }
    resolved.set(logicalId, vars);
  }

  // Split into what all functions agree on and what differs.
  const names = new Set([...resolved.values()].flatMap((v) => Object.keys(v)));
  const common: Record<string, string> = {};
  const perFunction = new Map<string, Record<string, string>>();
  for (const name of names) {
    const values = new Set([...resolved.values()].map((v) => v[name]));
    if (values.size === 1 && !values.has(undefined)) {
      common[name] = [...values][0] as string;
      continue;
    }
    for (const [id, vars] of resolved) {
      const value = vars[name];
      if (value === undefined) continue;
      const own = perFunction.get(id) ?? {};
      own[name] = value;
      perFunction.set(id, own);
    }
  }
  return { common: { ...common, ...overrides }, perFunction, warnings: [...dropped.values()] };
};

export const applyEnvironment = (vars: Readonly<Record<string, string>>): void => {
  for (const [name, value] of Object.entries(vars)) process.env[name] = value;
};
