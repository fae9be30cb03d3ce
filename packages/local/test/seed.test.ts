import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { seedAgencies as agencies } from '../../catalogue/src/agencies';
import { localDocumentClient, localDynamoClient } from '../src/aws';
import { createTablesFromTemplate } from '../src/dynamo';
import { seedAgencies } from '../src/seed';
import { tableResource } from './fixtures/template';

describe('seeding agencies', () => {
  it('puts one Agency item per seed agency, once', async () => {
    const table = `SeedTable${Date.now()}`;
    await createTablesFromTemplate(
      { Resources: { [table]: tableResource(0) } },
      localDynamoClient(inject('dynamoEndpoint')),
    );
    const doc = localDocumentClient(inject('dynamoEndpoint'));
    const first = await seedAgencies(doc, table, agencies, () => new Date('2026-01-01T00:00:00.000Z'));
    expect(first).toEqual({ created: agencies.map((a) => a.agencyId), existing: [] });
    const second = await seedAgencies(doc, table, agencies, () => new Date('2027-01-01T00:00:00.000Z'));
    expect(second).toEqual({ created: [], existing: agencies.map((a) => a.agencyId) });

    const jiangsu = agencies.find((a) => a.agencyId === 'jiangsu');
    const { Items } = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'A#jiangsu' },
      }),
    );
    expect(Items).toEqual([
      {
        PK: 'A#jiangsu',
        SK: 'AGENCY',
        entityType: 'Agency',
        agencyId: 'jiangsu',
        nameZh: jiangsu?.nameZh,
        nameEn: jiangsu?.nameEn,
        programmeIds: jiangsu?.programmeIds,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    doc.destroy();
  });
});
