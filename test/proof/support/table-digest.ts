import { createHash } from 'node:crypto';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '../../../packages/local/src/aws';

/**
 * What a table holds, reduced to a count and a hash: a consistent Scan of every item (test code
 * only; the product never scans), each item serialised with sorted attribute names, the lines
 * sorted. Two equal digests mean no item was added, changed or removed between them.
 * `keep` narrows the digest to some items (e.g. one agency's: PK starts with `A#<agency>#`).
 */
export interface TableDigest {
  readonly items: number;
  readonly hash: string;
}

const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

export const tableDigest = async (
  endpoint: string,
  tableName = 'MainTable',
  keep: (pk: string) => boolean = () => true,
): Promise<TableDigest> => {
  const client = localDynamoClient(endpoint);
  try {
    const lines: string[] = [];
    let start: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page = await client.send(
        new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        if (keep(item.PK?.S ?? '')) lines.push(canonical(item));
      }
      start = page.LastEvaluatedKey;
    } while (start);
    lines.sort();
    const hash = createHash('sha256');
    for (const line of lines) hash.update(line).update('\n');
    return { items: lines.length, hash: hash.digest('hex') };
  } finally {
    client.destroy();
  }
};
