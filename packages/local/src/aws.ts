import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Region and credentials of everything local. DynamoDB Local runs with `-sharedDb`, so any would do. */
export const LOCAL_REGION = 'local';
export const LOCAL_ACCESS_KEY_ID = 'local';
export const LOCAL_SECRET_ACCESS_KEY = 'local';
export const LOCAL_ACCOUNT_ID = '000000000000';

export const localCredentials = {
  accessKeyId: LOCAL_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_SECRET_ACCESS_KEY,
};

/** A DynamoDB client for a local endpoint (never reads AWS config or credentials from the machine). */
export const localDynamoClient = (endpoint: string, opts: { maxAttempts?: number } = {}): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: localCredentials,
    ...(opts.maxAttempts === undefined ? {} : { maxAttempts: opts.maxAttempts }),
  });

export const localDocumentClient = (endpoint: string): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(localDynamoClient(endpoint), {
    marshallOptions: { removeUndefinedValues: true },
  });
