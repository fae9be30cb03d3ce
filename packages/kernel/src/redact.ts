const RESIDENT_ID = /(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])/g;
// Mobile numbers, also when written with spaces or dashes (138 1234 5678, 138-1234-5678).
const MOBILE = /(?<![0-9])(1[3-9][0-9])[ -]?[0-9]{4}[ -]?([0-9]{4})(?![0-9])/g;

/**
 * Masks anything that looks like a resident ID or a mobile number. Code never logs personal
 * data on purpose; this is the second line of defence (X-RESIDENT-ID), applied to every string
 * the logger prints, including error messages, and to the local gateway's request lines.
 */
export const redactPersonalData = (text: string): string =>
  text.replace(RESIDENT_ID, '$1********$2').replace(MOBILE, '$1****$2');
