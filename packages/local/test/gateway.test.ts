import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildHandlerEnvironment } from '../src/env';
import { type Gateway, MAX_BODY_BYTES, startGateway } from '../src/gateway';
import { issueDevToken, verifyDevToken } from '../src/token';
import type { FixtureCall } from './fixtures/handler';
import { fixtureTemplates } from './fixtures/template';
import { captureLogger, send } from './helpers';

const key = new Uint8Array(32).fill(3);
const PII = 'gateway-test-pii-hash-key-0123456789';
const templates = fixtureTemplates();
const log = captureLogger();
let gateway: Gateway;
let token: string;

const calls = (): FixtureCall[] => {
  const g = globalThis as { __localFixtureCalls?: FixtureCall[] };
  g.__localFixtureCalls ??= [];
  return g.__localFixtureCalls;
};

interface Echo {
  event: Record<string, any>;
  loadedEnv: Record<string, string | undefined>;
  context: { functionName: string; awsRequestId: string; remaining: number; memoryLimitInMB: string };
}

beforeAll(async () => {
  gateway = await startGateway({
    templates,
    port: 0,
    environment: buildHandlerEnvironment({
      templates,
      dynamoEndpoint: 'http://127.0.0.1:9',
      piiHashKey: PII,
    }),
    verifyToken: (t) => verifyDevToken(t, key),
    logger: log.logger,
  });
  token = await issueDevToken({ agency: 'jiangsu', roles: ['admin', 'reviewer'], user: 'u-1' }, key);
});
afterAll(() => gateway.close());
beforeEach(() => {
  calls().length = 0;
  log.lines.error.length = 0;
});

const auth = () => ({ authorization: `Bearer ${token}` });

describe('routing', () => {
  it('decodes path parameters and keeps the raw path', async () => {
    const res = await send(gateway.url, 'GET', '/items/a%20b%2Fc%C3%A9', { headers: auth() });
    expect(res.status).toBe(200);
    const { event } = res.json<Echo>();
    expect(event.routeKey).toBe('GET /items/{itemId}');
    expect(event.rawPath).toBe('/items/a%20b%2Fc%C3%A9');
    expect(event.pathParameters).toEqual({ itemId: 'a b/cé' });
    expect(event.requestContext.http.path).toBe('/items/a%20b%2Fc%C3%A9');
  });

  it('prefers the exact route over the parameterised one', async () => {
    const res = await send(gateway.url, 'GET', '/items/special', { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.json().functionName).toBe('other');
  });

  it('matches greedy {proxy+} on any method and needs at least one segment', async () => {
    const res = await send(gateway.url, 'DELETE', '/files/x/y%20z');
    expect(res.status).toBe(200);
    const { event } = res.json<Echo>();
    expect(event.routeKey).toBe('ANY /files/{proxy+}');
    expect(event.pathParameters).toEqual({ proxy: 'x/y z' });
    expect((await send(gateway.url, 'GET', '/files')).status).toBe(404);
    expect((await send(gateway.url, 'GET', '/files/')).status).toBe(404);
  });

  it('answers 404 Not Found for an unknown path or method, without calling a handler', async () => {
    for (const [method, path] of [
      ['GET', '/nowhere'],
      ['DELETE', '/health'],
      ['GET', '/items/1/submit'],
      ['GET', '/broken'],
      ['GET', '/_local/unknown'],
    ] as const) {
      const res = await send(gateway.url, method, path, { headers: auth() });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json()).toEqual({ message: 'Not Found' });
    }
    expect(calls()).toEqual([]);
    expect(log.lines.warn.some((w) => w.includes('GET /broken'))).toBe(true);
  });

  it('serves registered /_local/ routes without a token and without a Lambda', async () => {
    gateway.localRoutes.set('/_local/ping', async (req, body) => ({
      status: 202,
      headers: { 'content-type': 'text/plain' },
      body: `${req.method} ${body.toString()}`,
    }));
    const res = await send(gateway.url, 'POST', '/_local/ping', { body: 'hi' });
    expect(res.status).toBe(202);
    expect(res.text).toBe('POST hi');
    expect(calls()).toEqual([]);
  });
});

