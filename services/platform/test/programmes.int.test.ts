import { findProgramme, seedAgencies } from '@talent/catalogue';
import { describe, expect, it } from 'vitest';
import {
  definitionFrom,
  freshAgency,
  storedProgrammeItems,
} from '../../../packages/programmes/test/fixtures';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { handler } from '../src/handlers/api';

// Integration: the platform Lambda handler, in process, against DynamoDB Local. Registrations use
// fresh test agencies, so the five seed agencies keep exactly their built-in programmes.

const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('platform')));

const adminOf = (agency: string): Caller => ({ agency, roles: ['admin'], user: `${agency}-admin` });

const list = (caller: Caller) => call({ method: 'GET', route: '/programmes', caller });
const get = (caller: Caller, programmeId: string) =>
  call({ method: 'GET', route: '/programmes/{programmeId}', pathParameters: { programmeId }, caller });
const versions = (caller: Caller, programmeId: string) =>
  call({
    method: 'GET',
    route: '/programmes/{programmeId}/versions',
    pathParameters: { programmeId },
    caller,
  });
const getVersion = (caller: Caller, programmeId: string, version: string) =>
  call({
    method: 'GET',
    route: '/programmes/{programmeId}/versions/{version}',
    pathParameters: { programmeId, version },
    caller,
  });
const register = (caller: Caller, body: unknown, headers: Record<string, string> = {}) =>
  call({ method: 'POST', route: '/programmes', body, caller, headers });

const expectProblem = (r: Awaited<ReturnType<typeof call>>, status: number) => {
  expect(r.status).toBe(status);
  expect(r.headers['content-type']).toBe('application/problem+json');
  expect(r.body.status).toBe(status);
};

describe('programme catalogue of each seed agency', () => {
  it.each(seedAgencies.map((a) => [a.agencyId, a.programmeIds[0] as string]))(
    'lists and reads the programme of %s with every rule and its id (X-TENANT)',
    async (agency, programmeId) => {
      const definition = findProgramme(programmeId)!;
      const caller: Caller = { agency, roles: ['unit'], user: `${agency}-unit`, unit: 'unit-1' };
      const listed = await list(caller);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((p: { programmeId: string }) => p.programmeId)).toEqual([programmeId]);
      const [item] = listed.body.items;
      expect(item).toMatchObject({ programmeId, version: 1, builtIn: true, calendar: definition.calendar });
      expect(item.rules.map((r: { id: string }) => r.id)).toEqual(definition.rules.map((r) => r.id));
      expect(item.rules[0]).not.toHaveProperty('params');

      const one = await get(caller, programmeId);
      expect(one.status).toBe(200);
      expect(one.body.builtIn).toBe(true);
      expect(one.body.rules).toEqual(
        definition.rules.map((r) =>
          expect.objectContaining({
            id: r.id,
            kind: r.kind,
            disposition: r.disposition,
            relaxable: r.relaxable ?? false,
            context: r.context,
            descriptionZh: r.descriptionZh,
            descriptionEn: r.descriptionEn,
            params: r.params,
          }),
        ),
      );
      expect(one.body.funding).toEqual(definition.funding);
      expect(one.body.grading).toEqual(definition.grading);
      const kpis = definition.rules.filter((r) => r.kind === 'kpi').map((r) => r.id);
      expect([...new Set(one.body.targets.map((t: { ruleId: string }) => t.ruleId))]).toEqual(kpis);
      for (const c of one.body.categories) {
        expect(c.ruleIds.length).toBeGreaterThan(0);
        expect(c.attributesSchema.type).toBe('object');
      }
      expect((await versions(caller, programmeId)).body.items).toEqual([
        { programmeId, version: 1, effectiveFrom: definition.effectiveFrom, builtIn: true },
      ]);
      expect((await getVersion(caller, programmeId, '1')).body).toEqual(one.body);
    },
  );

  it.each(['reviewer', 'finance', 'auditor'])('lets a %s read the catalogue', async (role) => {
    const r = await get({ agency: 'zhuhai', roles: [role] }, 'zhuhai-new-craftsmen');
    expect(r.status).toBe(200);
    expect(r.body.targets.length).toBeGreaterThan(0);
  });

  it("answers another agency's built-in with 404, on every read (X-TENANT)", async () => {
    const caller = adminOf('jiangsu');
    expectProblem(await get(caller, 'lishui-masters'), 404);
    expectProblem(await versions(caller, 'lishui-masters'), 404);
    expectProblem(await getVersion(caller, 'lishui-masters', '1'), 404);
    expectProblem(await getVersion(caller, 'jiangsu-excellent-technicians', '2'), 404);
  });
});

