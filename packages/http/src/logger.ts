import { Logger } from '@aws-lambda-powertools/logger';
import { redactLogValue } from '@talent/kernel';

/** One logger per process, shared by every middleware and handler of the function. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'talent',
  // Strings, and numbers that print as a phone or resident ID (X-RESIDENT-ID).
  jsonReplacerFn: (_key: string, value: unknown) => redactLogValue(value),
});
