import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import {
  isDomainError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from '@talent/kernel';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { z } from 'zod';
import { type AuthContext, authContextFrom, authorize } from './auth';
import { type RouteContract, routeKey } from './contract';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_HEADER,
  type IdempotencyClaim,
  releaseIdempotencyKey,
} from './idempotency';
import { logger } from './logger';
import { internalErrorResponse, problemResponse, toProblemResponse } from './problem';
import { parseWith } from './validation';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route handler receives: validated input and the verified caller. */
export interface ApiRequest<C extends RouteContract = RouteContract> {
  readonly params: Out<NonNullable<C['params']>>;
  readonly query: Out<NonNullable<C['query']>>;
  readonly body: Out<NonNullable<C['body']>>;
  readonly auth: C['roles'] extends 'public' ? AuthContext | undefined : AuthContext;
  /**
   * The versions `If-Match` accepts (`'any'` for `*`), or undefined when the header is absent
   * (routes with `requiresIfMatch` refuse that with 428 before the handler runs).
   */
  readonly ifMatch: readonly number[] | 'any' | undefined;
  readonly requestId: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly sourceIp: string;
}

export interface ApiResult {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send `body` as is with this content type instead of JSON (CSV, XLSX as base64, …). */
  readonly raw?: { readonly contentType: string; readonly base64?: boolean };
}

export interface RouteImplementation {
  readonly contract: RouteContract;
  readonly handle: (request: ApiRequest) => Promise<ApiResult>;
}

export const implement = <C extends RouteContract>(
  contract: C,
  handle: (request: ApiRequest<C>) => Promise<ApiResult>,
): RouteImplementation => ({ contract, handle: handle as unknown as RouteImplementation['handle'] });

export interface ApiOptions {
  /** Largest accepted request body in bytes (after base64 decoding). */
  readonly maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const JSON_TYPES = ['application/json', 'application/merge-patch+json'];

interface State {
  request?: ApiRequest;
  /** The body as the client sent it (parsed JSON), for the idempotency fingerprint. */
  rawBody?: unknown;
  claim?: IdempotencyClaim;
}

const states = new WeakMap<Event, State>();
const stateOf = (event: Event): State => {
  let s = states.get(event);
  if (!s) {
    s = {};
    states.set(event, s);
  }
  return s;
};

/**
 * `If-Match` (RFC 9110 §13.1.1): `*` matches any current version; otherwise a list of entity
 * tags compared strongly, so weak tags (`W/"3"`) never match. Returns the versions named, or
 * `'any'`. Our ETags are `"<version>"`.
 */
export const parseIfMatch = (header: string): readonly number[] | 'any' => {
  const value = header.trim();
  if (value === '*') return 'any';
  const versions: number[] = [];
  for (const tag of value.split(',')) {
    const match = /^"(\d{1,15})"$/.exec(tag.trim());
    if (match?.[1]) versions.push(Number(match[1]));
  }
  if (versions.length === 0)
    throw new PreconditionFailedError('If-Match names no current version of this resource');
  return versions;
};

const readBody = (event: Event, maxBodyBytes: number): unknown => {
  const raw = event.body;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_TYPES.includes(contentType)) throw new UnsupportedMediaTypeError('application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new MalformedRequestError('The body is not valid JSON', 'body');
  }
  if (tooDeep(parsed)) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-SCHEMA',
        path: 'body',
        message: `the body nests deeper than ${MAX_BODY_DEPTH} levels`,
        messageZh: `请求体嵌套超过 ${MAX_BODY_DEPTH} 层`,
      },
    ]);
  }
  return parsed;
};

/**
 * Deepest nesting a body may have: DynamoDB's own limit for an item is 32 levels, and no route's
 * schema goes near it. Checked before any schema or fingerprint sees the body, so that no
 * recursive code meets a body nested thousands of levels deep (P-SCHEMA).
 */
const MAX_BODY_DEPTH = 32;

/** Whether a parsed JSON value nests deeper than MAX_BODY_DEPTH (iterative: no recursion). */
const tooDeep = (root: unknown): boolean => {
  const todo: [unknown, number][] = [[root, 0]];
  while (todo.length > 0) {
    const [value, depth] = todo.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) todo.push([child, depth + 1]);
  }
  return false;
};

