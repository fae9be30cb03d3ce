import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GatewayLogger, type LocalRouteHandler, type LocalRouteResponse, readBody } from './gateway';
import { type LocalStepFunctions, SfnError } from './stepfunctions';

/**
 * The local Step Functions behind the AWS JSON 1.0 protocol that `@aws-sdk/client-sfn` speaks:
 * `POST` with `X-Amz-Target: AWSStepFunctions.<Operation>` and a JSON body; timestamps as epoch
 * seconds; errors as status 400 `{ "__type": "<code>", "message": "..." }`. Signatures are not
 * checked.
 *
 * Served twice: by the gateway at `/_local/sfn` (for people: `aws stepfunctions --endpoint-url`),
 * and on a port of its own that stays the same for the life of the process, which is what
 * `SFN_ENDPOINT` points the handlers at. Handler modules are imported once per process and build
 * their SFN client at load: a second local stack in the same process (a restart in a test) gets
 * another gateway port, but its handlers keep the first endpoint, so that endpoint serves the
 * running stack started last (as the kernel's clock source does).
 */

export const SFN_PATH = '/_local/sfn';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AWSStepFunctions.';

type Operation = (api: LocalStepFunctions, input: Record<string, unknown>) => Promise<unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

const OPERATIONS: Record<string, Operation> = {
  StartExecution: (api, i) =>
    api.startExecution({
      stateMachineArn: str(i.stateMachineArn),
      name: str(i.name),
      input: i.input === undefined ? undefined : (i.input as string),
    }),
  DescribeExecution: (api, i) => api.describeExecution({ executionArn: str(i.executionArn) }),
  ListExecutions: (api, i) =>
    api.listExecutions({
      stateMachineArn: str(i.stateMachineArn),
      statusFilter: str(i.statusFilter),
      maxResults: num(i.maxResults),
      nextToken: str(i.nextToken),
    }),
  StopExecution: (api, i) =>
    api.stopExecution({ executionArn: str(i.executionArn), error: str(i.error), cause: str(i.cause) }),
  GetExecutionHistory: (api, i) =>
    api.getExecutionHistory({
      executionArn: str(i.executionArn),
      maxResults: num(i.maxResults),
      reverseOrder: i.reverseOrder === true,
      nextToken: str(i.nextToken),
      includeExecutionData: i.includeExecutionData !== false,
    }),
};

/** Dates become epoch seconds, as the JSON protocol sends timestamps. */
const toWire = (value: unknown): unknown => {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
};

const reply = (status: number, body: unknown, errorType?: string): LocalRouteResponse => ({
  status,
  headers: { 'content-type': CONTENT_TYPE, ...(errorType ? { 'x-amzn-errortype': errorType } : {}) },
  body: JSON.stringify(body),
});

const error = (status: number, code: string, message: string): LocalRouteResponse =>
  reply(status, { __type: code, message }, code);

export const sfnRouteHandler =
  (api: LocalStepFunctions, logger?: GatewayLogger): LocalRouteHandler =>
  async (req, body) => {
    if (req.method !== 'POST') return error(405, 'UnknownOperationException', 'POST only');
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX)
      ? OPERATIONS[target.slice(TARGET_PREFIX.length)]
      : undefined;
    if (!operation)
      return error(
        400,
        'UnknownOperationException',
        `Operation ${target || '(no X-Amz-Target)'} is not served locally`,
      );
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return error(400, 'SerializationException', 'The request body is not JSON');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return error(400, 'SerializationException', 'The request body is not a JSON object');
    try {
      return reply(200, toWire(await operation(api, input as Record<string, unknown>)));
    } catch (err) {
      if (err instanceof SfnError) return error(400, err.code, err.message);
      logger?.error(
        `[local] ${target} failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
      );
      return error(500, 'InternalFailure', 'The local Step Functions failed; see the stack log');
    }
  };

const MAX_REQUEST_BYTES = 1024 * 1024;

interface SharedEndpoint {
  readonly url: string;
  /** The handlers of the running stacks, in start order: the last one serves. */
  readonly handlers: LocalRouteHandler[];
}

let shared: Promise<SharedEndpoint> | undefined;

const listen = (): Promise<SharedEndpoint> =>
  new Promise((done, reject) => {
    const endpoint = { url: '', handlers: [] as LocalRouteHandler[] };
    const server = createServer((req, res) => {
      const respond = (r: LocalRouteResponse): void => {
        res.writeHead(r.status, { ...r.headers });
        res.end(r.body);
      };
      readBody(req, MAX_REQUEST_BYTES)
        .then((body) => {
          if (body === 'too-large') return error(413, 'ValidationException', 'The request is too large');
          const current = endpoint.handlers.at(-1);
          if (!current) return error(503, 'ServiceUnavailable', 'No local stack is running');
          return current(req, body);
        })
        .then(respond, () => respond(error(500, 'InternalFailure', 'The local Step Functions failed')));
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref(); // never what keeps the process alive
      endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      done(endpoint);
    });
  });

export interface SfnEndpointClaim {
  /** The process's Step Functions endpoint. */
  readonly url: string;
  /** From now on the endpoint is served by `handler` (until a stack started later serves it). */
  serve(handler: LocalRouteHandler): void;
  /** Stops serving it (if this claim still does). */
  release(): void;
}

/** Claims the process's Step Functions endpoint (started on first use). */
export const claimSfnEndpoint = async (): Promise<SfnEndpointClaim> => {
  shared ??= listen();
  shared.catch(() => {
    shared = undefined;
  });
  const endpoint = await shared;
  let served: LocalRouteHandler | undefined;
  return {
    url: endpoint.url,
    serve: (handler) => {
      served = handler;
      endpoint.handlers.push(handler);
    },
    release: () => {
      const index = served ? endpoint.handlers.lastIndexOf(served) : -1;
      if (index >= 0) endpoint.handlers.splice(index, 1);
      served = undefined;
    },
  };
};
