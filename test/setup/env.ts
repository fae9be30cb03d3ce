import { inject } from 'vitest';

/**
 * Per test file: point the code under test at the run's DynamoDB Local (global setup) with local
 * credentials. Only variables that are unset are set.
 */
const defaults: Record<string, string> = {
  DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
  AWS_REGION: 'local',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  TABLE_NAME: 'MainTable',
  PII_HASH_KEY: 'test-pii-hash-key-0123456789abcdef',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

for (const [name, value] of Object.entries(defaults)) {
  if (process.env[name] === undefined || process.env[name] === '') process.env[name] = value;
}