describe('registering programmes', () => {
  it('registers a programme (201, location), lists it, and versions it', async () => {
    const agency = freshAgency();
    const admin = adminOf(agency);
    const v1 = definitionFrom('jiangsu-excellent-technicians', { id: 'skills-plan', agencyId: agency });
    const created = await register(admin, v1);
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/programmes/skills-plan/versions/1');
    expect(created.body).toMatchObject({ programmeId: 'skills-plan', version: 1, builtIn: false });
    expect(created.body.rules.map((r: { id: string }) => r.id)).toEqual(v1.rules.map((r) => r.id));
    expect((await list(admin)).body.items.map((p: { programmeId: string }) => p.programmeId)).toEqual([
      'skills-plan',
    ]);
    expect((await get({ agency, roles: ['reviewer'] }, 'skills-plan')).body).toEqual(created.body);

    const v2 = { ...v1, version: 2, nameEn: 'Skills plan, amended' };
    const second = await register(admin, v2);
    expect(second.status).toBe(201);
    expect(second.headers.location).toBe('/programmes/skills-plan/versions/2');
    expect((await get(admin, 'skills-plan')).body.nameEn).toBe('Skills plan, amended');
    expect((await list(admin)).body.items.map((p: { version: number }) => p.version)).toEqual([2]);
    expect((await getVersion(admin, 'skills-plan', '1')).body.nameEn).toBe(v1.nameEn);
    const history = (await versions(admin, 'skills-plan')).body.items;
    expect(history).toEqual([
      expect.objectContaining({ version: 1, builtIn: false, registeredBy: admin.user }),
      expect.objectContaining({ version: 2, builtIn: false, registeredBy: admin.user }),
    ]);
    expectProblem(await getVersion(admin, 'skills-plan', '3'), 404);
  });

  it('refuses a version that is not latest + 1 with 422 naming body.version (P-PROGRAMME-DEFINITION)', async () => {
    const agency = freshAgency();
    const body = (version: number) =>
      definitionFrom('lishui-masters', { id: 'versioned', agencyId: agency, version });
    const r = await register(adminOf(agency), body(2));
    expectProblem(r, 422);
    expect(r.body.errors).toEqual([
      expect.objectContaining({ field: 'body.version', ruleId: 'P-PROGRAMME-DEFINITION' }),
    ]);
    expect((await register(adminOf(agency), body(1))).status).toBe(201);
    expect((await register(adminOf(agency), body(1))).body.field).toBe('body.version');
    expect((await register(adminOf(agency), body(3))).body.field).toBe('body.version');
  });

  it.each([
    ['a rule of an unknown kind', (d: any) => (d.rules[0].kind = 'no-such-kind'), 'body.rules[0].kind'],
    [
      'a negative amount',
      (d: any) => (d.funding.items[0].perHeadFen = -1),
      'body.funding.items[0].perHeadFen',
    ],
    [
      'a fractional amount',
      (d: any) => (d.funding.items[0].perHeadFen = 0.5),
      'body.funding.items[0].perHeadFen',
    ],
    ['an impossible date', (d: any) => (d.effectiveFrom = '2026-02-30'), 'body.effectiveFrom'],
    ['an unknown field', (d: any) => (d.approvedBy = 'me'), 'body'],
    [
      'a rule citing no category',
      (d: any) => (d.rules[0].appliesTo = { categories: ['Z'] }),
      'body.rules[0].appliesTo.categories[0]',
    ],
    ['another agency in agencyIds', (d: any) => d.agencyIds.push('lishui'), 'body.agencyIds'],
  ])(
    'refuses %s with 422 naming the field, and writes nothing (P-PROGRAMME-DEFINITION)',
    async (_case, spoil, field) => {
      const agency = freshAgency();
      const body = definitionFrom('jiangsu-excellent-technicians', { id: 'spoiled', agencyId: agency });
      spoil(body);
      const r = await register(adminOf(agency), body);
      expectProblem(r, 422);
      expect(r.body.errors).toContainEqual(
        expect.objectContaining({ field, ruleId: 'P-PROGRAMME-DEFINITION', message: expect.any(String) }),
      );
      expect(await storedProgrammeItems(agency)).toEqual([]);
    },
  );

  it("refuses the id of another agency's built-in with 422 'not available', and no more (X-TENANT)", async () => {
    for (const version of [1, 2]) {
      const body = definitionFrom('jiangsu-excellent-technicians', {
        id: 'lishui-masters',
        agencyId: 'jiangsu',
        version,
      });
      const r = await register(adminOf('jiangsu'), body);
      expectProblem(r, 422);
      expect(r.body.errors).toEqual([
        {
          field: 'body.id',
          ruleId: 'P-PROGRAMME-DEFINITION',
          message: '"lishui-masters" is not available; choose another id',
        },
      ]);
    }
    expect(await storedProgrammeItems('jiangsu')).toEqual([]);
  });

  it("hides an agency's registered programme from every other agency: 404 and absent from lists (X-TENANT)", async () => {
    const a = freshAgency();
    const b = freshAgency();
    expect(
      (
        await register(
          adminOf(a),
          definitionFrom('zhuhai-new-craftsmen', { id: 'private-plan', agencyId: a }),
        )
      ).status,
    ).toBe(201);
    for (const agency of [b, 'zhuhai']) {
      const other = adminOf(agency);
      expectProblem(await get(other, 'private-plan'), 404);
      expectProblem(await versions(other, 'private-plan'), 404);
      expectProblem(await getVersion(other, 'private-plan', '1'), 404);
      const ids = (await list(other)).body.items.map((p: { programmeId: string }) => p.programmeId);
      expect(ids).not.toContain('private-plan');
    }
    // B may use the same id: its own version 1, telling it nothing of A's.
    const own = await register(
      adminOf(b),
      definitionFrom('beijing-craftsman-teachers', { id: 'private-plan', agencyId: b }),
    );
    expect(own.status).toBe(201);
    expect(own.body.version).toBe(1);
    expect((await get(adminOf(a), 'private-plan')).body.nameZh).toBe(
      findProgramme('zhuhai-new-craftsmen')?.nameZh,
    );
  });

  it.each(['reviewer', 'unit', 'finance', 'auditor'])(
    'refuses a %s registering with 403, writing nothing (P-ROLE)',
    async (role) => {
      const agency = freshAgency();
      const r = await register(
        { agency, roles: [role], unit: 'unit-1' },
        definitionFrom('lishui-masters', { id: 'not-mine', agencyId: agency }),
      );
      expectProblem(r, 403);
      expect(r.body.ruleId).toBe('P-ROLE');
      expect(await storedProgrammeItems(agency)).toEqual([]);
    },
  );

  it('refuses registering without a token (401)', async () => {
    expectProblem(await call({ method: 'POST', route: '/programmes', body: {} }), 401);
  });

  it('lets exactly one of 20 concurrent registrations of one version through; the others are 409 or 422 (P-PROGRAMME-VERSION)', async () => {
    const agency = freshAgency();
    const body = definitionFrom('guangdong-diploma-technician', { id: 'contested', agencyId: agency });
    const responses = await Promise.all(Array.from({ length: 20 }, () => register(adminOf(agency), body)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of responses.filter((x) => x.status !== 201)) {
      expect(r.headers['content-type']).toBe('application/problem+json');
      if (r.status === 409) expect(r.body.ruleId).toBe('P-PROGRAMME-VERSION');
      else expect([r.status, r.body.field]).toEqual([422, 'body.version']);
    }
    const stored = await storedProgrammeItems(agency);
    expect(stored.filter((i) => String(i.SK).startsWith('V#'))).toHaveLength(1);
    expect(stored.filter((i) => String(i.SK).startsWith('AUDIT#'))).toHaveLength(1);
  });

  it('replays a registration sent twice with one Idempotency-Key, storing one version (P-IDEMPOTENCY)', async () => {
    const agency = freshAgency();
    const body = definitionFrom('lishui-masters', { id: 'once', agencyId: agency });
    const first = await register(adminOf(agency), body, { 'Idempotency-Key': 'register-once' });
    const replay = await register(adminOf(agency), body, { 'Idempotency-Key': 'register-once' });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect((await storedProgrammeItems(agency)).filter((i) => String(i.SK).startsWith('V#'))).toHaveLength(1);
  });
});

describe('hostile registration bodies', () => {
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const valid = (agency: string) =>
    JSON.stringify(definitionFrom('jiangsu-excellent-technicians', { id: 'hostile', agencyId: agency }));

  it.each([
    ['an array', () => '[]', 422],
    ['a string', () => '"programme"', 422],
    ['a number', () => '42', 422],
    ['null', () => 'null', 422],
    ['an empty object', () => '{}', 422],
    ['an object nested 10,000 deep', () => deepObject(10_000), 422],
    ['an array nested 30,000 deep', () => deepArray(30_000), 422],
    ['a version of 1e400', (a: string) => valid(a).replace('"version":1', '"version":1e400'), 422],
    [
      'a version of 2^53 + 1',
      (a: string) => valid(a).replace('"version":1', '"version":9007199254740993'),
      422,
    ],
    ['an amount of 1e308', (a: string) => valid(a).replace(/"perHeadFen":\d+/, '"perHeadFen":1e308'), 422],
    ['a __proto__ key', (a: string) => valid(a).replace('{', '{"__proto__":{"polluted":true},'), 422],
    [
      'a constructor key in params',
      (a: string) => valid(a).replace('"params":{"', '"params":{"constructor":1,"'),
      422,
    ],
    [
      'a 10,000-character name',
      (a: string) => valid(a).replace(/"nameZh":"[^"]*"/, `"nameZh":"${'名'.repeat(10_000)}"`),
      422,
    ],
    ['a body over 64 KiB', (a: string) => valid(a).replace('{', `{"padding":"${'x'.repeat(70_000)}",`), 413],
    ['text that is not JSON', () => '{"id": ', 400],
  ])(
    'answers %s with a 4xx problem, never a 5xx, and writes nothing (P-PROGRAMME-DEFINITION)',
    async (_case, bodyOf, status) => {
      const agency = freshAgency();
      const attempts: Record<string, string>[] = [{}, { 'Idempotency-Key': `hostile-${status}` }];
      for (const headers of attempts) {
        const r = await call({
          method: 'POST',
          route: '/programmes',
          rawBody: bodyOf(agency),
          caller: adminOf(agency),
          headers,
        });
        expectProblem(r, status);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await storedProgrammeItems(agency)).toEqual([]);
    },
  );

  it('refuses a body that is not JSON by content type (415)', async () => {
    const agency = freshAgency();
    const r = await call({
      method: 'POST',
      route: '/programmes',
      rawBody: valid(agency),
      headers: { 'content-type': 'text/plain' },
      caller: adminOf(agency),
    });
    expectProblem(r, 415);
  });

  it.each([['0'], ['-1'], ['1.5'], ['1e3'], ['abc'], ['9999999']])(
    'answers version %s in the path with 4xx, never a 5xx',
    async (version) => {
      const r = await getVersion(adminOf('jiangsu'), 'jiangsu-excellent-technicians', version);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    },
  );

  it.each([['A#lishui#PROG#x'], ['lishui-masters#V#000001'], ['..'], ['x'.repeat(65)]])(
    'answers a programme id of %s with 4xx (X-TENANT)',
    async (programmeId) => {
      const r = await get(adminOf('jiangsu'), programmeId);
      expect([404, 422]).toContain(r.status);
    },
  );
});
