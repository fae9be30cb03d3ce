/**
 * DynamoDB storage of the pairings service (single table, every key tenant-prefixed, X-TENANT).
 * Every change is one transaction with its audit record (X-AUDIT); invariants are conditions of
 * that transaction (counter items, claims, markers), never read-then-write.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Actor,
  type AgencyId,
  type AuditRecord,
  auditPut,
  getDocumentClient,
  mainTableName,
  type Page,
  queryPage,
  type TransactItem,
  tenantKey,
  toAuditRecord,
  transactWrite,
} from '@talent/data';

export interface Change {
  readonly actor: Actor;
  readonly action: string;
  readonly at: string;
  readonly reason?: string;
  readonly requestId?: string;
}

export type Key = { PK: string; SK: string };

export const keys = {
  cyclePk: (a: AgencyId, cycleId: string) => tenantKey(a, 'PCYCLE', cycleId),
  master: (a: AgencyId, masterId: string): Key => ({ PK: tenantKey(a, 'PMASTER', masterId), SK: 'MASTER' }),
  stageCounter: (a: AgencyId, masterId: string, stage: string): Key => ({
    PK: tenantKey(a, 'PMASTER', masterId),
    SK: `STAGE#${stage}`,
  }),
  apprentice: (a: AgencyId, id: string): Key => ({ PK: tenantKey(a, 'PAPPR', id), SK: 'APPRENTICE' }),
  openClaim: (a: AgencyId, apprenticeId: string): Key => ({
    PK: tenantKey(a, 'PAPPR', apprenticeId),
    SK: 'OPEN-PAIRING',
  }),
  person: (a: AgencyId, fingerprint: string, cycleId: string): Key => ({
    PK: tenantKey(a, 'PPERSON', fingerprint),
    SK: `CYCLE#${cycleId}`,
  }),
  pairing: (a: AgencyId, id: string): Key => ({ PK: tenantKey(a, 'PAIRING', id), SK: 'PAIRING' }),
  session: (a: AgencyId, pairingId: string, date: string, sessionId: string): Key => ({
    PK: tenantKey(a, 'PAIRING', pairingId),
    SK: `SESSION#${date}#${sessionId}`,
  }),
  schoolCounter: (a: AgencyId, cycleId: string, schoolId: string): Key => ({
    PK: tenantKey(a, 'PSCHOOL', cycleId, schoolId),
    SK: 'COUNTS',
  }),
  list: (a: AgencyId, cycleId: string, schoolId: string): Key => ({
    PK: tenantKey(a, 'PLIST', cycleId, schoolId),
    SK: 'LIST',
  }),
  honourPk: (a: AgencyId, cycleId: string) => tenantKey(a, 'PHONOUR', cycleId),
  marker: (a: AgencyId, cycleId: string, marker: 'PAIRING-LISTS-FINAL' | 'TOP-SELECTION-FINAL'): Key => ({
    PK: tenantKey(a, 'PCYCLEMETA', cycleId),
    SK: marker,
  }),
};

const KEY_ATTRS = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entityKind'];
export const fromItem = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.includes(k))) as T;

export const table = (): string => mainTableName();

export const getItem = async <T>(key: Key): Promise<T | undefined> => {
  const { Item } = await getDocumentClient().send(
    new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }),
  );
  return Item ? fromItem<T>(Item) : undefined;
};

export const exists = async (key: Key): Promise<boolean> => (await getItem(key)) !== undefined;

/** A counter's value (0 when the item or attribute is missing), strongly consistent. */
export const counters = async (key: Key): Promise<Record<string, number>> =>
  (await getItem<Record<string, number>>(key)) ?? {};

export const auditOf = (
  agencyId: AgencyId,
  entityType: string,
  entityId: string,
  entityPk: string,
  change: Change,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): TransactItem => auditPut(table(), { agencyId, entityType, entityId, entityPk, before, after, ...change });

export const put = (
  item: Record<string, unknown>,
  condition?: { expr: string; names?: Record<string, string>; values?: Record<string, unknown> },
): TransactItem => ({
  Put: {
    TableName: table(),
    Item: item,
    ...(condition
      ? {
          ConditionExpression: condition.expr,
          ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
          ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
        }
      : {}),
  },
});

/** Put an entity only if the stored one has this version (optimistic locking) or none exists. */
export const putVersioned = (item: Record<string, unknown>, expectedVersion: number | null): TransactItem =>
  expectedVersion === null
    ? put(item, { expr: 'attribute_not_exists(PK)' })
    : put(item, { expr: 'version = :v', values: { ':v': expectedVersion } });

export const conditionCheck = (
  key: Key,
  expr: string,
  values?: Record<string, unknown>,
  names?: Record<string, string>,
): TransactItem => ({
  ConditionCheck: {
    TableName: table(),
    Key: key,
    ConditionExpression: expr,
    ...(values ? { ExpressionAttributeValues: values } : {}),
    ...(names ? { ExpressionAttributeNames: names } : {}),
  },
});

