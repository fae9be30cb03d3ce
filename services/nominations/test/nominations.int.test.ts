import { randomUUID } from 'node:crypto';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, personFingerprint } from '@talent/data';
import { describe, expect, it } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { cycleOpener } from '../../../test/support/cycles';
import { residentIdFor, withBadCheckDigit } from '../../../test/support/people';
import { jiangsuNomination } from '../../../test/support/samples';
import { handler } from '../src/handlers/api';

// Integration: the nominations Lambda handler, in process, against DynamoDB Local.

const admin: Caller = { agency: 'jiangsu', roles: ['admin'], user: 'js-admin' };
const reviewer: Caller = { agency: 'jiangsu', roles: ['reviewer'], user: 'js-reviewer' };
const auditor: Caller = { agency: 'jiangsu', roles: ['auditor'], user: 'js-auditor' };
const finance: Caller = { agency: 'jiangsu', roles: ['finance'], user: 'js-finance' };
const otherAgency: Caller = { agency: 'beijing', roles: ['admin'], user: 'bj-admin' };

const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('nominations')));

const newCycle = () => `js-${randomUUID().slice(0, 8)}`;

const nominationBody = (overrides: Record<string, unknown> = {}, nominee: Record<string, unknown> = {}) =>
  jiangsuNomination(newCycle(), overrides, nominee);

const ensureCycle = cycleOpener((body) => call({ method: 'POST', route: '/cycles', body, caller: admin }));

/** Opens the body's cycle first (once), then posts the nomination. */
const create = async (body: unknown, caller: Caller = admin, headers: Record<string, string> = {}) => {
  const cycleId = (body as { cycleId?: unknown } | null)?.cycleId;
  if (typeof cycleId === 'string' && /^js-/.test(cycleId)) await ensureCycle(cycleId);
  return call({ method: 'POST', route: '/nominations', body, caller, headers });
};

const get = (id: string, caller: Caller = admin) =>
  call({ method: 'GET', route: '/nominations/{nominationId}', pathParameters: { nominationId: id }, caller });

