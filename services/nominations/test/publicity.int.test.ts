import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient, mainTableName } from '@talent/data';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admin,
  at,
  type Caller,
  call,
  callFrom,
  closeTask,
  drawList,
  finishStage,
  getCycle,
  nominationRoute,
  openCycle,
  openStage,
  registerReviewer,
  requestClose,
  reviewAndDecide,
  walkTo,
} from './selection-support';
import { teamNominationBody, teamOf } from './team-samples';

// Integration: a Beijing round (BJ-SELECTION-FLOW) through its school publicity, review, provisional
// list, publicity (公示, X-PUBLICITY) with public objections, and the official list, against
// DynamoDB Local on a controlled domain clock.

const bj = admin('beijing');
const bjAuditor: Caller = { agency: 'beijing', roles: ['auditor'], user: 'bj-auditor' };
const bjReviewer: Caller = { agency: 'beijing', roles: ['reviewer'], user: 'bj-reviewer-lists' };

const team = (i: number) => ({ ...teamOf(3), name: `数控技术教师团队${i}-${randomUUID().slice(0, 4)}` });

interface Round {
  readonly cycleId: string;
  readonly ids: string[];
  readonly memberIds: string[];
}

/** A Beijing round with `teams` submitted team nominations, at its school publicity. */
const roundAtSchoolPublicity = async (teams: number): Promise<Round> => {
  at('2026-04-01T02:00:00Z');
  const cycleId = await openCycle(bj, {
    programmeId: 'beijing-craftsman-teachers',
    year: 2026,
    selectionDate: '2026-05-31',
    stages: { publicity: { workingDays: 5 } },
  });
  await walkTo(bj, cycleId, 'school-recommendation');
  const ids: string[] = [];
  const memberIds: string[] = [];
  for (let i = 1; i <= teams; i++) {
    const t = team(i);
    memberIds.push(...t.members.map((m) => m.residentId));
    const created = await call({
      method: 'POST',
      route: '/nominations',
      body: teamNominationBody(cycleId, t, `bj-school-0${1 + (i % 3)}`),
      caller: bj,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await nominationRoute(bj, created.body.nominationId, 'submit')).status).toBe(200);
    ids.push(created.body.nominationId);
  }
  await walkTo(bj, cycleId, 'school-publicity');
  return { cycleId, ids, memberIds };
};

/** …through the review (every team recommended) and the provisional list, to the publicity. */
const roundAtPublicity = async (teams: number) => {
  const round = await roundAtSchoolPublicity(teams);
  await finishStage(bj, round.cycleId, 'school-publicity');
  await walkTo(bj, round.cycleId, 'expert-review');
  await registerReviewer(bj, bjReviewer.user as string);
  for (const [i, id] of round.ids.entries()) await reviewAndDecide(bj, bjReviewer, id, 80 + i);
  await walkTo(bj, round.cycleId, 'provisional-list');
  const drawn = await drawList(bj, round.cycleId);
  expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
  await walkTo(bj, round.cycleId, 'publicity');
  return { ...round, drawn: drawn.body };
};

const publicity = (agencyId: string, cycleId: string, query: Record<string, string> = {}) =>
  call({
    method: 'GET',
    route: '/public/cycles/{agencyId}/{cycleId}/publicity',
    pathParameters: { agencyId, cycleId },
    query,
  });

const objection = (nominationId: string, extra: Record<string, unknown> = {}) => ({
  nominationId,
  name: '赵市民',
  contact: '13912345678',
  grounds: '该团队带头人的职称材料与实际不符，请核查。',
  evidence: [{ title: '职称证书复印件', url: 'https://example.com/evidence/1.pdf' }],
  ...extra,
});

const lodge = (
  cycleId: string,
  body: unknown,
  ip = `10.0.${randomInt255()}.${randomInt255()}`,
  agencyId = 'beijing',
) =>
  callFrom(ip, {
    method: 'POST',
    route: '/public/cycles/{agencyId}/{cycleId}/objections',
    pathParameters: { agencyId, cycleId },
    body,
  });
const randomInt255 = () => Math.floor(Math.random() * 255);

const objections = (cycleId: string, caller: Caller = bj) =>
  call({ method: 'GET', route: '/cycles/{cycleId}/objections', pathParameters: { cycleId }, caller });

const resolve = (objectionId: string, outcome: string, caller: Caller = bj) =>
  call({
    method: 'POST',
    route: '/objections/{objectionId}/resolve',
    pathParameters: { objectionId },
    body: { outcome, reason: outcome === 'upheld' ? '经核查，异议属实' : '经核查，异议不成立' },
    caller,
  });