/**
 * Sets counter attributes from the values read to new values, only if they still hold the values
 * read (compare-and-set): the rule engine decided on exactly those counts.
 */
export const compareAndSet = (
  key: Key,
  read: Record<string, number>,
  next: Record<string, number>,
): TransactItem => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const conds: string[] = [];
  Object.keys(next).forEach((attr, i) => {
    names[`#c${i}`] = attr;
    values[`:n${i}`] = next[attr];
    sets.push(`#c${i} = :n${i}`);
    const old = read[attr] ?? 0;
    values[`:o${i}`] = old;
    conds.push(old === 0 ? `(attribute_not_exists(#c${i}) OR #c${i} = :o${i})` : `#c${i} = :o${i}`);
  });
  return {
    Update: {
      TableName: table(),
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conds.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

/** Decrements counter attributes by the given amounts, never below zero (a condition). */
export const decrement = (key: Key, by: Record<string, number>): TransactItem => {
  const entries = Object.entries(by).filter(([, n]) => n > 0);
  const names = Object.fromEntries(entries.map(([a], i) => [`#c${i}`, a]));
  const values = Object.fromEntries(entries.map(([, n], i) => [`:d${i}`, n]));
  return {
    Update: {
      TableName: table(),
      Key: key,
      UpdateExpression: `SET ${entries.map((_, i) => `#c${i} = #c${i} - :d${i}`).join(', ')}`,
      ConditionExpression: entries.map((_, i) => `#c${i} >= :d${i}`).join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

export const write = (items: readonly TransactItem[]) => transactWrite(items);

/** One page of an index partition narrowed by a sort-key prefix (and an optional status filter). */
export const indexPage = async <T>(input: {
  agencyId: AgencyId;
  index: 'GSI1' | 'GSI2';
  partition: string;
  prefix: string;
  status?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<T>> => {
  const { index } = input;
  const page = await queryPage({
    tableName: table(),
    indexName: index,
    keyCondition: `${index}PK = :pk AND begins_with(${index}SK, :prefix)`,
    values: {
      ':pk': input.partition,
      ':prefix': input.prefix,
      ...(input.status ? { ':status': input.status } : {}),
    },
    ...(input.status ? { filter: '#status = :status', names: { '#status': 'status' } } : {}),
    limit: input.limit,
    cursor: input.cursor,
    scope: `${input.agencyId}|${index}|${input.partition}|${input.prefix}|${input.status ?? ''}`,
  });
  return { items: page.items.map((i) => fromItem<T>(i)), nextCursor: page.nextCursor };
};

/** One page of a table partition by sort-key prefix. */
export const partitionPage = async <T>(input: {
  agencyId: AgencyId;
  pk: string;
  prefix: string;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<T>> => {
  const page = await queryPage({
    tableName: table(),
    keyCondition: 'PK = :pk AND begins_with(SK, :prefix)',
    values: { ':pk': input.pk, ':prefix': input.prefix },
    limit: input.limit,
    cursor: input.cursor,
    scope: `${input.agencyId}|table|${input.pk}|${input.prefix}`,
  });
  return { items: page.items.map((i) => fromItem<T>(i)), nextCursor: page.nextCursor };
};

/** Every item of a partition prefix (bounded: 50 pages), for hooks and snapshots. */
export const readAll = async <T>(input: {
  index?: 'GSI1' | 'GSI2';
  partition: string;
  prefix: string;
  consistent?: boolean;
}): Promise<T[]> => {
  const out: T[] = [];
  const pkName = input.index ? `${input.index}PK` : 'PK';
  const skName = input.index ? `${input.index}SK` : 'SK';
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < 50; page++) {
    const res = await getDocumentClient().send(
      new QueryCommand({
        TableName: table(),
        ...(input.index ? { IndexName: input.index } : { ConsistentRead: input.consistent ?? true }),
        KeyConditionExpression: `${pkName} = :pk AND begins_with(${skName}, :prefix)`,
        ExpressionAttributeValues: { ':pk': input.partition, ':prefix': input.prefix },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    out.push(...(res.Items ?? []).map((i) => fromItem<T>(i)));
    startKey = res.LastEvaluatedKey as Record<string, unknown> | undefined;
    if (!startKey) return out;
  }
  throw new Error('partition larger than the bounded read');
};

export const auditPage = async (
  agencyId: AgencyId,
  pk: string,
  limit: number,
  cursor?: string,
): Promise<Page<AuditRecord>> => {
  const page = await queryPage({
    tableName: table(),
    keyCondition: 'PK = :pk AND begins_with(SK, :audit)',
    values: { ':pk': pk, ':audit': 'AUDIT#' },
    limit,
    cursor,
    scope: `${agencyId}|audit|${pk}`,
  });
  return { items: page.items.map(toAuditRecord), nextCursor: page.nextCursor };
};