describe('nomination intake', () => {
  it('creates a draft nomination and reads it back with its ETag', async () => {
    const body = nominationBody();
    const created = await create(body);
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    expect(created.body.version).toBe(1);
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(`/nominations/${created.body.nominationId}`);
    // derived from the resident ID (X-RESIDENT-ID)
    const id = body.nominee.residentId as string;
    expect(created.body.nominee.birthDate).toBe(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
    const read = await get(created.body.nominationId);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('accepts a minority name with the middle dot', async () => {
    const r = await create(nominationBody({}, { name: '阿卜杜拉·买买提' }));
    expect(r.status).toBe(201);
    expect(r.body.nominee.name).toBe('阿卜杜拉·买买提');
  });

  it.each([
    ['bad check digit', withBadCheckDigit(residentIdFor('1980-05-17', 123)), 'check digit'],
    ['impossible birth date', '11010519990230123X', 'birth'],
    ['wrong length', '1101051980051712', '18'],
  ])('rejects a resident ID with a %s with 422 naming X-RESIDENT-ID', async (_case, residentId) => {
    const r = await create(nominationBody({}, { residentId }));
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.body.ruleId).toBe('X-RESIDENT-ID');
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.nominee.residentId', ruleId: 'X-RESIDENT-ID' }),
    );
  });

  it('rejects a birth date or gender that contradicts the resident ID (X-RESIDENT-ID)', async () => {
    const residentId = residentIdFor('1980-05-17', 123); // odd sequence: male
    const r = await create(nominationBody({}, { residentId, birthDate: '1980-05-18', gender: 'female' }));
    expect(r.status).toBe(422);
    const fields = r.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.nominee.birthDate', 'body.nominee.gender']));
  });

  it('rejects unknown fields, naming them', async () => {
    const r = await create({ ...nominationBody(), isApproved: true });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.isApproved', ruleId: 'P-SCHEMA' }),
    );
  });

  it('validates programme attributes with the category schema and cites the rule (JS-EXCLUSIONS)', async () => {
    const r = await create(
      nominationBody({
        category: 'B',
        attributes: { basis: '苏人社发〔2022〕101号', receivedChiefTechnicianSubsidy: true },
      }),
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({
        field: 'body.attributes.receivedChiefTechnicianSubsidy',
        ruleId: 'JS-EXCLUSIONS',
      }),
    );
  });

  it("refuses a programme the caller's agency does not run: not its cycle's (P-CYCLE)", async () => {
    const r = await create(nominationBody({ programmeId: 'beijing-craftsman-teachers', category: 'leader' }));
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.programmeId', ruleId: 'P-CYCLE' }),
    );
  });

  it('masks the resident ID and phone for roles that may not see them, and shows them to the admin', async () => {
    const body = nominationBody();
    const created = await create(body);
    const id = created.body.nominationId;
    const full = await get(id, admin);
    expect(full.body.nominee.residentId).toBe(body.nominee.residentId);
    expect(full.body.nominee.phone).toBe('13812345678');
    const masked = await get(id, reviewer);
    const rid = body.nominee.residentId as string;
    expect(masked.body.nominee.residentId).toBe(`${rid.slice(0, 6)}********${rid.slice(14)}`);
    expect(masked.body.nominee.residentIdMasked).toBe(true);
    expect(masked.body.nominee.phone).toBe('138****5678');
    expect(masked.raw).not.toContain(rid);
  });

  it('updates a draft with If-Match, and refuses a stale or missing version', async () => {
    const created = await create(nominationBody());
    const id = created.body.nominationId;
    const patch = (headers: Record<string, string>, body: unknown) =>
      call({
        method: 'PATCH',
        route: '/nominations/{nominationId}',
        pathParameters: { nominationId: id },
        body,
        headers,
        caller: admin,
      });
    const missing = await patch({}, { attributes: { basis: 'x', receivedChiefTechnicianSubsidy: false } });
    expect(missing.status).toBe(428);
    const ok = await patch(
      { 'if-match': '"1"' },
      { attributes: { basis: '新依据', receivedChiefTechnicianSubsidy: false } },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    expect(ok.body.attributes.basis).toBe('新依据');
    const stale = await patch(
      { 'if-match': '"1"' },
      { attributes: { basis: '旧', receivedChiefTechnicianSubsidy: false } },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.ruleId).toBe('P-VERSION-MATCH');
    expect((await get(id)).body.attributes.basis).toBe('新依据');
  });

  it('compares If-Match strongly: weak tags never match, * and lists do (P-VERSION-MATCH)', async () => {
    const created = await create(nominationBody());
    const id = created.body.nominationId;
    const patch = (ifMatch: string, basis: string) =>
      call({
        method: 'PATCH',
        route: '/nominations/{nominationId}',
        pathParameters: { nominationId: id },
        headers: { 'if-match': ifMatch },
        body: { attributes: { basis, receivedChiefTechnicianSubsidy: false } },
        caller: admin,
      });
    expect((await patch('W/"1"', 'weak')).status).toBe(412);
    expect((await patch('"7", "1"', 'list')).status).toBe(200);
    expect((await patch('*', 'any')).status).toBe(200);
    const submitStale = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/submit',
      pathParameters: { nominationId: id },
      headers: { 'if-match': '"1"' },
      caller: admin,
    });
    expect(submitStale.status).toBe(412);
    expect((await get(id)).body).toMatchObject({ status: 'draft', version: 3 });
  });

  it('submits a draft, after which it can no longer be edited', async () => {
    const created = await create(nominationBody());
    const id = created.body.nominationId;
    const submitted = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/submit',
      pathParameters: { nominationId: id },
      caller: admin,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    const edit = await call({
      method: 'PATCH',
      route: '/nominations/{nominationId}',
      pathParameters: { nominationId: id },
      headers: { 'if-match': '"2"' },
      body: { attributes: { basis: 'x', receivedChiefTechnicianSubsidy: false } },
      caller: admin,
    });
    expect(edit.status).toBe(409);
    expect(edit.body.ruleId).toBe('P-NOMINATION-STATUS');
  });

  it('allows one active nomination per person per cycle, and frees the place on withdrawal', async () => {
    const body = nominationBody();
    expect((await create(body)).status).toBe(201);
    const again = await create(body);
    expect(again.status).toBe(409);
    expect(again.body.ruleId).toBe('P-ONE-NOMINATION-PER-CYCLE');
    // Same person, another cycle: allowed.
    expect((await create({ ...body, cycleId: newCycle() })).status).toBe(201);
    const list = await call({
      method: 'GET',
      route: '/nominations',
      query: { cycleId: body.cycleId },
      caller: admin,
    });
    const first = list.body.items[0];
    const withdrawn = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/withdraw',
      pathParameters: { nominationId: first.nominationId },
      body: { reason: '本人申请撤回' },
      caller: admin,
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await create(body)).status).toBe(201);
  });

  it('creates exactly one nomination from 20 concurrent duplicates of one person', async () => {
    const body = nominationBody();
    const results = await Promise.all(Array.from({ length: 20 }, () => create(body)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const list = await call({
      method: 'GET',
      route: '/nominations',
      query: { cycleId: body.cycleId },
      caller: admin,
    });
    expect(list.body.items).toHaveLength(1);
  });

  it('gives one record and identical responses for 20 concurrent replays of one Idempotency-Key', async () => {
    const body = nominationBody();
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => create(body, admin, { 'idempotency-key': key })),
    );
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.raw)).size).toBe(1);
    const list = await call({
      method: 'GET',
      route: '/nominations',
      query: { cycleId: body.cycleId },
      caller: admin,
    });
    expect(list.body.items).toHaveLength(1);
    const otherBody = await create({ ...body, unitId: 'unit-002' }, admin, { 'idempotency-key': key });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.ruleId).toBe('P-IDEMPOTENCY');
  });

  it('lists a cycle by category and status with cursor pagination', async () => {
    const cycleId = newCycle();
    for (let i = 0; i < 5; i++) expect((await create(nominationBody({ cycleId }))).status).toBe(201);
    expect(
      (
        await create(
          nominationBody({
            cycleId,
            category: 'B',
            attributes: { basis: 'b', receivedChiefTechnicianSubsidy: false },
          }),
        )
      ).status,
    ).toBe(201);
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call({
        method: 'GET',
        route: '/nominations',
        query: { cycleId, category: 'A', status: 'draft', limit: '2', ...(cursor ? { cursor } : {}) },
        caller: admin,
      });
      expect(page.status).toBe(200);
      for (const n of page.body.items) {
        expect(n.category).toBe('A');
        seen.add(n.nominationId);
      }
      cursor = page.body.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.size).toBe(5);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("lists a unit's nominations across cycles, filtered by status (GSI2)", async () => {
    const unitId = `unit-${randomUUID().slice(0, 8)}`;
    const a = await create(nominationBody({ unitId }));
    await create(nominationBody({ unitId }));
    await create(nominationBody());
    await call({
      method: 'POST',
      route: '/nominations/{nominationId}/submit',
      pathParameters: { nominationId: a.body.nominationId },
      caller: admin,
    });
    const all = await call({ method: 'GET', route: '/nominations', query: { unitId }, caller: admin });
    expect(all.body.items).toHaveLength(2);
    const submitted = await call({
      method: 'GET',
      route: '/nominations',
      query: { unitId, status: 'submitted' },
      caller: admin,
    });
    expect(submitted.body.items.map((n: { nominationId: string }) => n.nominationId)).toEqual([
      a.body.nominationId,
    ]);
  });

  it('refuses a list with neither cycle nor unit (P-LIST-SCOPE)', async () => {
    const r = await call({ method: 'GET', route: '/nominations', caller: admin });
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('P-LIST-SCOPE');
  });

  it('refuses a tampered cursor', async () => {
    const r = await call({
      method: 'GET',
      route: '/nominations',
      query: { cycleId: newCycle(), cursor: 'eyJQSyI6IkEjYmVpamluZyJ9.AAAA' },
      caller: admin,
    });
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('P-CURSOR');
  });

  it('writes an audit record for every change, readable by the auditor only (X-AUDIT)', async () => {
    const created = await create(nominationBody());
    const id = created.body.nominationId;
    await call({
      method: 'POST',
      route: '/nominations/{nominationId}/submit',
      pathParameters: { nominationId: id },
      caller: admin,
    });
    const audit = await call({
      method: 'GET',
      route: '/nominations/{nominationId}/audit',
      pathParameters: { nominationId: id },
      caller: auditor,
    });
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual([
      'nomination.created',
      'nomination.submitted',
    ]);
    const [, submitted] = audit.body.items;
    expect(submitted.actorId).toBe('js-admin');
    expect(submitted.before.status).toBe('draft');
    expect(submitted.after.status).toBe('submitted');
    expect(audit.raw).not.toContain(created.body.nominee.residentId);
    const byAdmin = await call({
      method: 'GET',
      route: '/nominations/{nominationId}/audit',
      pathParameters: { nominationId: id },
      caller: admin,
    });
    expect(byAdmin.status).toBe(403);
  });
});

