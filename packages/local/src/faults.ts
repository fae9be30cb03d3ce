import { createServer, Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalRouteHandler, LocalRouteResponse } from './gateway';
import type { FunctionDefinition } from './template';

/**
 * Fault injection for the local stack (`startLocalStack({ faults: true })`, `npm start -- --faults`,
 * `/_local/faults`): what the platform's failure handling is proved against.
 *
 * - **Lambda faults** make invocations of a named function (its logical id or service name, e.g.
 *   `lifecycle`) that the local Step Functions or scheduler make fail with a given Lambda error
 *   type (default `Lambda.TooManyRequestsException`, the throttle Step Functions retries):
 *   `phase: 'before'` the function does not run (Lambda refused the invoke), `'after'` it runs and
 *   its result is lost (the caller sees the error, the function's writes stand: at-least-once).
 *   `match` narrows to invocations whose event has these top-level values
 *   (`{ action: 'close-stage', stageId: 'nomination' }`). `delayMs` holds the invocation (real
 *   time) first; with `error: null` it only holds (a slow task, or one to kill the stack in).
 * - **DynamoDB faults**: with faults on, the handlers reach DynamoDB Local through a proxy that
 *   answers chosen requests as DynamoDB does when it throttles — HTTP 400
 *   `ProvisionedThroughputExceededException` (default), `ThrottlingException`,
 *   `RequestLimitExceeded`, HTTP 500 `InternalServerError`, or for `TransactWriteItems` a
 *   `TransactionCanceledException` whose cancellation reason is `ThrottlingError` — so the SDK's
 *   own retries, and what the code does when they run out, are the real ones. `operations`
 *   (`PutItem`, `TransactWriteItems`, ...), `contains` (text in the request body) and `function`
 *   (only while an invocation of that function is in flight in this process) narrow the requests.
 *   `phase: 'after'` lets the request reach DynamoDB Local (it commits) and replaces the answer.
 * - `skip` requests or invocations pass first, then `count` (default 1) fail. At most one fault
 *   applies to a request: the first added that matches it and is not used up.
 *
 * Nothing is injected unless asked; without `faults: true` there is no route, and the proxy only
 * runs in front of a persisted DynamoDB Local the stack started (for durable transactions: see
 * {@link DynamoProxyOptions.commitTransactions}).
 */

export type FaultPhase = 'before' | 'after';
type Scalar = string | number | boolean | null;

interface FaultCommon {
  /** Requests/invocations that match and pass before the fault starts (default 0). */
  readonly skip?: number;
  /** How many matching requests/invocations fail (default 1). */
  readonly count?: number;
  /** Default `before`. */
  readonly phase?: FaultPhase;
  /** Error type/code; `null`: no error, only the delay. */
  readonly error?: string | null;
  readonly message?: string;
  /** Real milliseconds to hold the request/invocation before answering (default 0). */
  readonly delayMs?: number;
}

export interface LambdaFaultSpec extends FaultCommon {
  readonly kind: 'lambda';
  /** The function: logical id or service name (`lifecycle`), or `*`. */
  readonly function: string;
  /** Only events with these top-level values. */
  readonly match?: Readonly<Record<string, Scalar>>;
}

export interface DynamoFaultSpec extends FaultCommon {
  readonly kind: 'dynamodb';
  /** DynamoDB operations (`X-Amz-Target` without the version prefix); default all. */
  readonly operations?: readonly string[];
  /** Only requests whose JSON body contains this text. */
  readonly contains?: string;
  /** Only while an invocation of this function (logical id or service name) is in flight. */
  readonly function?: string;
}

export type FaultSpec = LambdaFaultSpec | DynamoFaultSpec;

export interface FaultStatus {
  readonly id: string;
  readonly spec: FaultSpec;
  /** Matching requests/invocations seen (passed by `skip` or failed). */
  readonly matched: number;
  /** How many it failed (or held). */
  readonly fired: number;
  readonly remaining: number;
}

