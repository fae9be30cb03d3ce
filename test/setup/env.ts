import { inject } from 'vitest';

/**
 * Per test file: point the code under test at the run's DynamoDB Local (global setup) with local
 * credentials. Only variables that are unset are set.
 *
 * Log level: INFO, the level the Lambdas run at (infra sets no POWERTOOLS_LOG_LEVEL, so Powertools
 * defaults to INFO), so that the run's log scan (log-scan-teardown.ts) sees what production
 * logs. LOG_LEVEL is what the local stack hands its in-process handlers (packages/local/src/env.ts)
 * and what spawned CLI processes inherit. The JSON log lines go to the capture files, not to the
 * terminal (log-capture.ts).
 */
const defaults: Record<string, string> = {
  DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
  AWS_REGION: 'local',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  TABLE_NAME: 'MainTable',
  PII_HASH_KEY: 'test-pii-hash-key-0123456789abcdef',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  LOG_LEVEL: 'INFO',
};

for (const [name, value] of Object.entries(defaults)) {
  if (process.env[name] === undefined || process.env[name] === '') process.env[name] = value;
}
