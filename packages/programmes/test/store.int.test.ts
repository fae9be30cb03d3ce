import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { findProgramme } from '@talent/catalogue';
import { type AgencyId, getDocumentClient, mainTableName } from '@talent/data';
import { ConflictError, ValidationFailedError } from '@talent/kernel';
import { describe, expect, it } from 'vitest';
import { DynamoProgrammeStore, ProgrammeVersionConflictError } from '../src/index';
import { builtInFor, definitionFrom, freshAgency, storedProgrammeItems } from './fixtures';

// Integration: the programme store against DynamoDB Local, with built-ins of test agencies so the
// five seed agencies' programmes stay as they are for every other test of the run.

const change = (userId = 'admin-1') => ({
  actor: { userId, roles: ['admin'] },
  at: new Date().toISOString(),
  requestId: 'req-1',
});

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationFailedError);
  return (error as ValidationFailedError).violations;
};

describe('programme store: built-ins', () => {
  it('answers a built-in version without reading DynamoDB, and only to the agencies that run it (X-TENANT)', async () => {
    const agency = freshAgency();
    const builtIn = builtInFor(agency, 'fixture-masters');
    // A table that does not exist: any read would throw.
    const store = new DynamoProgrammeStore({ builtIns: [builtIn], tableName: 'NoSuchTable' });
    expect(await store.version(agency, 'fixture-masters', 1)).toBe(builtIn);
    expect(await store.version(freshAgency(), 'fixture-masters', 1)).toBeUndefined();
  });

  it('lists the catalogue’s built-in for each seed agency, latest and versions included', async () => {
    const store = new DynamoProgrammeStore();
    for (const [agency, id] of [
      ['lishui', 'lishui-masters'],
      ['guangdong', 'guangdong-diploma-technician'],
      ['zhuhai', 'zhuhai-new-craftsmen'],
      ['jiangsu', 'jiangsu-excellent-technicians'],
      ['beijing', 'beijing-craftsman-teachers'],
    ] as const) {
      const a = agency as AgencyId;
      expect((await store.list(a)).map((p) => p.id)).toContain(id);
      expect(await store.latest(a, id)).toBe(findProgramme(id));
      expect(await store.versions(a, id)).toEqual([
        { programmeId: id, version: 1, effectiveFrom: findProgramme(id)?.effectiveFrom, builtIn: true },
      ]);
    }
    expect(await store.latest('lishui' as AgencyId, 'jiangsu-excellent-technicians')).toBeUndefined();
    expect(await store.versions('lishui' as AgencyId, 'jiangsu-excellent-technicians')).toEqual([]);
  });
});

