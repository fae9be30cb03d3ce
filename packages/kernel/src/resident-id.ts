/**
 * Chinese resident identity numbers (公民身份号码), GB 11643-1999: 18 characters =
 * 6-digit region code + 8-digit birth date (YYYYMMDD) + 3-digit sequence (odd = male) + check character
 * (ISO 7064 MOD 11-2, a digit or X). Rule X-RESIDENT-ID.
 *
 * Messages never echo the number itself: it is personal data and must not leak into logs or responses.
 */
import { compareDates, type IsoDate, isIsoDate, todayInShanghai } from './dates';

export type ResidentIdFailure = 'format' | 'region' | 'birth-date' | 'check-digit';

export interface ResidentId {
  /** Normalised: trimmed, trailing x upper-cased. */
  readonly id: string;
  /** First 6 digits (administrative division code). */
  readonly regionCode: string;
  /** YYYY-MM-DD. */
  readonly birthDate: IsoDate;
  /** From the 17th digit: odd = male, even = female. */
  readonly gender: 'male' | 'female';
}

export type ResidentIdResult =
  | { readonly ok: true; readonly value: ResidentId }
  | {
      readonly ok: false;
      readonly reason: ResidentIdFailure;
      readonly message: string;
      readonly messageZh: string;
    };

/**
 * Valid province-level codes (first two digits): mainland provinces, autonomous regions and municipalities,
 * 71 Taiwan, 81 Hong Kong, 82 Macao, 83 residence permits for Taiwan residents, 91 foreigners' permanent
 * residence ID cards.
 */
export const PROVINCE_CODES: readonly string[] = Object.freeze([
  ...['11', '12', '13', '14', '15'], // North
  ...['21', '22', '23'], // North-east
  ...['31', '32', '33', '34', '35', '36', '37'], // East
  ...['41', '42', '43', '44', '45', '46'], // Central and south
  ...['50', '51', '52', '53', '54'], // South-west
  ...['61', '62', '63', '64', '65'], // North-west
  ...['71', '81', '82', '83', '91'],
]);
const PROVINCES = new Set(PROVINCE_CODES);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const MIN_BIRTH_YEAR = 1900;

/** The check character (ISO 7064 MOD 11-2) for the first 17 digits. Throws RangeError unless 17 digits. */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('Expected exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

const fail = (reason: ResidentIdFailure, message: string, messageZh: string): ResidentIdResult => ({
  ok: false,
  reason,
  message,
  messageZh,
});

/**
 * Parses and validates an 18-character resident ID number. Checks, in order: format, region, birth date
 * (a real date, year ≥ 1900, not after `today`), check digit.
 * @param today YYYY-MM-DD; defaults to today in Asia/Shanghai.
 */
export function parseResidentId(value: string, today: IsoDate = todayInShanghai()): ResidentIdResult {
  if (!isIsoDate(today)) throw new RangeError(`today must be YYYY-MM-DD: ${String(today)}`);
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (/^\d{15}$/.test(trimmed)) {
    return fail(
      'format',
      'Old 15-digit resident ID numbers are not accepted; a resident ID number must have 18 characters',
      '不接受15位旧身份证号码，公民身份号码须为18位',
    );
  }
  if (!/^\d{17}[\dXx]$/.test(trimmed)) {
    return fail(
      'format',
      'A resident ID number must have 18 characters: 17 digits followed by a digit or X',
      '公民身份号码须为18位：前17位为数字，最后一位为数字或X',
    );
  }
  const id = trimmed.toUpperCase();
  if (!PROVINCES.has(id.slice(0, 2))) {
    return fail(
      'region',
      'The first two digits are not a valid province-level region code',
      '前两位不是有效的省级行政区划代码',
    );
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birthDate)) {
    return fail('birth-date', 'Digits 7–14 are not a real date of birth', '第7至14位不是有效的出生日期');
  }
  if (Number(id.slice(6, 10)) < MIN_BIRTH_YEAR) {
    return fail('birth-date', 'The date of birth is before 1900', '出生日期早于1900年');
  }
  if (compareDates(birthDate, today) > 0) {
    return fail('birth-date', 'The date of birth is in the future', '出生日期晚于当前日期');
  }
  if (residentIdCheckDigit(id.slice(0, 17)) !== id.charAt(17)) {
    return fail(
      'check-digit',
      'The check digit (last character) is wrong; the number may have been mistyped',
      '校验码（最后一位）不正确，请核对号码',
    );
  }
  return {
    ok: true,
    value: {
      id,
      regionCode: id.slice(0, 6),
      birthDate,
      gender: Number(id.charAt(16)) % 2 === 1 ? 'male' : 'female',
    },
  };
}

/**
 * '11010519491231002X' → '110105********002X'. The input is trimmed (and a trailing x upper-cased) first;
 * anything that is then not 18 characters long becomes all asterisks of the same length, so nothing leaks.
 */
export function maskResidentId(id: string): string {
  const s = id.trim().replace(/x$/, 'X');
  if (s.length !== 18) return '*'.repeat(s.length);
  return `${s.slice(0, 6)}${'*'.repeat(8)}${s.slice(14)}`;
}

export const isValidResidentId = (v: string): boolean => parseResidentId(v).ok;