describe('the payload 2.0 event', () => {
  it('joins repeated query keys and keeps the raw query string', async () => {
    const res = await send(gateway.url, 'GET', '/health?a=1&b=x%20y&a=2&c=');
    const { event } = res.json<Echo>();
    expect(event.rawQueryString).toBe('a=1&b=x%20y&a=2&c=');
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: 'x y', c: '' });
  });

  it('leaves out absent parts (query, path parameters, cookies, body)', async () => {
    const { event } = (await send(gateway.url, 'GET', '/health')).json<Echo>();
    expect(event.rawQueryString).toBe('');
    for (const absent of ['queryStringParameters', 'pathParameters', 'cookies', 'body']) {
      expect(event, absent).not.toHaveProperty(absent);
    }
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('lower-cases headers, joins repeated ones with commas and moves cookies out', async () => {
    const res = await send(gateway.url, 'GET', '/health', {
      headers: { 'X-Custom-Thing': ['v1', 'v2'], Cookie: 'c1=1; c2=two', 'User-Agent': 'agent/1.0' },
    });
    const { event } = res.json<Echo>();
    expect(event.headers['x-custom-thing']).toBe('v1,v2');
    expect(event.headers).not.toHaveProperty('X-Custom-Thing');
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.cookies).toEqual(['c1=1', 'c2=two']);
    expect(event.headers['user-agent']).toBe('agent/1.0');
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(Object.keys(event.headers).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('fills requestContext like API Gateway', async () => {
    const before = Date.now();
    const res = await send(gateway.url, 'GET', '/health', { headers: { 'user-agent': 'ua' } });
    const { event } = res.json<Echo>();
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /health');
    const rc = event.requestContext;
    expect(rc).toMatchObject({
      accountId: 'local',
      apiId: 'local',
      domainName: '127.0.0.1',
      stage: '$default',
      routeKey: 'GET /health',
      http: { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'ua' },
    });
    expect(rc.requestId).toBe(res.headers['apigw-requestid']);
    expect(rc.requestId).toBe(res.headers['x-request-id']);
    expect(rc.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(rc.timeEpoch).toBeGreaterThanOrEqual(before - 1);
    expect(rc.timeEpoch).toBeLessThanOrEqual(Date.now());
  });

  it('passes text bodies as text and binary bodies as base64', async () => {
    const json = (
      await send(gateway.url, 'POST', '/items', {
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"名":"值"}',
      })
    ).json<Echo>().event;
    expect(json.body).toBe('{"名":"值"}');
    expect(json.isBase64Encoded).toBe(false);

    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    const bin = (
      await send(gateway.url, 'POST', '/items', {
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
      })
    ).json<Echo>().event;
    expect(bin.isBase64Encoded).toBe(true);
    expect(Buffer.from(bin.body, 'base64').equals(bytes)).toBe(true);
  });

  it('hands the handler a Lambda-like context', async () => {
    const { context } = (await send(gateway.url, 'GET', '/health')).json<Echo>();
    expect(context.functionName).toBe('echo');
    expect(context.memoryLimitInMB).toBe('512');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.remaining).toBeGreaterThan(28_000);
    expect(context.remaining).toBeLessThanOrEqual(29_000);
  });
});

describe('the JWT authorizer', () => {
  it('renders verified claims as API Gateway does', async () => {
    const res = await send(gateway.url, 'POST', '/items/7/submit', { headers: auth() });
    expect(res.status).toBe(200);
    const { event } = res.json<Echo>();
    const claims = event.requestContext.authorizer.jwt.claims;
    expect(claims['cognito:groups']).toBe('[admin reviewer]');
    expect(claims['custom:agency']).toBe('jiangsu');
    expect(claims.sub).toBe('u-1');
    expect(typeof claims.exp).toBe('number');
    expect(event.requestContext.authorizer.jwt.scopes).toBeNull();
  });

  it('answers 401 without calling the handler for a missing, malformed, foreign or expired token', async () => {
    const foreign = await issueDevToken({ agency: 'jiangsu', roles: ['admin'] }, new Uint8Array(32).fill(4));
    const expired = await issueDevToken({ agency: 'jiangsu', roles: ['admin'], expiresIn: -5 }, key);
    for (const headers of [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Bearer not-a-token' },
      { authorization: `Bearer ${foreign}` },
      { authorization: `Bearer ${expired}` },
    ]) {
      const res = await send(gateway.url, 'GET', '/items/1', { headers });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ message: 'Unauthorized' });
    }
    expect(calls()).toEqual([]);
    // The same request with a good token reaches the handler.
    expect((await send(gateway.url, 'GET', '/items/1', { headers: auth() })).status).toBe(200);
    expect(calls()).toHaveLength(1);
  });
});

