import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { mainTable } from './tables';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface PageQuery {
  readonly tableName: string;
  readonly indexName?: string;
  readonly keyCondition: string;
  readonly names?: Record<string, string>;
  readonly values: Record<string, unknown>;
  readonly filter?: string;
  readonly limit: number;
  readonly cursor?: string | undefined;
  /** What the cursor is bound to: agency + index + partition (see cursor.ts). */
  readonly scope: string;
  readonly scanForward?: boolean;
}

/** With a filter, items read per round trip, and round trips per request at most. */
const FILTERED_READ_SIZE = 100;
const MAX_ROUND_TRIPS = 10;

/** The key attributes of an item as DynamoDB's LastEvaluatedKey for this table/index would hold them. */
const keyOf = (item: Record<string, unknown>, indexName: string | undefined): Record<string, unknown> => {
  const index = mainTable.globalIndexes.find((i) => i.indexName === indexName);
  const names = [
    mainTable.partitionKey,
    mainTable.sortKey,
    ...(index ? [index.partitionKey, index.sortKey] : []),
  ];
  return Object.fromEntries(names.map((n) => [n, item[n]]));
};

/**
 * One page of a Query (never a Scan) with an opaque signed cursor. Without a filter a page is
 * one round trip of `limit` items. With a filter, DynamoDB applies `Limit` before filtering, so
 * the page is filled from reads of 100 items; a request makes at most 10 round trips and then
 * returns a shorter page with a cursor, so no request's cost or latency grows with the partition.
 */
export const queryPage = async (q: PageQuery): Promise<Page<Record<string, unknown>>> => {
  const items: Record<string, unknown>[] = [];
  let startKey = q.cursor ? decodeCursor(q.cursor, q.scope) : undefined;
  for (let round = 0; round < MAX_ROUND_TRIPS; round++) {
    const input: QueryCommandInput = {
      TableName: q.tableName,
      ...(q.indexName ? { IndexName: q.indexName } : {}),
      KeyConditionExpression: q.keyCondition,
      ...(q.names ? { ExpressionAttributeNames: q.names } : {}),
      ExpressionAttributeValues: q.values,
      ...(q.filter ? { FilterExpression: q.filter } : {}),
      Limit: q.filter ? FILTERED_READ_SIZE : q.limit - items.length,
      ScanIndexForward: q.scanForward ?? true,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const out = await getDocumentClient().send(new QueryCommand(input));
    const matched = (out.Items ?? []) as Record<string, unknown>[];
    const room = q.limit - items.length;
    if (matched.length > room) {
      // The page fills inside this read: stop after the last item returned.
      items.push(...matched.slice(0, room));
      return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1] ?? {}, q.indexName), q.scope) };
    }
    items.push(...matched);
    startKey = out.LastEvaluatedKey as Record<string, unknown> | undefined;
    if (!startKey) return { items, nextCursor: null };
    if (items.length >= q.limit) break;
  }
  return { items, nextCursor: startKey ? encodeCursor(startKey, q.scope) : null };
};