describe('the school publicity (BJ-SELECTION-FLOW, X-PUBLICITY)', () => {
  it('publishes the school’s recommendations, takes objections, and removes a team on an upheld one', async () => {
    const round = await roundAtSchoolPublicity(3);
    const page = await publicity('beijing', round.cycleId);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ stageId: 'school-publicity', startsOn: '2026-04-01', endsOn: null });
    expect(page.body.items).toHaveLength(3);
    expect(page.body.items[0]).toMatchObject({ category: 'team', categoryName: expect.any(String) });
    const [first, second] = round.ids as [string, string];
    const lodged = await lodge(round.cycleId, objection(first));
    expect(lodged.status).toBe(202);
    expect(lodged.body).toMatchObject({
      objectionId: expect.any(String),
      reference: expect.stringMatching(/^20260401-/),
    });
    expect((await lodge(round.cycleId, objection(second))).status).toBe(202);

    // The stage is closed by decision, but not while objections are open (a daily look).
    expect((await requestClose(bj, round.cycleId, 'school-publicity')).status).toBe(200);
    expect(await closeTask(bj, round.cycleId, 'school-publicity')).toMatchObject({
      outcome: 'wait',
      checkAt: '2026-04-02T02:00:00.000Z',
    });
    const listed = (await objections(round.cycleId)).body.items as {
      objectionId: string;
      nominationId: string;
    }[];
    const onFirst = listed.find((o) => o.nominationId === first) as { objectionId: string };
    const onSecond = listed.find((o) => o.nominationId === second) as { objectionId: string };
    const upheld = await resolve(onFirst.objectionId, 'upheld');
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({
      status: 'upheld',
      resolution: { outcome: 'upheld', by: 'beijing-admin' },
    });
    expect((await resolve(onFirst.objectionId, 'dismissed')).body.ruleId).toBe('P-OBJECTION-STATUS');
    expect((await resolve(onSecond.objectionId, 'dismissed')).status).toBe(200);
    const removed = await call({
      method: 'GET',
      route: '/nominations/{nominationId}',
      pathParameters: { nominationId: first },
      caller: bj,
    });
    expect(removed.body).toMatchObject({
      status: 'removed',
      removal: { ruleId: 'X-PUBLICITY', objectionId: onFirst.objectionId, reason: '经核查，异议属实' },
    });
    expect((await publicity('beijing', round.cycleId)).body.items).toHaveLength(2);
    expect(await closeTask(bj, round.cycleId, 'school-publicity')).toMatchObject({ outcome: 'advance' });
  });
});