describe('limits and errors', () => {
  it('answers 413 above 10 MB without calling the handler, and accepts exactly 10 MB', async () => {
    const over = await send(gateway.url, 'POST', '/items', {
      headers: { 'content-type': 'text/plain' },
      body: Buffer.alloc(MAX_BODY_BYTES + 1, 97),
    });
    expect(over.status).toBe(413);
    expect(over.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(calls()).toEqual([]);
    const exact = await send(gateway.url, 'POST', '/items', {
      headers: { 'content-type': 'text/plain' },
      body: Buffer.alloc(MAX_BODY_BYTES, 97),
    });
    expect(exact.status).toBe(200);
    expect(exact.json<Echo>().event.body).toHaveLength(MAX_BODY_BYTES);
  });

  it('answers 413 for a chunked body that grows past the limit', async () => {
    const small = await startGateway({
      templates,
      port: 0,
      verifyToken: async () => null,
      logger: captureLogger().logger,
      maxBodyBytes: 100_000,
    });
    try {
      const res = await send(small.url, 'POST', '/items', {
        headers: { 'content-type': 'text/plain' },
        body: Buffer.alloc(300_000, 97),
        chunked: true,
      });
      expect(res.status).toBe(413);
      expect(calls()).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('answers 500 for a thrown error and logs its name only', async () => {
    const res = await send(gateway.url, 'GET', '/throw');
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ message: 'Internal Server Error' });
    expect(calls()).toHaveLength(1);
    const logged = log.lines.error.join('\n');
    expect(logged).toContain('TypeError');
    expect(logged).not.toContain('110101');
    expect(logged).not.toContain('leaked');
  });

  it('answers 500 for a malformed result', async () => {
    const res = await send(gateway.url, 'GET', '/bad');
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ message: 'Internal Server Error' });
  });
});

describe('result mapping', () => {
  it('maps a string to a 200 JSON response and an object without statusCode to its JSON', async () => {
    const s = await send(gateway.url, 'GET', '/string');
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('application/json');
    expect(s.text).toBe('plain string');
    const o = await send(gateway.url, 'GET', '/object');
    expect(o.status).toBe(200);
    expect(o.json()).toEqual({ hello: 'world' });
  });

  it('maps status, headers, multi-value headers, cookies and a base64 body', async () => {
    const res = await send(gateway.url, 'GET', '/binary');
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['x-single']).toBe('one');
    expect(res.headers['x-multi']).toBe('a,b');
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect([...res.body]).toEqual([0, 1, 2, 250, 255]);
  });
});

describe('handler environment', () => {
  it('gives handlers local values at module load: table name, endpoint, region, PII key', async () => {
    const { loadedEnv } = (await send(gateway.url, 'GET', '/health')).json<Echo>();
    expect(loadedEnv).toEqual({
      TABLE_NAME: 'MainTable',
      POWERTOOLS_SERVICE_NAME: 'echo',
      SHARED_SETTING: 'same-everywhere',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
      PII_HASH_KEY: PII,
      AWS_REGION: 'local',
    });
  });

  it("gives each function its own values where the functions' environments differ", async () => {
    const res = await send(gateway.url, 'GET', '/other');
    expect(res.json()).toEqual({ serviceAtLoad: 'other', tableAtLoad: 'MainTable', functionName: 'other' });
  });
});