export interface FaultEvent {
  readonly faultId: string;
  readonly kind: FaultSpec['kind'];
  /** The function, or the DynamoDB operation. */
  readonly target: string;
  readonly phase: FaultPhase;
  readonly error: string | null;
  readonly at: string;
}

export interface FaultStats {
  /** DynamoDB requests the proxy forwarded or answered, by operation. */
  readonly dynamodb: Readonly<Record<string, number>>;
  /** Invocations by function service name (tasks and schedule targets). */
  readonly lambda: Readonly<Record<string, number>>;
  /** The last 500 DynamoDB operations, oldest first (what the k-th call of a request is). */
  readonly dynamodbTrace: readonly string[];
}

/** What a fault does to one request or invocation. */
export interface FaultDecision {
  readonly faultId: string;
  readonly phase: FaultPhase;
  readonly error: string | null;
  readonly message: string;
  readonly delayMs: number;
}

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

const LAMBDA_DEFAULT_ERROR = 'Lambda.TooManyRequestsException';
const DYNAMO_DEFAULT_ERROR = 'ProvisionedThroughputExceededException';

/** The messages AWS sends with these errors. */
const MESSAGES: Record<string, string> = {
  'Lambda.TooManyRequestsException': 'Rate Exceeded.',
  'Lambda.ServiceException': 'Lambda was unable to process the request (injected).',
  ProvisionedThroughputExceededException:
    'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  ThrottlingException: 'Rate of requests exceeds the allowed throughput.',
  RequestLimitExceeded:
    'Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase',
  InternalServerError: 'Internal server error',
  TransactionCanceledException:
    'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError]',
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Checks a spec as sent to `/_local/faults`; throws {@link FaultSpecError} naming the field. */
export const parseFaultSpec = (value: unknown): FaultSpec => {
  if (!isRecord(value)) throw new FaultSpecError('a fault is an object');
  const fail = (message: string): never => {
    throw new FaultSpecError(message);
  };
  const { kind } = value;
  const common = ['kind', 'skip', 'count', 'phase', 'error', 'message', 'delayMs'];
  const own = kind === 'lambda' ? ['function', 'match'] : ['operations', 'contains', 'function'];
  if (kind !== 'lambda' && kind !== 'dynamodb') fail('kind: "lambda" or "dynamodb"');
  const unknown = Object.keys(value).filter((k) => !common.includes(k) && !own.includes(k));
  if (unknown.length > 0) fail(`unknown field(s): ${unknown.join(', ')}`);
  for (const field of ['skip', 'count', 'delayMs'] as const)
    if (value[field] !== undefined && !isCount(value[field])) fail(`${field}: a non-negative integer`);
  if (value.phase !== undefined && value.phase !== 'before' && value.phase !== 'after')
    fail('phase: "before" or "after"');
  if (value.error !== undefined && value.error !== null && (typeof value.error !== 'string' || !value.error))
    fail('error: an error type, or null for a delay only');
  if (value.message !== undefined && typeof value.message !== 'string') fail('message: a string');
  if (kind === 'lambda') {
    if (typeof value.function !== 'string' || value.function === '') fail('function: a function name');
    if (value.match !== undefined) {
      if (!isRecord(value.match)) fail('match: an object of top-level event values');
      for (const [k, v] of Object.entries(value.match as Record<string, unknown>))
        if (v !== null && !['string', 'number', 'boolean'].includes(typeof v))
          fail(`match.${k}: a string, number, boolean or null`);
    }
  } else {
    if (
      value.operations !== undefined &&
      (!Array.isArray(value.operations) || value.operations.some((o) => typeof o !== 'string'))
    )
      fail('operations: DynamoDB operation names');
    if (value.contains !== undefined && typeof value.contains !== 'string') fail('contains: a string');
    if (value.function !== undefined && typeof value.function !== 'string') fail('function: a function name');
  }
  return value as unknown as FaultSpec;
};

interface ActiveFault {
  readonly id: string;
  readonly spec: FaultSpec;
  matched: number;
  fired: number;
}

const namesOf = (fn: Pick<FunctionDefinition, 'logicalId' | 'service'>) => [fn.logicalId, fn.service];

/** The faults of one local stack, and the counts of what passed through. */
export class FaultInjector {
  #faults: ActiveFault[] = [];
  #next = 1;
  readonly #events: FaultEvent[] = [];
  #dynamo: Record<string, number> = {};
  #lambda: Record<string, number> = {};
  readonly #trace: string[] = [];
  /** Invocations in flight, by function logical id and service name. */
  readonly #inFlight = new Map<string, number>();

  /** Adds a fault; returns its id. */
  add(spec: FaultSpec): string {
    const parsed = parseFaultSpec(spec);
    const id = `fault-${this.#next++}`;
    this.#faults.push({ id, spec: parsed, matched: 0, fired: 0 });
    return id;
  }

  /** Removes every fault (the counts stay). */
  clear(): void {
    this.#faults = [];
  }

  /** Zeroes the request and invocation counts and forgets the events. */
  resetStats(): void {
    this.#dynamo = {};
    this.#lambda = {};
    this.#events.length = 0;
    this.#trace.length = 0;
  }

  list(): FaultStatus[] {
    return this.#faults.map((f) => ({
      id: f.id,
      spec: f.spec,
      matched: f.matched,
      fired: f.fired,
      remaining: Math.max(0, (f.spec.count ?? 1) - f.fired),
    }));
  }

  /** The faults that fired, oldest first (the last 500). */
  events(): FaultEvent[] {
    return [...this.#events];
  }

  stats(): FaultStats {
    return { dynamodb: { ...this.#dynamo }, lambda: { ...this.#lambda }, dynamodbTrace: [...this.#trace] };
  }

  /** An invocation of `fn` starts; call the returned function when it ends. */
  enter(fn: Pick<FunctionDefinition, 'logicalId' | 'service'>): () => void {
    for (const name of namesOf(fn)) this.#inFlight.set(name, (this.#inFlight.get(name) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      for (const name of namesOf(fn)) this.#inFlight.set(name, (this.#inFlight.get(name) ?? 1) - 1);
    };
  }

  /** What to do to this invocation of `fn` (counted), if anything. */
  lambda(fn: Pick<FunctionDefinition, 'logicalId' | 'service'>, event: unknown): FaultDecision | undefined {
    this.#lambda[fn.service] = (this.#lambda[fn.service] ?? 0) + 1;
    return this.#decide(
      (spec) =>
        spec.kind === 'lambda' &&
        (spec.function === '*' || namesOf(fn).includes(spec.function)) &&
        Object.entries(spec.match ?? {}).every(([k, v]) => isRecord(event) && event[k] === v),
      fn.service,
      LAMBDA_DEFAULT_ERROR,
    );
  }

  /** What to do to this DynamoDB request (counted), if anything. */
  dynamodb(operation: string, body: string): FaultDecision | undefined {
    this.#dynamo[operation] = (this.#dynamo[operation] ?? 0) + 1;
    this.#trace.push(operation);
    if (this.#trace.length > 500) this.#trace.shift();
    return this.#decide(
      (spec) =>
        spec.kind === 'dynamodb' &&
        (spec.operations === undefined || spec.operations.includes(operation)) &&
        (spec.contains === undefined || body.includes(spec.contains)) &&
        (spec.function === undefined || (this.#inFlight.get(spec.function) ?? 0) > 0),
      operation,
      DYNAMO_DEFAULT_ERROR,
    );
  }

  #decide(
    matches: (spec: FaultSpec) => boolean,
    target: string,
    defaultError: string,
  ): FaultDecision | undefined {
    const fault = this.#faults.find((f) => f.fired < (f.spec.count ?? 1) && matches(f.spec));
    if (!fault) return undefined;
    fault.matched += 1;
    if (fault.matched <= (fault.spec.skip ?? 0)) return undefined;
    fault.fired += 1;
    const error = fault.spec.error === null ? null : (fault.spec.error ?? defaultError);
    const phase = fault.spec.phase ?? 'before';
    this.#events.push({
      faultId: fault.id,
      kind: fault.spec.kind,
      target,
      phase,
      error,
      at: new Date().toISOString(),
    });
    if (this.#events.length > 500) this.#events.shift();
    return {
      faultId: fault.id,
      phase,
      error,
      message: fault.spec.message ?? (error ? (MESSAGES[error] ?? `${error} (injected)`) : ''),
      delayMs: fault.spec.delayMs ?? 0,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The DynamoDB proxy

/** DynamoDB's JSON error answer for an error code. */
const dynamoError = (code: string, message: string, body: string) => {
  const status = code === 'InternalServerError' || code === 'ServiceUnavailable' ? 500 : 400;
  const prefix =
    code === 'ThrottlingException' ? 'com.amazon.coral.availability' : 'com.amazonaws.dynamodb.v20120810';
  const payload: Record<string, unknown> = { __type: `${prefix}#${code}`, message };
  if (code === 'TransactionCanceledException') {
    // One reason per item: the first is throttled, the others not evaluated (as DynamoDB reports it).
    let items = 1;
    try {
      const parsed = JSON.parse(body) as { TransactItems?: unknown[] };
      items = Math.max(1, parsed.TransactItems?.length ?? 1);
    } catch {
      // keep one
    }
    payload.CancellationReasons = Array.from({ length: items }, (_, i) =>
      i === 0
        ? {
            Code: 'ThrottlingError',
            Message: 'Throughput exceeds the current capacity of your table or index (injected).',
          }
        : { Code: 'None' },
    );
  }
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': `injected-${Date.now()}`,
      'x-amzn-errortype': code,
    },
    body: Buffer.from(JSON.stringify(payload)),
  };
};

const readAll = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((done, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export interface DynamoProxy {
  /** What the handlers use as DYNAMODB_ENDPOINT. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface DynamoProxyOptions {
  /** Faults to answer some requests with (none: every request is forwarded). */
  readonly faults?: FaultInjector;
  /**
   * Make each write transaction durable before it is acknowledged (a persisted DynamoDB Local).
   * DynamoDB Local (2026-05-28) answers `TransactWriteItems` before the transaction is on disk:
   * killed right after the answer (SIGKILL, a crash) it comes back without the last transaction
   * it acknowledged (whole: never half of one); once it has served another request, the
   * transaction is there. So the proxy sends one (`ListTables`, `Limit: 1`) after each
   * successful write transaction, and answers after it. PutItem/UpdateItem/DeleteItem were
   * durable when answered.
   */
  readonly commitTransactions?: boolean;
}

/** Operations that DynamoDB Local acknowledges before they are durable (see `commitTransactions`). */
const DEFERRED_COMMIT = new Set(['TransactWriteItems', 'BatchWriteItem']);

/**
 * A proxy in front of DynamoDB Local for the handlers: lets {@link FaultInjector} answer some
 * requests, and makes write transactions durable before they are acknowledged.
 */
export const startDynamoProxy = async (
  target: string,
  options: DynamoProxyOptions = {},
): Promise<DynamoProxy> => {
  const { faults, commitTransactions = false } = options;
  const upstream = new URL(target);
  const agent = new HttpAgent({ keepAlive: true });
  type Forwarded = { status: number; headers: Record<string, string>; body: Buffer };
  const forward = (
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
  ): Promise<Forwarded> =>
    new Promise<Forwarded>((done, reject) => {
      const out = httpRequest(
        {
          protocol: upstream.protocol,
          hostname: upstream.hostname,
          port: upstream.port,
          method,
          path,
          headers: { ...headers, host: upstream.host },
          agent,
        },
        (response) => {
          readAll(response).then(
            (b) =>
              done({
                status: response.statusCode ?? 502,
                headers: Object.fromEntries(
                  Object.entries(response.headers)
                    .filter(([k, v]) => v !== undefined && k !== 'connection' && k !== 'transfer-encoding')
                    .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
                ),
                body: b,
              }),
            reject,
          );
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  const commit = (headers: Record<string, string | string[] | undefined>) => {
    const body = Buffer.from('{"Limit":1}');
    return forward(
      'POST',
      '/',
      {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization: headers.authorization,
        'x-amz-date': headers['x-amz-date'],
        'content-length': String(body.length),
      },
      body,
    );
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const text = body.toString('utf8');
      const amzTarget = String(req.headers['x-amz-target'] ?? '');
      const operation = amzTarget.includes('.') ? amzTarget.slice(amzTarget.indexOf('.') + 1) : 'unknown';
      const decision = faults?.dynamodb(operation, text);
      const answerWith = (r: { status: number; headers: Record<string, string>; body: Buffer }) => {
        res.writeHead(r.status, { ...r.headers, 'content-length': String(r.body.length) });
        res.end(r.body);
      };
      if (decision?.phase === 'before') {
        if (decision.delayMs > 0) await sleep(decision.delayMs);
        if (decision.error) return answerWith(dynamoError(decision.error, decision.message, text));
      }
      const forwarded = await forward(req.method ?? 'POST', req.url ?? '/', req.headers, body);
      if (commitTransactions && DEFERRED_COMMIT.has(operation) && forwarded.status === 200)
        await commit(req.headers);
      if (decision?.phase === 'after') {
        if (decision.delayMs > 0) await sleep(decision.delayMs);
        if (decision.error) return answerWith(dynamoError(decision.error, decision.message, text));
      }
      answerWith(forwarded);
    })().catch(() => {
      // DynamoDB Local went away (the stack is stopping): the SDK sees a dropped connection.
      res.destroy();
    });
  });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => {
      closing ??= new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
        agent.destroy();
      });
      return closing;
    },
  };
};

// ---------------------------------------------------------------------------------------------
// The route

export const FAULTS_PATH = '/_local/faults';

const json = (status: number, body: unknown): LocalRouteResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const problem = (status: number, detail: string): LocalRouteResponse => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  body: JSON.stringify({
    type: status === 422 ? '/problems/validation' : '/problems/malformed-request',
    title: status === 422 ? 'Invalid fault' : 'Malformed JSON',
    status,
    detail,
    instance: FAULTS_PATH,
  }),
});

/**
 * `GET /_local/faults` → `{ faults, events, stats }`; `POST` a fault (or `{ "faults": [...] }`) →
 * 201 `{ ids }`; `DELETE` → removes every fault (`?stats=reset` also zeroes the counts) → 204.
 */
export const faultsRouteHandler =
  (faults: FaultInjector): LocalRouteHandler =>
  async (req, body) => {
    if (req.method === 'GET')
      return json(200, { faults: faults.list(), events: faults.events(), stats: faults.stats() });
    if (req.method === 'DELETE') {
      faults.clear();
      if ((req.url ?? '').includes('stats=reset')) faults.resetStats();
      return { status: 204, headers: {} };
    }
    if (req.method !== 'POST') return { status: 405, headers: { allow: 'GET, POST, DELETE' } };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return problem(400, 'The body is not JSON');
    }
    const specs = isRecord(parsed) && Array.isArray(parsed.faults) ? parsed.faults : [parsed];
    let checked: FaultSpec[];
    try {
      checked = specs.map(parseFaultSpec);
    } catch (err) {
      if (err instanceof FaultSpecError) return problem(422, err.message);
      throw err;
    }
    return json(201, { ids: checked.map((s) => faults.add(s)) });
  };