describe('the publicity of the provisional list (X-PUBLICITY, BJ-ROUND)', () => {
  it('lists all 9 teams above the quota of about 8 and reports the flag, never refusing (BJ-ROUND)', async () => {
    const round = await roundAtPublicity(9);
    expect(round.drawn).toMatchObject({ listed: 9, notListed: 0, approximate: true });
    const teamDraw = round.drawn.categories.find((c: { category: string }) => c.category === 'team');
    expect(teamDraw).toMatchObject({ quota: 8, approximate: true, enforced: false, listed: 9 });
    expect(teamDraw.flags).toEqual([expect.objectContaining({ ruleId: 'BJ-ROUND' })]);
    expect((await getCycle(bj, round.cycleId)).provisionalList).toMatchObject({
      listed: 9,
      approximate: true,
    });
  });

  it('publishes names, units and categories for the period only, never IDs, phones or scores (X-PUBLICITY, X-RESIDENT-ID)', async () => {
    const round = await roundAtPublicity(3);
    const stage = (await getCycle(bj, round.cycleId)).stages.find(
      (s: { id: string }) => s.id === 'publicity',
    );
    expect(stage).toMatchObject({ status: 'open', workingDays: 5, endsOn: '2026-04-08' });
    const first = await publicity('beijing', round.cycleId, { limit: '2' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ stageId: 'publicity', startsOn: '2026-04-01', endsOn: '2026-04-08' });
    const rest = await publicity('beijing', round.cycleId, { limit: '2', cursor: first.body.nextCursor });
    const items = [...first.body.items, ...rest.body.items];
    expect(items).toHaveLength(3);
    expect(Object.keys(items[0]).sort()).toEqual([
      'category',
      'categoryName',
      'name',
      'nominationId',
      'unitId',
    ]);
    for (const raw of [first.raw, rest.raw]) {
      for (const id of round.memberIds) expect(raw).not.toContain(id.slice(6, 14));
      expect(raw).not.toMatch(/score|residentId|phone|birthDate/i);
    }
    at('2026-04-08T15:59:00Z'); // 23:59 on the last day in Shanghai
    expect((await publicity('beijing', round.cycleId)).status).toBe(200);
    at('2026-04-08T16:00:00Z'); // the day after
    const after = await publicity('beijing', round.cycleId);
    expect(after.status).toBe(404);
    expect(after.headers['content-type']).toBe('application/problem+json');
    expect((await lodge(round.cycleId, objection(round.ids[0] as string))).status).toBe(404);
    at('2026-04-01T02:00:00Z');
  });

  it('answers the same 404 for an unknown agency or cycle and a cycle not in publicity (X-TENANT)', async () => {
    const round = await roundAtSchoolPublicity(1);
    await finishStage(bj, round.cycleId, 'school-publicity');
    const notNow = await publicity('beijing', round.cycleId);
    const unknownCycle = await publicity('beijing', 'no-such-cycle');
    const unknownAgency = await publicity('atlantis', round.cycleId);
    const badAgency = await publicity('BEIJING', round.cycleId);
    const otherAgency = await publicity('jiangsu', round.cycleId);
    for (const r of [notNow, unknownCycle, unknownAgency, badAgency, otherAgency]) {
      expect(r.status).toBe(404);
      expect(r.body.type).toBe('/problems/not-found');
    }
    expect((await lodge(round.cycleId, objection(round.ids[0] as string), undefined, 'jiangsu')).status).toBe(
      404,
    );
  });

  it('holds the publicity open past its last day while an objection is unresolved; the list then becomes official (X-PUBLICITY)', async () => {
    const round = await roundAtPublicity(3);
    const [first, second] = round.ids as [string, string];
    const o1 = await lodge(round.cycleId, objection(first));
    const o2 = await lodge(round.cycleId, objection(second, { contact: 'Zhao.Shimin@Example.com' }));
    expect([o1.status, o2.status]).toEqual([202, 202]);
    at('2026-04-09T01:00:00Z');
    expect(await closeTask(bj, round.cycleId, 'publicity')).toMatchObject({
      outcome: 'wait',
      checkAt: '2026-04-10T01:00:00.000Z',
    });
    expect((await resolve(o1.body.objectionId, 'upheld')).status).toBe(200);
    expect(await closeTask(bj, round.cycleId, 'publicity')).toMatchObject({ outcome: 'wait' });
    expect((await resolve(o2.body.objectionId, 'dismissed')).status).toBe(200);
    expect(await closeTask(bj, round.cycleId, 'publicity')).toMatchObject({ outcome: 'advance' });
    await openStage(bj, round.cycleId, 'confirmed');
    const cycle = await getCycle(bj, round.cycleId);
    expect(cycle.officialList).toMatchObject({ frozenAt: '2026-04-09T01:00:00.000Z', count: 2 });
    const official = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/list',
      pathParameters: { cycleId: round.cycleId },
      query: { stage: 'official' },
      caller: bjAuditor,
    });
    expect(official.body.items.map((x: { nominationId: string }) => x.nominationId).sort()).toEqual(
      round.ids.filter((id) => id !== first).sort(),
    );
    at('2026-04-01T02:00:00Z');
  });

  it('masks the objector’s name and contact for reviewers and auditors, and keeps them out of the audit trail', async () => {
    const round = await roundAtPublicity(1);
    const lodged = await lodge(
      round.cycleId,
      objection(round.ids[0] as string, { contact: 'zhao.sm@example.com' }),
    );
    expect(lodged.status).toBe(202);
    const forAdmin = (await objections(round.cycleId)).body.items[0];
    expect(forAdmin).toMatchObject({
      name: '赵市民',
      contact: 'zhao.sm@example.com',
      contactMasked: false,
      status: 'open',
    });
    for (const caller of [bjAuditor, { ...bjReviewer, user: 'another-reviewer' }]) {
      const r = await objections(round.cycleId, caller);
      expect(r.status).toBe(200);
      expect(r.body.items[0]).toMatchObject({
        name: '赵**',
        contact: 'z******@example.com',
        contactMasked: true,
      });
      expect(r.raw).not.toContain('zhao.sm');
    }
    const unitCaller: Caller = { agency: 'beijing', roles: ['unit'], user: 'u', unit: 'bj-school-01' };
    expect((await objections(round.cycleId, unitCaller)).status).toBe(403);
    expect((await objections(round.cycleId, admin('jiangsu'))).status).toBe(404);
    expect((await resolve(lodged.body.objectionId, 'dismissed', admin('jiangsu'))).status).toBe(404);
    expect((await resolve(lodged.body.objectionId, 'dismissed', bjAuditor)).status).toBe(403);
    const stored = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
        ExpressionAttributeValues: {
          ':pk': `A#beijing#OBJECTION#${lodged.body.objectionId}`,
          ':audit': 'AUDIT#',
        },
      }),
    );
    expect(stored.Items).toHaveLength(1);
    expect(JSON.stringify(stored.Items)).not.toMatch(/zhao\.sm|赵市民/);
  });
});

