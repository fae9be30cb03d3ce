import { defineConfig } from 'vitest/config';

/**
 * One run, two kinds of test:
 * - unit tests (`packages/*\/test`, `services/*\/test/unit`, `infra/test`) need nothing running;
 * - integration and end-to-end tests use DynamoDB Local, started once for the whole run by the
 *   global setup (in memory, on a free port) and handed to each worker as DYNAMODB_ENDPOINT.
 * Logs: every worker writes what the code under test logs (at the production level, INFO) to
 * `.test-logs/<run-id>/` (test/setup/log-capture.ts; handler JSON lines stay off the terminal);
 * at the end the run fails if they hold a resident ID or phone number (log-scan-teardown.ts,
 * listed first so that its teardown runs last).
 */
export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'services/*/test/**/*.test.ts',
      'infra/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    globalSetup: ['test/setup/log-scan-teardown.ts', 'test/setup/dynamodb-global.ts'],
    setupFiles: ['test/setup/log-capture.ts', 'test/setup/env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
