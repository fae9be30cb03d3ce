import { Logger } from '@aws-lambda-powertools/logger';
import { redactPersonalData } from '@talent/kernel';

/** One logger per process, shared by every middleware and handler of the function. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'talent',
  jsonReplacerFn: (_key: string, value: unknown) =>
    typeof value === 'string' ? redactPersonalData(value) : value,
});
