/**
 * DynamoDB storage of the pairings service (single table, every key tenant-prefixed, X-TENANT).
 * Every change is one transaction with its audit record (X-AUDIT); invariants are conditions of
 * that transaction (counter items, claims, markers), never read-then-write.
 */
import {
  type AgencyId,
  type AuditRecord,
  auditChange,
  type Change,
  conditionalPut,
  getItemConsistent,
  mainTableName,
  type Page,
  type PutCondition,
  prefixPage,
  queryPage,
  readAllItems,
  type TransactItem,
  tenantKey,
  toAuditRecord,
  transactWrite,
  versionedPut,
} from '@talent/data';

export type { Change };

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
  /** `count`: the cycle's submitted lists the city has not reviewed (changed with each submit/review). */
  unreviewedLists: (a: AgencyId, cycleId: string): Key => ({
    PK: tenantKey(a, 'PCYCLEMETA', cycleId),
    SK: 'UNREVIEWED-LISTS',
  }),
  /** `hours`: face-to-face hours logged on one date of a pairing (≤ 8, one day: LS-MENTOR-DAYS). */
  sessionDay: (a: AgencyId, pairingId: string, date: string): Key => ({
    PK: tenantKey(a, 'PAIRING', pairingId),
    SK: `DAY#${date}`,
  }),
};

export const table = (): string => mainTableName();

export const getItem = <T>(key: Key): Promise<T | undefined> => getItemConsistent<T>(table(), key);

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
): TransactItem => auditChange(table(), { agencyId, entityType, entityId, entityPk }, change, before, after);

export const put = (item: Record<string, unknown>, condition?: PutCondition): TransactItem =>
  conditionalPut(table(), item, condition);

/** Put an entity only if the stored one has this version (optimistic locking) or none exists. */
export const putVersioned = (item: Record<string, unknown>, expectedVersion: number | null): TransactItem =>
  versionedPut(table(), item, expectedVersion);

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

/** Adds `by` to a counter attribute (created at 0), optionally under a condition. */
export const increment = (
  key: Key,
  attr: string,
  by: number,
  condition?: { expr: string; values: Record<string, unknown>; names?: Record<string, string> },
): TransactItem => ({
  Update: {
    TableName: table(),
    Key: key,
    UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :by',
    ...(condition ? { ConditionExpression: condition.expr } : {}),
    ExpressionAttributeNames: { '#c': attr, ...(condition?.names ?? {}) },
    ExpressionAttributeValues: { ':zero': 0, ':by': by, ...(condition?.values ?? {}) },
  },
});

export const write = (items: readonly TransactItem[]) => transactWrite(items);

/** One page of an index partition narrowed by a sort-key prefix (and an optional status filter). */
export const indexPage = <T>(input: {
  agencyId: AgencyId;
  index: 'GSI1' | 'GSI2';
  partition: string;
  prefix: string;
  status?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<T>> =>
  prefixPage<T>({
    tableName: table(),
    index: input.index,
    pk: input.partition,
    prefix: input.prefix,
    ...(input.status
      ? { filter: '#status = :status', names: { '#status': 'status' }, values: { ':status': input.status } }
      : {}),
    limit: input.limit,
    cursor: input.cursor,
    scope: `${input.agencyId}|${input.index}|${input.partition}|${input.prefix}|${input.status ?? ''}`,
  });

/** One page of a table partition by sort-key prefix. */
export const partitionPage = <T>(input: {
  agencyId: AgencyId;
  pk: string;
  prefix: string;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<T>> =>
  prefixPage<T>({
    tableName: table(),
    pk: input.pk,
    prefix: input.prefix,
    limit: input.limit,
    cursor: input.cursor,
    scope: `${input.agencyId}|table|${input.pk}|${input.prefix}`,
  });

/** Every item of a partition prefix (bounded: 50 pages), for hooks and snapshots. */
export const readAll = <T>(input: {
  index?: 'GSI1' | 'GSI2';
  partition: string;
  prefix: string;
  consistent?: boolean;
}): Promise<T[]> =>
  readAllItems<T>({
    tableName: table(),
    index: input.index,
    pk: input.partition,
    prefix: input.prefix,
    consistent: input.consistent,
    maxPages: 50,
  });

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
