import { defineConfig } from 'vitest/config';

/**
 * One run, two kinds of test:
 * - unit tests (`packages/*\/test`, `services/*\/test/unit`, `infra/test`) need nothing running;
 * - integration and end-to-end tests use DynamoDB Local, started once for the whole run by the
 *   global setup (in memory, on a free port) and handed to each worker as DYNAMODB_ENDPOINT.
 */
export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'services/*/test/**/*.test.ts',
      'infra/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    globalSetup: ['test/setup/dynamodb-global.ts'],
    setupFiles: ['test/setup/env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
