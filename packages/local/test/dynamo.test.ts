import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { mainTable } from '../../data/src/tables';
import { localDocumentClient, localDynamoClient } from '../src/aws';
import { createTablesFromTemplate, startDynamoDbLocal, templateFromTableDefinitions } from '../src/dynamo';
import { tableResource } from './fixtures/template';
import { processExists, tempDir } from './helpers';

const endpoint = inject('dynamoEndpoint');

describe('tables from a template', () => {
  it('creates each table with the same keys, attributes, indexes and TTL, on demand', async () => {
    const tableId = `FixtureTable${Date.now()}`;
    const client = localDynamoClient(endpoint);
    const template = { Resources: { [tableId]: tableResource(2) } };
    const first = await createTablesFromTemplate({ data: template }, client);
    expect(first).toEqual([{ tableName: tableId, created: true, addedIndexes: [] }]);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableId }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(new Set(Table?.AttributeDefinitions?.map((a) => `${a.AttributeName}:${a.AttributeType}`))).toEqual(
      new Set(['PK:S', 'SK:S', 'GSI1PK:S', 'GSI1SK:S', 'GSI2PK:S', 'GSI2SK:S']),
    );
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const gsis = (Table?.GlobalSecondaryIndexes ?? [])
      .map((g) => ({ name: g.IndexName, keys: g.KeySchema, projection: g.Projection?.ProjectionType }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(gsis).toEqual([
      {
        name: 'GSI1',
        keys: [
          { AttributeName: 'GSI1PK', KeyType: 'HASH' },
          { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
        ],
        projection: 'ALL',
      },
      {
        name: 'GSI2',
        keys: [
          { AttributeName: 'GSI2PK', KeyType: 'HASH' },
          { AttributeName: 'GSI2SK', KeyType: 'RANGE' },
        ],
        projection: 'KEYS_ONLY',
      },
    ]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableId }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');

    // Idempotent: a second run keeps the table.
    expect(await createTablesFromTemplate({ data: template }, client)).toEqual([
      { tableName: tableId, created: false, addedIndexes: [] },
    ]);
    client.destroy();
  });

  it('adds an index the template gained to an existing table', async () => {
    const tableId = `GrowingTable${Date.now()}`;
    const client = localDynamoClient(endpoint);
    await createTablesFromTemplate({ Resources: { [tableId]: tableResource(1) } }, client);
    const result = await createTablesFromTemplate({ Resources: { [tableId]: tableResource(2) } }, client);
    expect(result).toEqual([{ tableName: tableId, created: false, addedIndexes: ['GSI2'] }]);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableId }));
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(['GSI1', 'GSI2']);
    client.destroy();
  });

  it('the global setup created the main table from the shared definitions', async () => {
    const client = localDynamoClient(endpoint);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: mainTable.logicalId }));
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
      mainTable.globalIndexes.map((g) => g.indexName).sort(),
    );
    const template = templateFromTableDefinitions([mainTable]);
    expect(Object.keys(template.Resources ?? {})).toEqual(['MainTable']);
    client.destroy();
  });
});

describe('DynamoDB Local process', () => {
  it('persists to the data dir across a restart and leaves no Java process behind', async () => {
    const dataDir = tempDir('persist');
    const first = await startDynamoDbLocal({ dataDir });
    const firstPid = first.pid;
    expect(processExists(firstPid)).toBe(true);
    const client = localDynamoClient(first.endpoint);
    await createTablesFromTemplate({ Resources: { Persisted: tableResource(0) } }, client);
    const doc = localDocumentClient(first.endpoint);
    await doc.send(new PutCommand({ TableName: 'Persisted', Item: { PK: 'A#x', SK: 'ITEM', value: 42 } }));
    doc.destroy();
    client.destroy();
    await first.stop();
    expect(processExists(firstPid)).toBe(false);

    const second = await startDynamoDbLocal({ dataDir });
    try {
      const client2 = localDynamoClient(second.endpoint);
      expect(await createTablesFromTemplate({ Resources: { Persisted: tableResource(0) } }, client2)).toEqual(
        [{ tableName: 'Persisted', created: false, addedIndexes: [] }],
      );
      client2.destroy();
      const doc2 = localDocumentClient(second.endpoint);
      const { Item } = await doc2.send(
        new GetCommand({ TableName: 'Persisted', Key: { PK: 'A#x', SK: 'ITEM' } }),
      );
      doc2.destroy();
      expect(Item).toEqual({ PK: 'A#x', SK: 'ITEM', value: 42 });
    } finally {
      await second.stop();
    }
    expect(processExists(second.pid)).toBe(false);
  });

  it('refuses a port that is already taken with a clear message', async () => {
    const port = Number(new URL(endpoint).port);
    await expect(startDynamoDbLocal({ port, inMemory: true })).rejects.toThrow(/port .* already listens/);
  });
});