describe('objections from the public (X-PUBLICITY, P-RATE-LIMIT)', () => {
  it('answers every bad objection with problem+json 4xx naming the field', async () => {
    const round = await roundAtPublicity(1);
    const [id] = round.ids as [string];
    const cases: [unknown, number, string?][] = [
      [objection(id, { grounds: '太短了不行九字' }), 422, 'body.grounds'],
      [objection(id, { grounds: '长'.repeat(2001) }), 422, 'body.grounds'],
      [objection(id, { contact: '12345' }), 422, 'body.contact'],
      [objection(id, { contact: 'a@b' }), 422, 'body.contact'],
      [objection(id, { name: 'x1' }), 422, 'body.name'],
      [
        objection(id, { evidence: [{ title: '截图', url: 'http://example.com/a.png' }] }),
        422,
        'body.evidence[0].url',
      ],
      [
        objection(id, { evidence: [{ title: '截图', url: 'javascript:alert(1)' }] }),
        422,
        'body.evidence[0].url',
      ],
      [
        objection(id, { evidence: Array.from({ length: 11 }, () => ({ title: '材料' })) }),
        422,
        'body.evidence',
      ],
      [objection(id, { nominationId: 'not-an-id' }), 422, 'body.nominationId'],
      [objection('01ARZ3NDEKTSV4RRFFQ69G5FAV'), 422, 'body.nominationId'],
      [objection(id, { extra: 1 }), 422, 'body.extra'],
    ];
    for (const [body, status, field] of cases) {
      const r = await lodge(round.cycleId, body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(r.headers['content-type']).toBe('application/problem+json');
      if (field) expect(r.body.errors?.[0]?.field ?? r.body.field).toBe(field);
    }
    const notJson = await callFrom('10.9.9.9', {
      method: 'POST',
      route: '/public/cycles/{agencyId}/{cycleId}/objections',
      pathParameters: { agencyId: 'beijing', cycleId: round.cycleId },
      rawBody: '{"nominationId":',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.ruleId).toBe('P-REQUEST-FORMAT');
  });

  it('refuses an objection against a nomination of another cycle or off the list (P-OBJECTION-TARGET)', async () => {
    const round = await roundAtPublicity(1);
    const other = await roundAtSchoolPublicity(1);
    const r = await lodge(round.cycleId, objection(other.ids[0] as string));
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('P-OBJECTION-TARGET');
  });

  it('takes at most 5 objections an hour from one address for one cycle: the 6th is 429 with Retry-After (P-RATE-LIMIT)', async () => {
    const round = await roundAtPublicity(1);
    const [id] = round.ids as [string];
    for (let attempt = 0; attempt < 3; attempt++) {
      const ip = `192.0.2.${10 + attempt}`;
      const hour = Math.floor(Date.now() / 3_600_000);
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await lodge(round.cycleId, objection(id), ip));
      if (Math.floor(Date.now() / 3_600_000) !== hour) continue; // the window turned meanwhile: again
      expect(results.slice(0, 5).map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
      const limited = results[5];
      expect(limited?.status).toBe(429);
      expect(limited?.body.ruleId).toBe('P-RATE-LIMIT');
      expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited?.headers['retry-after'])).toBeLessThanOrEqual(3600);
      expect((await lodge(round.cycleId, objection(id), '192.0.2.200')).status).toBe(202);
      return;
    }
    throw new Error('the rate window turned during every attempt');
  });

  it('never answers 5xx to whatever the public sends (property)', async () => {
    const round = await roundAtPublicity(1);
    const [id] = round.ids as [string];
    const nasty = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.constantFrom('', '\u0000', '\ud800', 'A#beijing#NOM#x', 'https://', 'x'.repeat(5000)),
      fc.integer(),
      fc.constantFrom(null, true, [], {}),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('nominationId', 'name', 'contact', 'grounds', 'evidence', 'extra'),
        nasty,
        fc.ipV4(),
        async (field, value, ip) => {
          const r = await lodge(round.cycleId, { ...objection(id), [field]: value }, ip);
          expect(r.status).toBeLessThan(500);
          if (r.status >= 400) expect(r.headers['content-type']).toBe('application/problem+json');
        },
      ),
      { numRuns: 150 },
    );
  });
});
