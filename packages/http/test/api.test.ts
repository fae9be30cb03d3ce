import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { asAgencyId } from '@talent/data';
import { ConflictError } from '@talent/kernel';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { claimIdempotencyKey, createApi, defineRoute, implement, residentId } from '../src';

// Unit: the middy chain every handler uses, with DynamoDB mocked (aws-sdk-client-mock).

const ddb = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddb.reset());
afterEach(() => ddb.reset());

const createThing = defineRoute({
  operationId: 'createThing',
  method: 'POST',
  path: '/things',
  roles: ['admin'],
  summary: 'test route',
  body: z.strictObject({ name: z.string().min(1), residentId: residentId().optional() }),
  successStatus: 201,
});
const getThing = defineRoute({
  operationId: 'getThing',
  method: 'GET',
  path: '/things/{id}',
  roles: ['admin', 'reviewer'],
  summary: 'test route',
  params: z.strictObject({ id: z.string().regex(/^\d+$/) }),
});
const boom = defineRoute({
  operationId: 'boom',
  method: 'GET',
  path: '/boom',
  roles: 'public',
  summary: 'fails',
});
const conflict = defineRoute({
  operationId: 'conflict',
  method: 'POST',
  path: '/conflict',
  roles: ['admin'],
  summary: 'x',
});

let calls = 0;
const handler = createApi(
  [
    implement(createThing, async (req) => {
      calls++;
      return { body: { name: req.body.name, agency: req.auth.agencyId, n: calls } };
    }),
    implement(getThing, async (req) => ({ body: { id: req.params.id } })),
    implement(boom, async () => {
      throw new Error('database password is hunter2 at 10.0.0.1');
    }),
    implement(conflict, async () => {
      throw new ConflictError('LS-PAIR-CAP', 'cap reached', 'masterId');
    }),
  ],
  { maxBodyBytes: 1024 },
);

const admin: Caller = { agency: 'lishui', roles: ['admin'] };
const call = async (input: EventInput) => parseResponse(await handler(apiEvent(input), lambdaContext()));

describe('request guard', () => {
  it('answers a malformed JSON body with 400 problem+json (P-REQUEST-FORMAT)', async () => {
    const r = await call({ method: 'POST', route: '/things', rawBody: '{"name": ', caller: admin });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.body).toMatchObject({
      type: '/problems/malformed-request',
      status: 400,
      ruleId: 'P-REQUEST-FORMAT',
    });
  });

  it('answers a wrong content type with 415', async () => {
    const r = await call({
      method: 'POST',
      route: '/things',
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      caller: admin,
    });
    expect(r.status).toBe(415);
    expect(r.body.field).toBe('content-type');
  });

  it('answers an oversized body with 413 before parsing it', async () => {
    const r = await call({
      method: 'POST',
      route: '/things',
      body: { name: 'x'.repeat(2000) },
      caller: admin,
    });
    expect(r.status).toBe(413);
    expect(r.body.ruleId).toBe('P-REQUEST-SIZE');
  });

  it('refuses a body nested deeper than 32 levels before any schema sees it (P-SCHEMA)', async () => {
    const nested = (levels: number): unknown => {
      let v: unknown = 'x';
      for (let i = 0; i < levels; i++) v = [v];
      return v;
    };
    const deep = await call({ method: 'POST', route: '/things', body: { name: nested(32) }, caller: admin });
    expect(deep.status).toBe(422);
    expect(deep.body.errors).toEqual([expect.objectContaining({ field: 'body', ruleId: 'P-SCHEMA' })]);
    expect(deep.body.errors[0].message).toContain('32 levels');
    // 32 levels in all (the body object and 31 arrays) pass the guard and meet the schema.
    const ok = await call({ method: 'POST', route: '/things', body: { name: nested(31) }, caller: admin });
    expect(ok.status).toBe(422);
    expect(ok.body.errors[0]).toMatchObject({ field: 'body.name', ruleId: 'P-SCHEMA' });
  });

  it('names every invalid field with its rule id', async () => {
    const r = await call({
      method: 'POST',
      route: '/things',
      body: { name: '', residentId: '110105194912310021', x: 1 },
      caller: admin,
    });
    expect(r.status).toBe(422);
    const byField = Object.fromEntries(
      r.body.errors.map((e: { field: string; ruleId: string }) => [e.field, e.ruleId]),
    );
    expect(byField).toEqual({
      'body.name': 'P-SCHEMA',
      'body.residentId': 'X-RESIDENT-ID',
      'body.x': 'P-SCHEMA',
    });
  });

  it('validates path parameters', async () => {
    const r = await call({
      method: 'GET',
      route: '/things/{id}',
      pathParameters: { id: '../etc' },
      caller: admin,
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].field).toBe('path.id');
  });

  it('refuses a caller without the route role (403) and a call without claims (401)', async () => {
    const r403 = await call({
      method: 'POST',
      route: '/things',
      body: { name: 'a' },
      caller: { agency: 'lishui', roles: ['reviewer'] },
    });
    expect(r403.status).toBe(403);
    expect(r403.body.ruleId).toBe('P-ROLE');
    const r401 = await call({ method: 'POST', route: '/things', body: { name: 'a' } });
    expect(r401.status).toBe(401);
    const badAgency = await call({
      method: 'POST',
      route: '/things',
      body: { name: 'a' },
      caller: { agency: 'A#x', roles: ['admin'] },
    });
    expect(badAgency.status).toBe(401);
  });

  it('turns an unexpected error into a 500 that reveals nothing', async () => {
    const r = await call({ method: 'GET', route: '/boom' });
    expect(r.status).toBe(500);
    expect(r.body.type).toBe('/problems/internal');
    expect(r.raw).not.toContain('hunter2');
    expect(r.raw).not.toContain('10.0.0.1');
    expect(r.raw).not.toContain('Error');
  });

  it('maps a domain error to its status and rule id', async () => {
    const r = await call({ method: 'POST', route: '/conflict', caller: admin });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ ruleId: 'LS-PAIR-CAP', field: 'masterId', type: '/problems/conflict' });
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const r = await call({
      method: 'DELETE',
      route: '/things/{id}',
      pathParameters: { id: '1' },
      caller: admin,
    });
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/problem+json');
  });
});

