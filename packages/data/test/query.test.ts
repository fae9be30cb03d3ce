import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeCursor } from '../src/cursor';
import { queryPage } from '../src/query';

// Unit: the page loop, with DynamoDB mocked.
const ddb = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddb.reset());

const item = (n: number) => ({ PK: 'A#x#NOM#1', SK: `S${n}`, GSI1PK: 'A#x#CYCLE#c', GSI1SK: `NOM#${n}` });
const base = {
  tableName: 'MainTable',
  indexName: 'GSI1',
  keyCondition: 'GSI1PK = :pk',
  values: { ':pk': 'A#x#CYCLE#c' },
  scope: 'x|GSI1|c',
};

describe('queryPage', () => {
  it('reads one round trip of `limit` items when nothing is filtered', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1), item(2)], LastEvaluatedKey: item(2) });
    const page = await queryPage({ ...base, limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.Limit).toBe(2);
    expect(decodeCursor(page.nextCursor ?? '', base.scope)).toEqual(item(2));
  });

  it('bounds a filtered query to 10 round trips and returns a short page with a cursor', async () => {
    ddb.on(QueryCommand).resolves({ Items: [], LastEvaluatedKey: item(99) });
    const page = await queryPage({ ...base, filter: 'unitId = :u', limit: 20 });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(10);
    expect(page.items).toEqual([]);
    expect(page.nextCursor).not.toBeNull();
  });

  it('cuts a filtered read at the page size and resumes right after the last item returned', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1), item(2), item(3)], LastEvaluatedKey: item(50) });
    const page = await queryPage({ ...base, filter: 'unitId = :u', limit: 2 });
    expect(page.items).toEqual([item(1), item(2)]);
    expect(decodeCursor(page.nextCursor ?? '', base.scope)).toEqual(item(2));
  });

  it('refuses a cursor signed for another scope (P-CURSOR)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1)], LastEvaluatedKey: item(1) });
    const page = await queryPage({ ...base, limit: 1 });
    await expect(
      queryPage({ ...base, scope: 'y|GSI1|c', limit: 1, cursor: page.nextCursor ?? '' }),
    ).rejects.toMatchObject({
      ruleId: 'P-CURSOR',
    });
  });
});
