import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { renderClaimsLikeApiGateway } from '../../http/src/claims';
import { redactPersonalData } from '../../kernel/src/redact';
import type { HandlerEnvironment } from './env';
import type { FaultInjector } from './faults';
import { createLambdaRuntime, type LambdaHandler, type LambdaRuntime, lambdaContext } from './lambda';
import {
  type ApiModel,
  type FunctionDefinition,
  type RouteDefinition,
  readApiModel,
  type Templates,
} from './template';

/** API Gateway's payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** API Gateway's maximum integration timeout (HTTP APIs). */
export const INTEGRATION_TIMEOUT_MS = 30_000;
/** Requests under this prefix never reach a Lambda; the local stack serves them. */
export const LOCAL_PREFIX = '/_local/';

export interface LocalRouteResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}
/** A local-only route (`/_local/...`), keyed by path; it sees every method. */
export type LocalRouteHandler = (req: IncomingMessage, body: Buffer) => Promise<LocalRouteResponse>;

/** Verifies a bearer token; returns its claims or null. */
export type TokenVerifier = (token: string) => Promise<Record<string, unknown> | null>;

export interface GatewayLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface GatewayOptions {
  readonly templates: Templates;
  readonly verifyToken: TokenVerifier;
  /** 0 or undefined: a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Base of the functions' `talent:entry` paths (default: the repository root). */
  readonly repoRoot?: string;
  /** Applied to process.env before the first handler import (see env.ts). */
  readonly environment?: HandlerEnvironment;
  /** The in-process Lambda runtime to share (default: one built from `repoRoot` and `environment`). */
  readonly runtime?: LambdaRuntime;
  readonly localRoutes?: Map<string, LocalRouteHandler>;
  readonly logger?: GatewayLogger;
  /** Log one line per request. */
  readonly logRequests?: boolean;
  readonly maxBodyBytes?: number;
  readonly integrationTimeoutMs?: number;
  /** Injected faults (faults.ts): the API functions' invocations are tracked as in flight. */
  readonly faults?: FaultInjector;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly model: ApiModel;
  /** The in-process Lambda runtime the gateway invokes handlers through. */
  readonly runtime: LambdaRuntime;
  /** Register local-only routes here (keys start with `/_local/`). */
  readonly localRoutes: Map<string, LocalRouteHandler>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Route matching

type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; name: string }
  | { kind: 'greedy'; name: string };

export interface CompiledRoute extends RouteDefinition {
  readonly segments: readonly Segment[] | null; // null: `$default`
}

export const compileRoute = (route: RouteDefinition): CompiledRoute => {
  if (route.routeKey === '$default') return { ...route, segments: null };
  const segments = route.path
    .replace(/^\//, '')
    .split('/')
    .map((s): Segment => {
      const greedy = /^\{(.+)\+\}$/.exec(s);
      if (greedy?.[1]) return { kind: 'greedy', name: greedy[1] };
      const param = /^\{(.+)\}$/.exec(s);
      if (param?.[1]) return { kind: 'param', name: param[1] };
      return { kind: 'literal', value: s };
    });
  return { ...route, segments };
};

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Path parameters (URL-decoded) if the route's path matches the raw path, else null. */
const matchPath = (segments: readonly Segment[], rawPath: string): Record<string, string> | null => {
  const parts = rawPath.replace(/^\//, '').split('/');
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as Segment;
    if (seg.kind === 'greedy') {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return null;
      params[seg.name] = decode(rest.join('/'));
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (seg.kind === 'literal') {
      if (part !== seg.value) return null;
    } else {
      if (part === '') return null;
      params[seg.name] = decode(part);
    }
  }
  return parts.length === segments.length ? params : null;
};

const RANK: Record<Segment['kind'], number> = { literal: 2, param: 1, greedy: 0 };

/** Negative when `a` is more specific than `b` (literal > {param} > {proxy+}, then method > ANY). */
const bySpecificity = (a: CompiledRoute, b: CompiledRoute): number => {
  if (a.segments === null || b.segments === null)
    return (a.segments === null ? 1 : 0) - (b.segments === null ? 1 : 0);
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const ra = a.segments[i] ? RANK[(a.segments[i] as Segment).kind] : -1;
    const rb = b.segments[i] ? RANK[(b.segments[i] as Segment).kind] : -1;
    if (ra !== rb) return rb - ra;
  }
  return (a.method === 'ANY' ? 1 : 0) - (b.method === 'ANY' ? 1 : 0);
};

export interface RouteMatch {
  readonly route: CompiledRoute;
  readonly pathParameters: Record<string, string>;
}

export const matchRoute = (
  routes: readonly CompiledRoute[],
  method: string,
  rawPath: string,
): RouteMatch | null => {
  const candidates: RouteMatch[] = [];
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    if (route.segments === null) {
      candidates.push({ route, pathParameters: {} });
      continue;
    }
    const params = matchPath(route.segments, rawPath);
    if (params) candidates.push({ route, pathParameters: params });
  }
  candidates.sort((a, b) => bySpecificity(a.route, b.route));
  return candidates[0] ?? null;
};

