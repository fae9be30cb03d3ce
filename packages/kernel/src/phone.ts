/** Mainland China mobile numbers (11 digits starting 13–19). */

const COUNTRY_PREFIX = /^(?:\+86|0086|86)(\d{11})$/;
const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Removes whitespace and hyphens, then a leading +86, 0086 or 86 when exactly 11 digits follow.
 * Anything else is returned as stripped (it is not validated here; see `isMobilePhone`).
 */
export const normalizePhone = (v: string): string => {
  const stripped = v.replace(/[\s-]/g, '');
  return COUNTRY_PREFIX.exec(stripped)?.[1] ?? stripped;
};

/** True for a mainland mobile number after normalisation. */
export const isMobilePhone = (v: string): boolean => MOBILE.test(normalizePhone(v));

/**
 * '13812345678' → '138****5678' (after normalisation). Any other length becomes all asterisks of the
 * normalised length, so nothing leaks.
 */
export const maskPhone = (v: string): string => {
  const n = normalizePhone(v);
  if (n.length !== 11) return '*'.repeat(n.length);
  return `${n.slice(0, 3)}****${n.slice(7)}`;
};
