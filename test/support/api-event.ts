import { randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';

export interface Caller {
  readonly agency: string;
  readonly roles: readonly string[];
  readonly user?: string;
  readonly unit?: string;
}

export interface EventInput {
  readonly method: string;
  /** Route template, e.g. `/nominations/{nominationId}`. */
  readonly route: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  /** Send this exact body text instead of JSON-encoding `body`. */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  readonly caller?: Caller;
}

/** The API Gateway v2 event a Lambda receives, with claims rendered as the JWT authorizer renders them. */
export const apiEvent = (input: EventInput): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const path = input.route.replace(/\{(\w+)\}/g, (_m, name: string) => input.pathParameters?.[name] ?? '');
  const body = input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
  const query = new URLSearchParams(input.query ?? {}).toString();
  const caller = input.caller;
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.route}`,
    rawPath: path,
    rawQueryString: query,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    },
    ...(input.query ? { queryStringParameters: input.query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'test.local',
      domainPrefix: 'test',
      http: { method: input.method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: `${input.method} ${input.route}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims: caller
            ? {
                sub: caller.user ?? `${caller.agency}-${caller.roles[0] ?? 'nobody'}`,
                'custom:agency': caller.agency,
                'cognito:groups': `[${caller.roles.join(' ')}]`,
                ...(caller.unit ? { 'custom:unit': caller.unit } : {}),
              }
            : {},
          scopes: [],
        },
      },
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
};

export const lambdaContext = (name = 'test'): Context =>
  ({
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

export interface ParsedResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: any;
  readonly raw: string;
}

export const parseResponse = (r: APIGatewayProxyStructuredResultV2): ParsedResponse => {
  const raw = typeof r.body === 'string' ? r.body : '';
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    body = raw;
  }
  return {
    status: r.statusCode ?? 200,
    headers: Object.fromEntries(
      Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    ),
    body,
    raw,
  };
};