/** Validates everything about the request before the handler sees it. */
const requestGuard = (contract: RouteContract, maxBodyBytes: number): MiddlewareObj<Event, Result> => ({
  name: 'requestGuard',
  before: (request) => {
    const event = request.event;
    const auth = contract.roles === 'public' ? undefined : authContextFrom(event);
    if (auth) authorize(contract, auth);
    const rawBody = readBody(event, maxBodyBytes);
    const params = contract.params
      ? parseWith(contract.params, event.pathParameters ?? {}, 'path')
      : undefined;
    const query = contract.query
      ? parseWith(contract.query, event.queryStringParameters ?? {}, 'query')
      : undefined;
    let body: unknown;
    if (contract.body) {
      body = parseWith(contract.body, rawBody, 'body');
    } else if (
      rawBody !== undefined &&
      !(
        rawBody !== null &&
        typeof rawBody === 'object' &&
        !Array.isArray(rawBody) &&
        Object.keys(rawBody).length === 0
      )
    ) {
      throw new ValidationFailedError([
        { ruleId: 'P-SCHEMA', path: 'body', message: 'this route takes no body' },
      ]);
    }
    const ifMatchHeader = event.headers?.['if-match'];
    if (contract.requiresIfMatch && !ifMatchHeader) throw new PreconditionRequiredError();
    const ifMatch = ifMatchHeader ? parseIfMatch(ifMatchHeader) : undefined;
    const state = stateOf(event);
    state.request = {
      params,
      query,
      body,
      auth,
      ifMatch,
      requestId: event.requestContext?.requestId ?? request.context.awsRequestId,
      path: event.rawPath,
      headers: event.headers ?? {},
      sourceIp: event.requestContext?.http?.sourceIp ?? '',
    } as ApiRequest;
    state.rawBody = rawBody;
  },
});

const idempotency = (contract: RouteContract): MiddlewareObj<Event, Result> => ({
  name: 'idempotency',
  before: async (request) => {
    const honoured = contract.idempotent ?? contract.method === 'POST';
    const key = request.event.headers?.[IDEMPOTENCY_HEADER];
    if (!honoured || key === undefined) return undefined;
    const state = stateOf(request.event);
    const auth = state.request?.auth;
    const scope = auth
      ? { agency: auth.agencyId, principal: auth.userId }
      : { agency: 'public' as const, principal: state.request?.sourceIp ?? '' };
    const outcome = await claimIdempotencyKey(scope, routeKey(contract), key, {
      path: request.event.rawPath,
      body: state.rawBody ?? null,
    });
    if ('replay' in outcome) return outcome.replay;
    state.claim = outcome.claim;
    return undefined;
  },
  // Recording the outcome must not turn a committed change into an error: if it fails, the
  // change stands and the response goes out; the key stays claimed until its lock expires (30 s),
  // after which a retry runs again and meets the rules (e.g. 409 for a duplicate), never a double write.
  after: async (request) => {
    const claim = stateOf(request.event).claim;
    if (!claim || !request.response) return;
    await completeIdempotencyKey(claim, request.response).catch((error: unknown) =>
      logger.warn('idempotency record not completed', error instanceof Error ? error : String(error)),
    );
  },
  onError: async (request) => {
    const claim = stateOf(request.event).claim;
    if (!claim) return;
    // A 4xx is the answer to that request and is replayed; a 5xx (even a domain one, e.g. 503) is
    // not: the key frees so that a retry runs again.
    const settle =
      isDomainError(request.error) && request.error.status < 500
        ? completeIdempotencyKey(
            claim,
            // As the client got it (with the request id), so that a replay is the same bytes.
            problemResponse(request.error, request.event.rawPath, request.event.requestContext?.requestId),
          )
        : releaseIdempotencyKey(claim);
    await settle.catch((error: unknown) =>
      logger.warn('idempotency record not settled', error instanceof Error ? error : String(error)),
    );
  },
});

/** Last line of the chain: every error becomes problem+json; nothing internal leaks (5xx says nothing). */
const problemDetails = (): MiddlewareObj<Event, Result> => ({
  name: 'problemDetails',
  onError: (request) => {
    const error = request.error;
    const requestId = request.event.requestContext?.requestId;
    if (isDomainError(error) && error.status < 500) {
      logger.info('request rejected', { status: error.status, type: error.type, ruleId: error.ruleId });
    } else if (isDomainError(error)) {
      const cause = error.cause instanceof Error ? error.cause : new Error(String(error.cause));
      logger.error('request failed downstream', { status: error.status, type: error.type, error: cause });
    } else {
      logger.error('request failed', error instanceof Error ? error : new Error(String(error)));
    }
    request.response = toProblemResponse(error, request.event.rawPath, requestId);
    return request.response;
  },
});

const toResult = (contract: RouteContract, result: ApiResult): Result => {
  const status = result.status ?? contract.successStatus ?? 200;
  if (result.raw) {
    return {
      statusCode: status,
      headers: { 'content-type': result.raw.contentType, ...result.headers },
      body: typeof result.body === 'string' ? result.body : String(result.body ?? ''),
      isBase64Encoded: result.raw.base64 ?? false,
    };
  }
  if (status === 204 || result.body === undefined)
    return { statusCode: status, headers: { ...result.headers } };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers },
    body: JSON.stringify(result.body),
  };
};

const routeChain = (implementation: RouteImplementation, maxBodyBytes: number) =>
  middy<Event, Result>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(problemDetails())
    .use(requestGuard(implementation.contract, maxBodyBytes))
    .use(idempotency(implementation.contract))
    .handler(async (event: Event) => {
      const request = stateOf(event).request;
      if (!request) throw new Error('request guard did not run');
      const result = await implementation.handle(request);
      return toResult(implementation.contract, result);
    });

