import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient, mainTableName } from '@talent/data';

export const table = () => mainTableName();

export const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _p, SK: _s, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, entityKind: _e, ...rest } = item;
  return rest as T;
};

export const getItem = async (PK: string, SK: string): Promise<Record<string, unknown> | undefined> => {
  const { Item } = await getDocumentClient().send(
    new GetCommand({ TableName: table(), Key: { PK, SK }, ConsistentRead: true }),
  );
  return Item;
};

/** Every item of a query, page by page (bounded memory for the caller that streams). */
export async function* queryAll(
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await getDocumentClient().send(
      new QueryCommand({ TableName: table(), ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const item of out.Items ?? []) yield item;
    start = out.LastEvaluatedKey;
  } while (start);
}

/** Puts items 25 at a time, retrying what DynamoDB leaves unprocessed. */
export const putAll = async (items: readonly Record<string, unknown>[]): Promise<void> => {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      const out = await getDocumentClient().send(
        new BatchWriteCommand({ RequestItems: { [table()]: requests } }),
      );
      requests = (out.UnprocessedItems?.[table()] ?? []) as typeof requests;
      if (requests.length > 0) {
        if (attempt > 8) throw new Error('batch write left items unprocessed');
        await sleep(Math.min(1000, 20 * 2 ** attempt));
      }
    }
  }
};
