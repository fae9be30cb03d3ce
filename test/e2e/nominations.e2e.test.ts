import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '@talent/local';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jiangsuCycle } from '../support/cycles';
import { freshResidentId, withBadCheckDigit } from '../support/people';
import { eligibleResidentId, jiangsuNomination } from '../support/samples';

// End to end: HTTP → local gateway (JWT check, API Gateway v2 events built from the synthesized
// template's routes) → the same Lambda handlers → DynamoDB Local.

let stack: LocalStack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    dataDir: mkdtempSync(join(tmpdir(), 'talent-e2e-')),
    quiet: true,
  });
  tokens.jiangsuAdmin = await stack.issueToken({ agency: 'jiangsu', roles: ['admin'] });
  tokens.jiangsuReviewer = await stack.issueToken({ agency: 'jiangsu', roles: ['reviewer'] });
  tokens.beijingAdmin = await stack.issueToken({ agency: 'beijing', roles: ['admin'] });
});
afterAll(async () => stack?.stop());

const request = async (
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const r = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, body: json, text };
};

/** Opens a fresh Jiangsu cycle through the API and returns its id. */
const openCycle = async (): Promise<string> => {
  const cycleId = `e2e-${randomUUID().slice(0, 8)}`;
  const r = await request('POST', '/cycles', tokens.jiangsuAdmin, jiangsuCycle(cycleId), {
    'idempotency-key': randomUUID(),
  });
  expect(r.status).toBe(201);
  return cycleId;
};

const body = (cycleId: string, residentId = eligibleResidentId()) =>
  jiangsuNomination(cycleId, { unitId: 'unit-e2e' }, { residentId, phone: '+86 139-1234-5678' });

describe('local stack end to end', () => {
  it('answers GET /health and GET /openapi.json without a token', async () => {
    const health = await request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const doc = await request('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
  });

  it('serves the seeded agency of the token', async () => {
    const me = await request('GET', '/agencies/me', tokens.jiangsuAdmin);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      agencyId: 'jiangsu',
      nameZh: '江苏省人力资源和社会保障厅',
      roles: ['admin'],
    });
  });

  it('refuses a request without a token, or with a forged one, before any handler runs', async () => {
    expect((await request('GET', '/nominations?cycleId=x')).status).toBe(401);
    const [h, p] = tokens.jiangsuAdmin!.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    expect((await request('GET', '/nominations?cycleId=x', forged)).status).toBe(401);
  });

  it('runs a nomination from draft to submitted, with masking, ETags and audit', async () => {
    const cycleId = await openCycle();
    const created = await request('POST', '/nominations', tokens.jiangsuAdmin, body(cycleId), {
      'idempotency-key': randomUUID(),
    });
    expect(created.status).toBe(201);
    expect(created.body.nominee.phone).toBe('13912345678');
    const id = created.body.nominationId;
    const asReviewer = await request('GET', `/nominations/${id}`, tokens.jiangsuReviewer);
    expect(asReviewer.body.nominee.phone).toBe('139****5678');
    expect(asReviewer.body.nominee.residentIdMasked).toBe(true);
    const patched = await request(
      'PATCH',
      `/nominations/${id}`,
      tokens.jiangsuAdmin,
      { attributes: { basis: '更新', receivedChiefTechnicianSubsidy: false } },
      { 'if-match': created.headers.get('etag') ?? '' },
    );
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    const submitted = await request('POST', `/nominations/${id}/submit`, tokens.jiangsuAdmin);
    expect(submitted.body.status).toBe('submitted');
    const list = await request(
      'GET',
      `/nominations?cycleId=${cycleId}&status=submitted`,
      tokens.jiangsuReviewer,
    );
    expect(list.body.items.map((n: { nominationId: string }) => n.nominationId)).toEqual([id]);
  });

  it('answers hostile input with 4xx problem+json, never 5xx', async () => {
    const cycleId = await openCycle();
    const cases: [string, unknown, Record<string, string>?][] = [
      ['{"programmeId":', undefined],
      ['not json at all', undefined],
      [JSON.stringify(body(cycleId, withBadCheckDigit(freshResidentId()))), undefined],
      [JSON.stringify({ ...body(cycleId), extra: true }), undefined],
      [JSON.stringify(body(cycleId)), undefined, { 'content-type': 'text/plain' }],
      [JSON.stringify({ ...body(cycleId), unitId: 'x'.repeat(70_000) }), undefined],
      [JSON.stringify([1, 2, 3]), undefined],
      ['null', undefined],
      [JSON.stringify({ ...body(cycleId), cycleId: '../../etc/passwd' }), undefined],
      [
        JSON.stringify({ ...body(cycleId), nominee: { ...body(cycleId).nominee, name: '\ud800' } }),
        undefined,
      ],
    ];
    for (const [raw, , headers] of cases) {
      const r = await request('POST', '/nominations', tokens.jiangsuAdmin, raw, headers ?? {});
      expect(r.status, raw.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(r.status, raw.slice(0, 60)).toBeLessThan(500);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
    }
    const list = await request('GET', `/nominations?cycleId=${cycleId}`, tokens.jiangsuAdmin);
    expect(list.body.items).toEqual([]);
  });

  it("keeps agency B out of agency A's nominations", async () => {
    const cycleId = await openCycle();
    const created = await request('POST', '/nominations', tokens.jiangsuAdmin, body(cycleId));
    const id = created.body.nominationId;
    expect((await request('GET', `/nominations/${id}`, tokens.beijingAdmin)).status).toBe(404);
    const list = await request('GET', `/nominations?cycleId=${cycleId}`, tokens.beijingAdmin);
    expect(list.body.items).toEqual([]);
    expect(list.text).not.toContain(id);
  });
});
