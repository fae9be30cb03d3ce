/**
 * Generic single-table item helpers shared by the services: key stripping, strongly consistent
 * reads, conditional puts, the audit record of a change, and Queries by sort-key prefix (a page
 * with a signed cursor, or a bounded read of a whole partition). Never a Scan.
 */
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type Actor, auditPut } from './audit';
import { getDocumentClient } from './client';
import type { AgencyId } from './keys';
import { type Page, queryPage } from './query';
import { type TransactItem, TransactionConditionFailed } from './transact';

/** The key and bookkeeping attributes of an item that never appear in a domain value. */
export const KEY_ATTRIBUTES: readonly string[] = [
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'entityKind',
];

/** The item without its key attributes (`PK`, `SK`, `GSI1*`, `GSI2*`, `entityKind`). */
export const stripKeys = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.includes(k))) as T;

export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

/** One item by its key, strongly consistent, without its key attributes. */
export const getItemConsistent = async <T>(tableName: string, key: ItemKey): Promise<T | undefined> => {
  const { Item } = await getDocumentClient().send(
    new GetCommand({ TableName: tableName, Key: { PK: key.PK, SK: key.SK }, ConsistentRead: true }),
  );
  return Item ? stripKeys<T>(Item) : undefined;
};

export interface PutCondition {
  readonly expr: string;
  readonly names?: Record<string, string> | undefined;
  readonly values?: Record<string, unknown> | undefined;
}

/** A Put for a transaction, with an optional condition. */
export const conditionalPut = (
  tableName: string,
  item: Record<string, unknown>,
  condition?: PutCondition,
): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: item,
    ...(condition
      ? {
          ConditionExpression: condition.expr,
          ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
          ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
        }
      : {}),
  },
});

/** Who changes what, when (and why): the audit facts of a change. */
export interface Change {
  readonly actor: Actor;
  readonly action: string;
  readonly at: string;
  readonly reason?: string;
  readonly requestId?: string;
}

export interface AuditedEntity {
  readonly agencyId: AgencyId;
  readonly entityType: string;
  readonly entityId: string;
  readonly entityPk: string;
}

/**
 * The audit Put (X-AUDIT) of a change of an entity, for the same transaction as the change.
 * Snapshots must already be masked; a missing snapshot is stored as null.
 */
export const auditChange = (
  tableName: string,
  entity: AuditedEntity,
  change: Change,
  before: unknown,
  after: unknown,
): TransactItem =>
  auditPut(tableName, {
    ...entity,
    action: change.action,
    actor: change.actor,
    at: change.at,
    ...(change.reason ? { reason: change.reason } : {}),
    ...(change.requestId ? { requestId: change.requestId } : {}),
    before: (before ?? null) as Record<string, unknown> | null,
    after: (after ?? null) as Record<string, unknown> | null,
  });

export type IndexName = 'GSI1' | 'GSI2';

const keyNames = (index: IndexName | undefined) =>
  index ? { pk: `${index}PK`, sk: `${index}SK` } : { pk: 'PK', sk: 'SK' };

export interface PrefixPageInput {
  readonly tableName: string;
  readonly index?: IndexName | undefined;
  readonly pk: string;
  /** Sort-key prefix; '' reads the whole partition. */
  readonly prefix: string;
  readonly limit: number;
  readonly cursor?: string | undefined;
  /** What the cursor is bound to (see cursor.ts). */
  readonly scope: string;
  readonly filter?: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

/** One page (signed cursor) of a partition of the table or an index, narrowed by a sort-key prefix. */
export const prefixPage = async <T>(q: PrefixPageInput): Promise<Page<T>> => {
  const k = keyNames(q.index);
  const page = await queryPage({
    tableName: q.tableName,
    ...(q.index ? { indexName: q.index } : {}),
    keyCondition: q.prefix ? `${k.pk} = :pk AND begins_with(${k.sk}, :prefix)` : `${k.pk} = :pk`,
    values: { ':pk': q.pk, ...(q.prefix ? { ':prefix': q.prefix } : {}), ...q.values },
    ...(q.filter ? { filter: q.filter } : {}),
    ...(q.names ? { names: q.names } : {}),
    limit: q.limit,
    cursor: q.cursor,
    scope: q.scope,
  });
  return { items: page.items.map((i) => stripKeys<T>(i)), nextCursor: page.nextCursor };
};

export interface ReadAllInput {
  readonly tableName: string;
  readonly index?: IndexName | undefined;
  readonly pk: string;
  /** Sort-key prefix; '' reads the whole partition. */
  readonly prefix: string;
  /** Base-table reads only (an index is eventually consistent); default true. */
  readonly consistent?: boolean | undefined;
  /** Round trips at most; without it, every page is read. */
  readonly maxPages?: number | undefined;
  /** The message of the error thrown when `maxPages` does not reach the end. */
  readonly tooLarge?: string | undefined;
}

/** Every item of a partition under a sort-key prefix, following LastEvaluatedKey (bounded by `maxPages`). */
export const readAllItems = async <T>(q: ReadAllInput): Promise<T[]> => {
  const k = keyNames(q.index);
  const input: QueryCommandInput = {
    TableName: q.tableName,
    ...(q.index ? { IndexName: q.index } : { ConsistentRead: q.consistent ?? true }),
    KeyConditionExpression: q.prefix ? `${k.pk} = :pk AND begins_with(${k.sk}, :prefix)` : `${k.pk} = :pk`,
    ExpressionAttributeValues: { ':pk': q.pk, ...(q.prefix ? { ':prefix': q.prefix } : {}) },
  };
  const out: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let round = 0; q.maxPages === undefined || round < q.maxPages; round++) {
    const r = await getDocumentClient().send(
      new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    for (const item of r.Items ?? []) out.push(stripKeys<T>(item as Record<string, unknown>));
    startKey = r.LastEvaluatedKey as Record<string, unknown> | undefined;
    if (!startKey) return out;
  }
  throw new Error(q.tooLarge ?? 'partition larger than the bounded read');
};

/** A Put of a new item: refused (a failed condition) when an item with its key exists. */
export const putIfAbsent = (tableName: string, item: Record<string, unknown>): TransactItem =>
  conditionalPut(tableName, item, { expr: 'attribute_not_exists(PK)' });

/**
 * A Put conditioned on the version read (optimistic locking); without a version read (null or
 * undefined: nothing stored yet), on no item existing with its key.
 */
export const versionedPut = (
  tableName: string,
  item: Record<string, unknown>,
  expectedVersion: number | null | undefined,
): TransactItem =>
  expectedVersion === null || expectedVersion === undefined
    ? putIfAbsent(tableName, item)
    : conditionalPut(tableName, item, { expr: 'version = :v', values: { ':v': expectedVersion } });

/**
 * Awaits a transactional write; when its conditions fail (`TransactionConditionFailed`), throws
 * the domain error `map` makes of the failing item indexes, or the original error when `map`
 * returns undefined. Any other error passes unchanged.
 */
export const onConditionFailed = async <T>(
  write: Promise<T>,
  map: (failedIndexes: readonly number[]) => Error | undefined,
): Promise<T> => {
  try {
    return await write;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) throw map(error.failedIndexes) ?? error;
    throw error;
  }
};
