import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/** The baseline of the cold-import benchmark: a handler that imports only the DocumentClient. */
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async () =>
  client.send(
    new GetCommand({ TableName: process.env.TABLE_NAME ?? 'MainTable', Key: { PK: 'x', SK: 'x' } }),
  );
