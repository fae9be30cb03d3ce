const RESIDENT_ID = /(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])/g;
// Mobile numbers, also when written with spaces or dashes (138 1234 5678, 138-1234-5678).
const MOBILE = /(?<![0-9])(1[3-9][0-9])[ -]?[0-9]{4}[ -]?([0-9]{4})(?![0-9])/g;
// UUIDs (request ids, record ids) are never personal data, but their hex groups can hold an
// 11-digit run that looks like a mobile number: they are left as they are, so a log line's
// request id still matches the Lambda's.
const UUID = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/g;

const redactPart = (text: string): string =>
  text.replace(RESIDENT_ID, '$1********$2').replace(MOBILE, '$1****$2');

/**
 * Masks anything that looks like a resident ID or a mobile number. Code never logs personal
 * data on purpose; this is the second line of defence (X-RESIDENT-ID), applied to every string
 * the logger prints, including error messages, and to the local gateway's request lines.
 */
export const redactPersonalData = (text: string): string => {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(UUID)) {
    out += redactPart(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return last === 0 ? redactPart(text) : out + redactPart(text.slice(last));
};

/**
 * The logger's replacer: strings are redacted, and so are numbers that would print as a mobile
 * number or resident ID (a phone logged as a JSON number is still a phone).
 */
export const redactLogValue = (value: unknown): unknown => {
  if (typeof value === 'string') return redactPersonalData(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value);
    const redacted = redactPersonalData(text);
    return redacted === text ? value : redacted;
  }
  return value;
};
