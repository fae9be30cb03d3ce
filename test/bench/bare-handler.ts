import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/** The baseline of the cold-start benchmark: a handler that imports only the DocumentClient. */
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/**
 * Reads `{ "id": … }` from the body and gets that item. A body without an id is answered 422
 * after the command is built and before it is sent: the benchmark's first request takes this
 * path, the baseline's counterpart of a function answering 422 without touching DynamoDB.
 */
export const handler = async (event: { body?: string }) => {
  const input = JSON.parse(event.body ?? '{}') as { id?: unknown };
  const command = new GetCommand({
    TableName: process.env.TABLE_NAME ?? 'MainTable',
    Key: { PK: String(input.id ?? ''), SK: 'x' },
  });
  if (typeof input.id !== 'string') {
    return {
      statusCode: 422,
      headers: { 'content-type': 'application/problem+json' },
      body: JSON.stringify({ status: 422, title: 'id is required', detail: command.input.TableName }),
    };
  }
  const { Item } = await client.send(command);
  return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? null) };
};
