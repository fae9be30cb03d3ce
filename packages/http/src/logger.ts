import { Logger } from '@aws-lambda-powertools/logger';

const RESIDENT_ID = /(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])/g;

/**
 * Masks anything that looks like a resident ID or a mobile number. Handlers never log
 * personal data on purpose; this is the second line of defence (X-RESIDENT-ID), applied to
 * every string the logger prints, including error messages.
 */
export const redactPersonalData = (text: string): string =>
  text.replace(RESIDENT_ID, '$1********$2').replace(MOBILE, '$1****$2');

/** One logger per process, shared by every middleware and handler of the function. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'talent',
  jsonReplacerFn: (_key: string, value: unknown) =>
    typeof value === 'string' ? redactPersonalData(value) : value,
});
