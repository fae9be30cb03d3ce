import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDocumentClient } from '../src/aws';
import { type LocalStack, startLocalStack } from '../src/stack';
import { fixtureTemplates } from './fixtures/template';
import { captureLogger, send, tempDir } from './helpers';

describe('the local stack on fixture templates', () => {
  let stack: LocalStack;
  const log = captureLogger();

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      dataDir: tempDir('stack'),
      dynamoEndpoint: inject('dynamoEndpoint'),
      templates: fixtureTemplates(),
      logger: log.logger,
    });
  });
  afterAll(() => stack?.stop());

  it('serves the routes with its own dev tokens', async () => {
    expect(stack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = await stack.issueToken({ agency: 'lishui', roles: ['unit'], unit: 'u-9' });
    const res = await send(stack.url, 'GET', '/items/42', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const { event } = res.json<{
      event: { requestContext: { authorizer: { jwt: { claims: Record<string, unknown> } } } };
    }>();
    expect(event.requestContext.authorizer.jwt.claims).toMatchObject({
      'custom:agency': 'lishui',
      'cognito:groups': '[unit]',
      'custom:unit': 'u-9',
      sub: 'dev-lishui-unit',
    });
    expect((await send(stack.url, 'GET', '/items/42')).status).toBe(401);
    expect(log.lines.info.some((l) => /^GET \/items\/42 200 \d+ms$/.test(l))).toBe(true);
  });

  it('seeded the agencies and points the handlers at the shared DynamoDB', async () => {
    expect(stack.dynamoEndpoint).toBe(inject('dynamoEndpoint'));
    expect(process.env.DYNAMODB_ENDPOINT).toBe(inject('dynamoEndpoint'));
    expect(process.env.TABLE_NAME).toBe('MainTable');
    expect(stack.tables).toEqual([{ tableName: 'MainTable', created: false, addedIndexes: [] }]);
    const doc = localDocumentClient(stack.dynamoEndpoint);
    const { Item } = await doc.send(
      new GetCommand({ TableName: 'MainTable', Key: { PK: 'A#zhuhai', SK: 'AGENCY' } }),
    );
    doc.destroy();
    expect(Item).toMatchObject({
      entityType: 'Agency',
      agencyId: 'zhuhai',
      programmeIds: ['zhuhai-new-craftsmen'],
    });
  });

  it('stops its gateway, and leaves a DynamoDB it did not start running', async () => {
    const other = await startLocalStack({
      port: 0,
      dataDir: tempDir('stack2'),
      dynamoEndpoint: inject('dynamoEndpoint'),
      templates: fixtureTemplates(),
      quiet: true,
      seed: false,
    });
    expect(other.seeded).toBeUndefined();
    expect((await send(other.url, 'GET', '/health')).status).toBe(200);
    await other.stop();
    await expect(send(other.url, 'GET', '/health')).rejects.toThrow(/ECONNREFUSED/);
    expect((await send(stack.url, 'GET', '/health')).status).toBe(200);
  });
});