/** A service's Lambda handler (API Gateway HTTP API, payload format 2.0). */
export type ApiHandler = (event: Event, context: Context) => Promise<Result>;

/**
 * The Lambda handler of one service: dispatches on the API Gateway route key to the route's
 * middy chain (logger → problem details → request guard → idempotency → handler).
 */
export const createApi = (
  implementations: readonly RouteImplementation[],
  options: ApiOptions = {},
): ApiHandler => {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const chains = new Map(
    implementations.map((i) => [
      routeKey(i.contract),
      routeChain(i, i.contract.maxBodyBytes ?? maxBodyBytes),
    ]),
  );
  return async (event: Event, context: Context): Promise<Result> => {
    const chain = chains.get(event.routeKey);
    if (!chain) return problemResponse(new NotFoundError('Route', event.routeKey), event.rawPath);
    const started = Date.now();
    const response = await chain(event, context);
    logger.info('request', {
      routeKey: event.routeKey,
      status: response.statusCode,
      durationMs: Date.now() - started,
      requestId: event.requestContext?.requestId,
    });
    return response;
  };
};

/** Loads once; a load that fails is tried again by the next call. */
const loadOnce = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      pending = load();
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
};

/** Some of a service's routes, loaded apart from the others (e.g. one programme family's). */
export interface LazyRouteGroup {
  /** The group's contracts: their method and path tell which group serves a request. */
  readonly contracts: () => Promise<readonly RouteContract[]>;
  /** The group's implementations, loaded by the first request of one of its routes. */
  readonly implementations: () => Promise<readonly RouteImplementation[]>;
}

/** What `createLazyApi` loads: every implementation at once, or groups loaded one by one. */
export type LazyRoutes = (() => Promise<readonly RouteImplementation[]>) | readonly LazyRouteGroup[];

/** The handler that serves a route key (undefined: no such route), loading what it needs. */
type Resolver = (routeKey: string) => Promise<ApiHandler | undefined>;

const allAtOnce = (load: () => Promise<readonly RouteImplementation[]>, options: ApiOptions): Resolver => {
  const api = loadOnce(async () => createApi(await load(), options));
  return () => api();
};

const groupByGroup = (groups: readonly LazyRouteGroup[], options: ApiOptions): Resolver => {
  const contracts = groups.map((g) => loadOnce(g.contracts));
  const table = loadOnce(async () => {
    const lists = await Promise.all(contracts.map((load) => load()));
    return new Map(lists.flatMap((list, group) => list.map((c) => [routeKey(c), group] as const)));
  });
  const apis = groups.map((g, group) =>
    loadOnce(async () => {
      const [listed, implementations] = await Promise.all([contracts[group]?.() ?? [], g.implementations()]);
      const keys = new Set(listed.map(routeKey));
      // An implementation whose contract the group does not list could never be reached: say so.
      const stray = implementations.find((i) => !keys.has(routeKey(i.contract)));
      if (stray) throw new Error(`${routeKey(stray.contract)} is implemented outside its route group`);
      return createApi(implementations, options);
    }),
  );
  return async (key) => {
    const group = (await table()).get(key);
    return group === undefined ? undefined : apis[group]?.();
  };
};

/**
 * `createApi` whose route implementations are loaded on first use instead of at import.
 *
 * The function's module (the Lambda init phase) then holds what every request needs: this
 * pipeline (middy, the logger, problem details, auth, idempotency) and the DynamoDB SDK it uses.
 * The service's contracts, zod schemas, use cases and rule catalogue are chunks of the function's
 * bundle (ESM code splitting, infra/src/bundling.ts), compiled and evaluated when a request needs
 * them: all at the first request (a loader), or per group — the first request loads every group's
 * contracts (to find the route) and the implementations of its route's group only.
 * `test/bench/cold-import.ts` measures the import and the import + first request.
 *
 * Same routes and answers as `createApi` over the same implementations (404 for an unknown route
 * key). Concurrent first requests share one load; a load that fails answers 500 (logged) and is
 * tried again by the next request.
 */
export const createLazyApi = (routes: LazyRoutes, options: ApiOptions = {}): ApiHandler => {
  const resolve = typeof routes === 'function' ? allAtOnce(routes, options) : groupByGroup(routes, options);
  return async (event, context) => {
    let handle: ApiHandler | undefined;
    try {
      handle = await resolve(event.routeKey);
    } catch (error) {
      logger.error('route implementations failed to load', error instanceof Error ? error : String(error));
      return internalErrorResponse(event.rawPath, event.requestContext?.requestId);
    }
    if (!handle) return problemResponse(new NotFoundError('Route', event.routeKey), event.rawPath);
    return handle(event, context);
  };
};