describe('programme store: registration', () => {
  it('registers a new programme, lists it, answers its versions and audits it (X-AUDIT)', async () => {
    const agency = freshAgency();
    const store = new DynamoProgrammeStore({ builtIns: [] });
    const input = definitionFrom('jiangsu-excellent-technicians', { id: 'own-plan', agencyId: agency });
    const registered = await store.register(agency, input, change());
    expect(registered).toMatchObject({ id: 'own-plan', version: 1, agencyIds: [agency] });
    expect(JSON.parse(JSON.stringify(registered))).toEqual(input);
    expect((await store.list(agency)).map((p) => [p.id, p.version])).toEqual([['own-plan', 1]]);
    expect((await store.latest(agency, 'own-plan'))?.rules.map((r) => r.id)).toEqual(
      input.rules.map((r) => r.id),
    );
    const [summary] = await store.versions(agency, 'own-plan');
    expect(summary).toMatchObject({
      programmeId: 'own-plan',
      version: 1,
      builtIn: false,
      registeredBy: 'admin-1',
    });
    const { Items: audit = [] } = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
        ExpressionAttributeValues: { ':pk': `A#${agency}#PROG#own-plan`, ':a': 'AUDIT#' },
      }),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entityType: 'Programme',
      entityId: 'own-plan',
      action: 'programme.registered',
      actorId: 'admin-1',
      before: null,
      after: { programmeId: 'own-plan', version: 1 },
    });
    expect(audit[0]?.after).not.toHaveProperty('rules');
  });

  it('adds version 2 of a built-in the agency runs; version 1 stays what cycles started with', async () => {
    const agency = freshAgency();
    const builtIn = builtInFor(agency, 'fixture-masters');
    const store = new DynamoProgrammeStore({ builtIns: [builtIn] });
    const v2 = definitionFrom('jiangsu-excellent-technicians', {
      id: 'fixture-masters',
      agencyId: agency,
      version: 2,
    });
    v2.nameEn = 'Amended programme';
    expect((await store.register(agency, v2, change())).version).toBe(2);
    expect((await store.latest(agency, 'fixture-masters'))?.nameEn).toBe('Amended programme');
    expect(await store.version(agency, 'fixture-masters', 1)).toBe(builtIn);
    expect((await store.version(agency, 'fixture-masters', 2))?.nameEn).toBe('Amended programme');
    expect((await store.versions(agency, 'fixture-masters')).map((v) => [v.version, v.builtIn])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect((await store.list(agency)).map((p) => [p.id, p.version])).toEqual([['fixture-masters', 2]]);
    const v3 = { ...v2, version: 3 };
    expect((await store.register(agency, v3, change())).version).toBe(3);
    expect((await store.latest(agency, 'fixture-masters'))?.version).toBe(3);
  });

  it('keeps registered versions in process: immutable, so read once (cache)', async () => {
    const agency = freshAgency();
    const store = new DynamoProgrammeStore({ builtIns: [] });
    await store.register(
      agency,
      definitionFrom('lishui-masters', { id: 'cached', agencyId: agency }),
      change(),
    );
    const first = await new DynamoProgrammeStore({ builtIns: [] }).version(agency, 'cached', 1);
    await getDocumentClient().send(
      new DeleteCommand({
        TableName: mainTableName(),
        Key: { PK: `A#${agency}#PROG#cached`, SK: 'V#000001' },
      }),
    );
    expect(await store.version(agency, 'cached', 1)).toBeDefined();
    expect(first?.id).toBe('cached');
    expect(await new DynamoProgrammeStore({ builtIns: [] }).version(agency, 'cached', 1)).toBeUndefined();
  });

  it('refuses a version that is not latest + 1, naming body.version (P-PROGRAMME-DEFINITION)', async () => {
    const agency = freshAgency();
    const store = new DynamoProgrammeStore({ builtIns: [] });
    const input = (version: number) =>
      definitionFrom('zhuhai-new-craftsmen', { id: 'gapped', agencyId: agency, version });
    expect(await rejection(store.register(agency, input(2), change()))).toEqual([
      { ruleId: 'P-PROGRAMME-DEFINITION', path: 'body.version', message: expect.stringContaining('is 1') },
    ]);
    await store.register(agency, input(1), change());
    for (const version of [1, 3]) {
      expect((await rejection(store.register(agency, input(version), change())))[0]?.path).toBe(
        'body.version',
      );
    }
    expect((await storedProgrammeItems(agency)).filter((i) => String(i.SK).startsWith('V#'))).toHaveLength(1);
  });

  it('refuses an id of a built-in the agency does not run, saying only that it is not available (X-TENANT)', async () => {
    const owner = freshAgency();
    const other = freshAgency();
    const store = new DynamoProgrammeStore({ builtIns: [builtInFor(owner, 'owned-by-one')] });
    for (const version of [1, 2]) {
      const input = definitionFrom('lishui-masters', { id: 'owned-by-one', agencyId: other, version });
      expect(await rejection(store.register(other, input, change()))).toEqual([
        {
          ruleId: 'P-PROGRAMME-DEFINITION',
          path: 'body.id',
          message: '"owned-by-one" is not available; choose another id',
        },
      ]);
    }
    expect(await storedProgrammeItems(other)).toEqual([]);
  });

  it('lists every problem of an invalid definition with its path, and writes nothing (P-PROGRAMME-DEFINITION)', async () => {
    const agency = freshAgency();
    const store = new DynamoProgrammeStore({ builtIns: [] });
    const input = definitionFrom('jiangsu-excellent-technicians', { id: 'broken', agencyId: agency });
    input.rules[0] = { ...input.rules[0], kind: 'no-such-kind' };
    (input.funding as { items: { perHeadFen: number }[] }).items[0]!.perHeadFen = -100;
    input.agencyIds = [agency, 'jiangsu'];
    const violations = await rejection(store.register(agency, input, change()));
    expect(violations.map((v) => v.path)).toEqual(
      expect.arrayContaining(['body.rules[0].kind', 'body.funding.items[0].perHeadFen']),
    );
    expect(violations.every((v) => v.ruleId === 'P-PROGRAMME-DEFINITION' && v.message.length > 0)).toBe(true);
    const tenancy = definitionFrom('jiangsu-excellent-technicians', { id: 'broken', agencyId: 'jiangsu' });
    expect((await rejection(store.register(agency, tenancy, change())))[0]?.path).toBe('body.agencyIds');
    expect(await storedProgrammeItems(agency)).toEqual([]);
  });

  it('namespaces ids per agency: two agencies register the same id and neither sees the other’s (X-TENANT)', async () => {
    const a = freshAgency();
    const b = freshAgency();
    const store = new DynamoProgrammeStore({ builtIns: [] });
    await store.register(
      a,
      definitionFrom('beijing-craftsman-teachers', { id: 'shared-id', agencyId: a }),
      change(),
    );
    await store.register(
      a,
      definitionFrom('beijing-craftsman-teachers', { id: 'shared-id', agencyId: a, version: 2 }),
      change(),
    );
    expect(await store.latest(b, 'shared-id')).toBeUndefined();
    expect(await store.version(b, 'shared-id', 1)).toBeUndefined();
    expect(await store.versions(b, 'shared-id')).toEqual([]);
    expect(await store.list(b)).toEqual([]);
    // B's version 1, not A's version 3: B learns nothing of A's versions.
    const own = await store.register(
      b,
      definitionFrom('guangdong-diploma-technician', { id: 'shared-id', agencyId: b }),
      change(),
    );
    expect(own.version).toBe(1);
    expect((await store.latest(a, 'shared-id'))?.version).toBe(2);
    expect((await store.latest(b, 'shared-id'))?.nameZh).toBe(
      findProgramme('guangdong-diploma-technician')?.nameZh,
    );
  });

  it('lets exactly one of 20 concurrent registrations of one version through (P-PROGRAMME-VERSION)', async () => {
    const agency = freshAgency();
    const store = new DynamoProgrammeStore({ builtIns: [] });
    const input = definitionFrom('lishui-masters', { id: 'raced', agencyId: agency });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.register(agency, input, change(`admin-${i}`))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'fulfilled') continue;
      // Lost the write (409), or read the winner's version first (422 on body.version).
      const e = o.reason as Error;
      if (e instanceof ConflictError) expect(e).toBeInstanceOf(ProgrammeVersionConflictError);
      else expect((e as ValidationFailedError).violations[0]?.path).toBe('body.version');
    }
    const items = await storedProgrammeItems(agency);
    expect(items.filter((i) => String(i.SK).startsWith('V#'))).toHaveLength(1);
    expect(items.filter((i) => String(i.SK).startsWith('AUDIT#'))).toHaveLength(1);
  });
});
