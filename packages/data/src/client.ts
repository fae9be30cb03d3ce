import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mainTable } from './tables';

let documentClient: DynamoDBDocumentClient | undefined;

/**
 * The one DocumentClient of the process, created on first use and shared by every request.
 * `DYNAMODB_ENDPOINT` points it at DynamoDB Local (local stack and tests); on AWS it is unset.
 */
export const getDocumentClient = (): DynamoDBDocumentClient => {
  if (!documentClient) {
    const endpoint = process.env.DYNAMODB_ENDPOINT;
    const client = new DynamoDBClient({
      ...(endpoint ? { endpoint } : {}),
      maxAttempts: 4,
    });
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    });
  }
  return documentClient;
};

/** The main table's name, read from the environment once; a clear message when it is missing. */
export const mainTableName = (): string => {
  const name = process.env[mainTable.envVar];
  if (!name) throw new Error(`Environment variable ${mainTable.envVar} is not set (the main table's name)`);
  return name;
};