// ---------------------------------------------------------------------------------------------
// Event building

const TEXT_TYPES = /^(text\/|application\/(json|javascript|xml|graphql)\b|[^;]*\+(json|xml)\b)/i;

/** Whether API Gateway passes a body of this content type as text (otherwise base64). */
export const isTextContentType = (contentType: string | undefined): boolean =>
  contentType !== undefined && TEXT_TYPES.test(contentType.trim());

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `12/Mar/2020:19:03:58 +0000`, as in `requestContext.time`. */
export const formatRequestTime = (d: Date): string =>
  `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000`;

/** An API Gateway-like request id (`BdLCgiUhoAMEc4Q=`). */
export const newRequestId = (): string => randomBytes(11).toString('base64');

export interface RawRequest {
  readonly method: string;
  /** Path and query as received (`/a/b%20c?x=1`). */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value... */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly httpVersion: string;
  readonly localPort: number;
}

export interface BuildEventInput {
  readonly request: RawRequest;
  readonly match: RouteMatch;
  readonly requestId: string;
  /** Verified claims; present on JWT routes. */
  readonly claims?: Record<string, unknown>;
  readonly now?: Date;
}

/** The exact API Gateway HTTP API payload 2.0 event for a request. */
export const buildEvent = (
  input: BuildEventInput,
): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer => {
  const { request, match, requestId } = input;
  const now = input.now ?? new Date();
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart < 0 ? '' : request.url.slice(queryStart + 1);

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] as string).toLowerCase();
    const value = request.rawHeaders[i + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  headers['x-forwarded-for'] ??= request.sourceIp;
  headers['x-forwarded-port'] ??= String(request.localPort);
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-amzn-trace-id'] ??=
    `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

  let queryStringParameters: Record<string, string> | undefined;
  if (rawQueryString !== '') {
    queryStringParameters = {};
    for (const [k, v] of new URLSearchParams(rawQueryString)) {
      queryStringParameters[k] = k in queryStringParameters ? `${queryStringParameters[k]},${v}` : v;
    }
  }

  const host = headers.host ?? `127.0.0.1:${request.localPort}`;
  const domainName = host.replace(/:\d+$/, '');
  const routeKey = match.route.routeKey;
  const hasBody = request.body.length > 0;
  const text = isTextContentType(headers['content-type']);

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    ...(hasBody ? { body: text ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !text,
  };
  if (input.claims === undefined) return event;
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: { jwt: { claims: renderClaimsLikeApiGateway(input.claims), scopes: null } },
    },
  };
};

// ---------------------------------------------------------------------------------------------
// Result mapping

export interface HttpResponse {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
}

const json = (status: number, body: unknown, headers: OutgoingHttpHeaders = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(JSON.stringify(body)),
});

export const UNAUTHORIZED = (): HttpResponse => json(401, { message: 'Unauthorized' });
export const NOT_FOUND = (): HttpResponse => json(404, { message: 'Not Found' });
export const TOO_LARGE = (): HttpResponse => json(413, { message: 'Request Entity Too Large' });
export const INTERNAL_ERROR = (): HttpResponse => json(500, { message: 'Internal Server Error' });
export const SERVICE_UNAVAILABLE = (): HttpResponse => json(503, { message: 'Service Unavailable' });

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Map a handler's result as API Gateway does for payload 2.0: a structured result (has
 * `statusCode`) as given; anything else is a 200 JSON body. Null for a malformed result.
 */
export const mapResult = (result: unknown): HttpResponse | null => {
  if (typeof result === 'string') {
    return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(result) };
  }
  if (!isRecord(result) || !('statusCode' in result)) {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(result ?? null)),
    };
  }
  const r = result as APIGatewayProxyStructuredResultV2 & { multiValueHeaders?: unknown };
  const status = Number(r.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return null;
  const headers: Record<string, string | string[]> = {};
  const add = (name: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    const key = name.toLowerCase();
    const v = String(value);
    const prev = headers[key];
    if (prev === undefined) headers[key] = v;
    else if (key === 'set-cookie') headers[key] = [...(Array.isArray(prev) ? prev : [prev]), v];
    else headers[key] = `${prev},${v}`;
  };
  if (isRecord(r.multiValueHeaders)) {
    for (const [name, values] of Object.entries(r.multiValueHeaders)) {
      for (const v of Array.isArray(values) ? values : [values]) add(name, v);
    }
  }
  if (isRecord(r.headers)) {
    for (const [name, value] of Object.entries(r.headers)) {
      if (name.toLowerCase() === 'set-cookie') add(name, value);
      else headers[name.toLowerCase()] = String(value);
    }
  }
  if (Array.isArray(r.cookies)) for (const c of r.cookies) add('set-cookie', c);
  const bodyText =
    typeof r.body === 'string' ? r.body : r.body === undefined || r.body === null ? '' : String(r.body);
  const body = r.isBase64Encoded ? Buffer.from(bodyText, 'base64') : Buffer.from(bodyText, 'utf8');
  return { status, headers, body };
};

// ---------------------------------------------------------------------------------------------
// Handlers

const consoleLogger: GatewayLogger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

/** The request body, or 'too-large' past `limit` bytes. */
export const readBody = (req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> =>
  new Promise((done, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      done('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        done('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (!over) done(Buffer.concat(chunks));
    });
    req.once('error', reject);
  });

const send = (res: ServerResponse, response: HttpResponse, extraHeaders: OutgoingHttpHeaders = {}): void => {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(response.status, {
    ...response.headers,
    ...extraHeaders,
    'content-length': response.body.length,
  });
  res.end(response.body);
};

const bearerToken = (authorization: string | undefined): string | undefined => {
  if (!authorization) return undefined;
  const trimmed = authorization.trim();
  const token = /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, '') : trimmed;
  return token === '' ? undefined : token;
};

/**
 * Start the local HTTP gateway: API Gateway HTTP API semantics (routes, JWT authorizer, payload
 * format 2.0, result mapping, limits) in front of the handlers, invoked in-process.
 */
export const startGateway = async (options: GatewayOptions): Promise<Gateway> => {
  const logger = options.logger ?? consoleLogger;
  const model = readApiModel(options.templates);
  for (const w of model.warnings) logger.warn(`[local] ${w}`);
  const routes = model.routes.map(compileRoute);
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const integrationTimeout = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
  const localRoutes = options.localRoutes ?? new Map<string, LocalRouteHandler>();
  const runtime =
    options.runtime ??
    createLambdaRuntime({
      ...(options.repoRoot ? { repoRoot: options.repoRoot } : {}),
      ...(options.environment ? { environment: options.environment } : {}),
    });

  const invoke = async (fn: FunctionDefinition, event: unknown): Promise<HttpResponse> => {
    let handler: LambdaHandler;
    try {
      handler = await runtime.load(fn);
    } catch (err) {
      // A developer error (missing file, syntax error): no request data involved, so say what it is.
      logger.error(`[local] ${fn.service}: cannot load ${fn.entry}: ${(err as Error).message}`);
      return INTERNAL_ERROR();
    }
    const context = lambdaContext(fn, Math.min(integrationTimeout - 1_000, fn.timeoutSeconds * 1_000));
    const exit = options.faults?.enter(fn);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), integrationTimeout);
    });
    try {
      const result = await Promise.race([Promise.resolve().then(() => handler(event, context)), timeout]);
      if (result === 'timeout') {
        logger.error(`[local] ${fn.service}: no response within ${integrationTimeout} ms`);
        return SERVICE_UNAVAILABLE();
      }
      const mapped = mapResult(result);
      if (!mapped) {
        logger.error(`[local] ${fn.service}: malformed Lambda proxy response`);
        return INTERNAL_ERROR();
      }
      return mapped;
    } catch (err) {
      // Name only: messages may carry request data.
      const name = err instanceof Error ? err.name : typeof err;
      logger.error(`[local] ${fn.service} threw ${name} (request ${context.awsRequestId})`);
      if (process.env.LOCAL_DEBUG_ERRORS === '1' && err instanceof Error && err.stack)
        logger.error(err.stack);
      return INTERNAL_ERROR();
    } finally {
      clearTimeout(timer);
      exit?.();
    }
  };

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
  ): Promise<HttpResponse> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const rawPath = url.split('?')[0] ?? '/';
    const body = await readBody(req, maxBody);
    if (body === 'too-large') {
      res.setHeader('connection', 'close');
      return TOO_LARGE();
    }

    if (rawPath.startsWith(LOCAL_PREFIX)) {
      const local = localRoutes.get(rawPath);
      if (!local) return NOT_FOUND();
      const r = await local(req, body);
      const payload =
        r.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
      return { status: r.status, headers: { ...r.headers }, body: payload };
    }

    const match = matchRoute(routes, method, rawPath);
    if (!match) return NOT_FOUND();
    const fn = model.functions.get(match.route.functionLogicalId);
    if (!fn) return INTERNAL_ERROR();

    let claims: Record<string, unknown> | undefined;
    if (match.route.authorization === 'JWT') {
      const token = bearerToken(req.headers.authorization);
      const verified = token ? await options.verifyToken(token) : null;
      if (!verified) return UNAUTHORIZED();
      claims = verified;
    }
    const event = buildEvent({
      request: {
        method,
        url,
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        httpVersion: req.httpVersion,
        localPort: req.socket.localPort ?? 0,
      },
      match,
      requestId,
      ...(claims ? { claims } : {}),
    });
    return invoke(fn, event);
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    const requestId = newRequestId();
    res.setHeader('apigw-requestid', requestId);
    res.setHeader('x-request-id', requestId);
    handle(req, res, requestId)
      .catch((err: unknown) => {
        logger.error(`[local] gateway error ${err instanceof Error ? err.name : typeof err}`);
        return INTERNAL_ERROR();
      })
      .then((response) => {
        try {
          send(res, response);
        } catch {
          // Invalid header names/values from a handler: API Gateway answers 500.
          send(res, INTERNAL_ERROR());
        }
        if (response.status === 413) req.resume();
        if (options.logRequests) {
          // The path can carry personal data (an ID in a path segment): log it only through the
          // same redaction the Lambda logger applies (X-RESIDENT-ID).
          logger.info(
            redactPersonalData(
              `${req.method} ${(req.url ?? '/').split('?')[0]} ${response.status} ${Date.now() - started}ms`,
            ),
          );
        }
      });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port} is already in use; pass another port (--port) or stop the other process.`,
            )
          : err,
      ),
    );
    server.listen(options.port ?? 0, host, () => done());
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    model,
    runtime,
    localRoutes,
    close: () => {
      closing ??= new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      return closing;
    },
  };
};