describe('Idempotency-Key', () => {
  it('claims the key with a conditional put and stores the response', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const r = await call({
      method: 'POST',
      route: '/things',
      body: { name: 'a' },
      caller: admin,
      headers: { 'idempotency-key': 'k-1' },
    });
    expect(r.status).toBe(201);
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.ConditionExpression).toContain('attribute_not_exists(PK)');
    expect(String(put?.Item?.PK)).toMatch(/^A#lishui#IDEM#/);
    const update = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.ExpressionAttributeValues?.[':response']).toMatchObject({ statusCode: 201 });
  });

  it('replays the stored response without running the handler', async () => {
    const before = calls;
    // First request: the key is claimed and the response stored; capture both.
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    await call({
      method: 'POST',
      route: '/things',
      body: { name: 'b' },
      caller: admin,
      headers: { 'idempotency-key': 'k-2' },
    });
    const stored = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item;
    const response =
      ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':response'];
    // Replay: the claim fails and the completed record is served back.
    ddb.reset();
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: { ...stored, status: 'COMPLETED', response } });
    const replay = await call({
      method: 'POST',
      route: '/things',
      body: { name: 'b' },
      caller: admin,
      headers: { 'idempotency-key': 'k-2' },
    });
    expect(replay.status).toBe(201);
    expect(replay.raw).toBe(response.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(calls).toBe(before + 1);
  });

  it('stores a refusal as the client got it, request id included, so that a replay is the same bytes (P-IDEMPOTENCY)', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const r = await call({
      method: 'POST',
      route: '/conflict',
      caller: admin,
      headers: { 'idempotency-key': 'k-refused' },
    });
    expect(r.status).toBe(409);
    expect(typeof r.body.requestId).toBe('string');
    const stored = ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':response'];
    expect(stored).toMatchObject({ statusCode: 409 });
    expect(JSON.parse(stored.body)).toEqual(r.body);
  });

  it('fingerprints a body nested 10,000 levels deep without exhausting the stack (P-IDEMPOTENCY)', async () => {
    ddb.on(PutCommand).resolves({});
    let deep: unknown = { z: 1, a: [1, null, 'x'] };
    for (let i = 0; i < 10_000; i++) deep = i % 2 ? [deep] : { k: deep };
    const outcome = await claimIdempotencyKey(
      { agency: asAgencyId('lishui'), principal: 'u-1' },
      'POST /things',
      'k-deep',
      { path: '/things', body: deep },
    );
    expect(outcome).toHaveProperty('claim');
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(String(put?.Item?.requestHash)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers 422 when the key was first used with a different body', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    ddb
      .on(GetCommand)
      .resolves({ Item: { PK: 'x', SK: 'IDEM', status: 'COMPLETED', requestHash: 'other', response: {} } });
    const r = await call({
      method: 'POST',
      route: '/things',
      body: { name: 'c' },
      caller: admin,
      headers: { 'idempotency-key': 'k-3' },
    });
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('P-IDEMPOTENCY');
  });

  it('releases the key when the handler fails unexpectedly, so a retry may run', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    const failing = createApi([
      implement(conflict, async () => {
        throw new Error('boom');
      }),
    ]);
    const r = parseResponse(
      await failing(
        apiEvent({
          method: 'POST',
          route: '/conflict',
          caller: admin,
          headers: { 'idempotency-key': 'k-4' },
        }),
        lambdaContext(),
      ),
    );
    expect(r.status).toBe(500);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(1);
  });

  it('refuses a malformed key', async () => {
    const r = await call({
      method: 'POST',
      route: '/things',
      body: { name: 'a' },
      caller: admin,
      headers: { 'idempotency-key': 'has space' },
    });
    expect(r.status).toBe(422);
    expect(r.body.field).toBe('Idempotency-Key');
  });
});
