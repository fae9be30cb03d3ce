import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient } from './client';
import { decodeCursor, encodeCursor } from './cursor';

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

/**
 * One page of a Query (never a Scan) with an opaque signed cursor. With a filter, DynamoDB
 * applies `Limit` before filtering, so the page is filled by reading on until `limit` items
 * match or the partition ends.
 */
export const queryPage = async (q: PageQuery): Promise<Page<Record<string, unknown>>> => {
  const items: Record<string, unknown>[] = [];
  let startKey = q.cursor ? decodeCursor(q.cursor, q.scope) : undefined;
  let lastKey: Record<string, unknown> | undefined;
  do {
    const input: QueryCommandInput = {
      TableName: q.tableName,
      ...(q.indexName ? { IndexName: q.indexName } : {}),
      KeyConditionExpression: q.keyCondition,
      ...(q.names ? { ExpressionAttributeNames: q.names } : {}),
      ExpressionAttributeValues: q.values,
      ...(q.filter ? { FilterExpression: q.filter } : {}),
      Limit: q.limit - items.length,
      ScanIndexForward: q.scanForward ?? true,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const out = await getDocumentClient().send(new QueryCommand(input));
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    lastKey = out.LastEvaluatedKey as Record<string, unknown> | undefined;
    startKey = lastKey;
  } while (lastKey && items.length < q.limit);
  return { items, nextCursor: lastKey ? encodeCursor(lastKey, q.scope) : null };
};