describe('tenancy and roles (X-TENANT)', () => {
  it("hides one agency's nominations from another: get, list, update, submit, withdraw, audit", async () => {
    const body = nominationBody();
    const created = await create(body);
    const id = created.body.nominationId;
    expect((await get(id, otherAgency)).status).toBe(404);
    const list = await call({
      method: 'GET',
      route: '/nominations',
      query: { cycleId: body.cycleId },
      caller: otherAgency,
    });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const patch = await call({
      method: 'PATCH',
      route: '/nominations/{nominationId}',
      pathParameters: { nominationId: id },
      headers: { 'if-match': '"1"' },
      body: { attributes: {} },
      caller: otherAgency,
    });
    expect(patch.status).toBe(404);
    const submit = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/submit',
      pathParameters: { nominationId: id },
      caller: otherAgency,
    });
    expect(submit.status).toBe(404);
    const withdraw = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/withdraw',
      pathParameters: { nominationId: id },
      body: { reason: 'x' },
      caller: otherAgency,
    });
    expect(withdraw.status).toBe(404);
    const audit = await call({
      method: 'GET',
      route: '/nominations/{nominationId}/audit',
      pathParameters: { nominationId: id },
      caller: { agency: 'beijing', roles: ['auditor'] },
    });
    expect(audit.status).toBe(404);
    expect((await get(id, admin)).body.status).toBe('draft');
  });

  it("refuses a valid cursor of one agency's list replayed by another agency (P-CURSOR)", async () => {
    const cycleId = `js-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 3; i++) await create(nominationBody({ cycleId }));
    const first = await call({
      method: 'GET',
      route: '/nominations',
      query: { cycleId, limit: '1' },
      caller: admin,
    });
    const cursor = first.body.nextCursor as string;
    expect(cursor).toBeTruthy();
    const replayed = await call({
      method: 'GET',
      route: '/nominations',
      query: { cycleId, limit: '1', cursor },
      caller: otherAgency,
    });
    expect(replayed.status).toBe(422);
    expect(replayed.body.ruleId).toBe('P-CURSOR');
    const otherCycle = await call({
      method: 'GET',
      route: '/nominations',
      query: { cycleId: newCycle(), cursor },
      caller: admin,
    });
    expect(otherCycle.status).toBe(422);
  });

  it('holds a user with unit and another lesser role to its unit (P-UNIT-SCOPE)', async () => {
    const mixed: Caller = { agency: 'jiangsu', roles: ['unit', 'finance'], user: 'mixed', unit: 'unit-777' };
    const foreign = await create(nominationBody({ unitId: 'unit-001' }), mixed);
    expect(foreign.status).toBe(403);
    const own = await create(nominationBody({ unitId: 'unit-777' }), mixed);
    expect(own.status).toBe(201);
    const adminsOwn = await create(nominationBody({ unitId: 'unit-001' }), admin);
    const submit = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/submit',
      pathParameters: { nominationId: adminsOwn.body.nominationId },
      caller: { ...mixed, roles: ['unit', 'reviewer'] },
    });
    expect(submit.status).toBe(403);
  });

  it("never replays one user's response to another user holding the same Idempotency-Key", async () => {
    const key = randomUUID();
    const body = nominationBody({ unitId: 'unit-001' });
    const first = await create(body, admin, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const unitUser: Caller = { agency: 'jiangsu', roles: ['unit'], user: 'u-999', unit: 'unit-999' };
    const stolen = await create(body, unitUser, { 'idempotency-key': key });
    expect(stolen.status).toBe(403);
    expect(stolen.raw).not.toContain(body.nominee.residentId as string);
  });

  it('refuses a token whose unit claim is malformed with 401, not 500', async () => {
    const r = await create(nominationBody(), { agency: 'jiangsu', roles: ['unit'], unit: 'unit 1' });
    expect(r.status).toBe(401);
  });

  it('refuses roles a route does not allow with 403', async () => {
    expect((await create(nominationBody(), reviewer)).status).toBe(403);
    expect((await create(nominationBody(), finance)).status).toBe(403);
    expect((await create(nominationBody(), auditor)).status).toBe(403);
    const list = await call({
      method: 'GET',
      route: '/nominations',
      query: { cycleId: newCycle() },
      caller: finance,
    });
    expect(list.status).toBe(403);
    expect(list.body.ruleId).toBe('P-ROLE');
  });

  it('refuses a call without claims with 401', async () => {
    const r = await call({ method: 'GET', route: '/nominations', query: { cycleId: newCycle() } });
    expect(r.status).toBe(401);
  });

  it('keeps a unit user to its own unit (P-UNIT-SCOPE)', async () => {
    const unitUser: Caller = { agency: 'jiangsu', roles: ['unit'], user: 'u1', unit: 'unit-001' };
    const own = await create(nominationBody({ unitId: 'unit-001' }), unitUser);
    expect(own.status).toBe(201);
    const foreign = await create(nominationBody({ unitId: 'unit-999' }), unitUser);
    expect(foreign.status).toBe(403);
    const otherUnits = await create(nominationBody({ unitId: 'unit-002' }), admin);
    expect((await get(otherUnits.body.nominationId, unitUser)).status).toBe(404);
  });

  it('keys the person claim by a keyed hash and never stores a raw resident ID in any key', async () => {
    const body = nominationBody();
    const residentId = body.nominee.residentId as string;
    expect((await create(body)).status).toBe(201);
    const claim = await getDocumentClient().send(
      new GetCommand({
        TableName: 'MainTable',
        Key: {
          PK: `A#jiangsu#PERSON#${personFingerprint(asAgencyId('jiangsu'), residentId)}`,
          SK: `CYCLE#${body.cycleId}`,
        },
      }),
    );
    expect(claim.Item?.nominationId).toBeDefined();
    // Test-only full scan: no key or index key anywhere holds the raw ID.
    let startKey: Record<string, unknown> | undefined;
    let scanned = 0;
    do {
      const page = await getDocumentClient().send(
        new ScanCommand({ TableName: 'MainTable', ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        scanned++;
        const keys = [item.PK, item.SK, item.GSI1PK, item.GSI1SK, item.GSI2PK, item.GSI2SK].join(' ');
        expect(keys).not.toContain(residentId);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    expect(scanned).toBeGreaterThan(0);
  });
});
