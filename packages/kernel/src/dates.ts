/**
 * Calendar dates and instants.
 *
 * - A calendar date is an `IsoDate` string `YYYY-MM-DD` (proleptic Gregorian, years 0000–9999) and means a
 *   day in Asia/Shanghai (UTC+8, no daylight saving since 1991).
 * - An instant is an ISO 8601 UTC timestamp (`2024-05-01T02:03:04.000Z`).
 *
 * All arithmetic is integer arithmetic on day numbers (days since 1970-01-01); nothing here reads the
 * machine's time zone, so results are the same whatever `TZ` is set to.
 */
import { clockNow } from './clock';
export type IsoDate = string;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Instants given as strings must carry an explicit zone (`Z` or `±hh:mm`) so they never depend on TZ. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Number of days in `month` (1–12) of `year`. */
export const daysInMonth = (year: number, month: number): number => {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid year/month: ${year}-${month}`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
};

const parts = (s: string): Ymd | undefined => {
  const m = ISO_DATE.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return { y, m: mo, d };
};

const requireDate = (s: IsoDate): Ymd => {
  const p = typeof s === 'string' ? parts(s) : undefined;
  if (!p) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${String(s)}`);
  return p;
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const format = ({ y, m, d }: Ymd): IsoDate => {
  if (y < 0 || y > 9999) throw new RangeError(`Date out of range (years 0000–9999): year ${y}`);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
};

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
const toDayNumber = ({ y, m, d }: Ymd): number => {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
};

/** Inverse of `toDayNumber` (civil_from_days). */
const fromDayNumber = (z0: number): Ymd => {
  const z = z0 + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
};

/** True when `s` is `YYYY-MM-DD` and a real calendar date (no Feb 30; leap years per the Gregorian rule). */
export const isIsoDate = (s: unknown): s is IsoDate => typeof s === 'string' && parts(s) !== undefined;

const toEpochMs = (instant: Date | string | number): number => {
  let ms: number;
  if (instant instanceof Date) ms = instant.getTime();
  else if (typeof instant === 'number') ms = instant;
  else {
    if (!ISO_INSTANT.test(instant)) {
      throw new RangeError(`Not an ISO 8601 instant with a zone designator: ${instant}`);
    }
    ms = Date.parse(instant);
  }
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid instant: ${String(instant)}`);
  return ms;
};

/** The calendar date in Asia/Shanghai at the given instant (Date, epoch milliseconds or ISO string with zone). */
export const shanghaiDate = (instant: Date | string | number): IsoDate =>
  format(fromDayNumber(Math.floor((toEpochMs(instant) + SHANGHAI_OFFSET_MS) / DAY_MS)));

/** Today's date in Asia/Shanghai (on the domain clock unless given). */
export const todayInShanghai = (now: Date = new Date(clockNow())): IsoDate => shanghaiDate(now);

/** `d` plus `n` days (`n` may be negative). */
export const addDays = (d: IsoDate, n: number): IsoDate => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Day count must be an integer: ${n}`);
  return format(fromDayNumber(toDayNumber(requireDate(d)) + n));
};

/** `d` plus `n` calendar months; the day is clamped to the end of the target month (01-31 + 1 → 02-28/29). */
export const addMonths = (d: IsoDate, n: number): IsoDate => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Month count must be an integer: ${n}`);
  const p = requireDate(d);
  const index = p.y * 12 + (p.m - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  if (y < 0 || y > 9999) throw new RangeError(`Date out of range (years 0000–9999): year ${y}`);
  return format({ y, m, d: Math.min(p.d, daysInMonth(y, m)) });
};

/**
 * `d` plus `n` calendar years (`n` may be negative), i.e. `addMonths(d, 12 * n)`.
 *
 * 29 February clamps to 28 February in a non-leap target year: addYears('2024-02-29', 1) → '2025-02-28'.
 * Note that this differs from the birthday convention of `ageOn` (a 29 February birthday falls on 1 March
 * in non-leap years): addYears answers "the same day n years later", ageOn answers "how old".
 */
export const addYears = (d: IsoDate, n: number): IsoDate => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Year count must be an integer: ${n}`);
  return addMonths(d, 12 * n);
};

/** `b − a` in days (positive when `b` is later). */
export const daysBetween = (a: IsoDate, b: IsoDate): number =>
  toDayNumber(requireDate(b)) - toDayNumber(requireDate(a));

/** -1 when `a` is before `b`, 0 when equal, 1 when after. */
export const compareDates = (a: IsoDate, b: IsoDate): -1 | 0 | 1 => {
  const diff = daysBetween(b, a);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
};

/**
 * Age in full years on `onDate`.
 *
 * Convention: someone born on 29 February has their birthday on 1 March in non-leap years, so a person
 * born 2000-02-29 is 0 on 2001-02-28 and 1 on 2001-03-01 (and 4 on 2004-02-29).
 * Throws RangeError when `onDate` is before `birthDate`.
 */
export const ageOn = (birthDate: IsoDate, onDate: IsoDate): number => {
  const b = requireDate(birthDate);
  const o = requireDate(onDate);
  if (daysBetween(birthDate, onDate) < 0) {
    throw new RangeError(`${onDate} is before the birth date ${birthDate}`);
  }
  // Comparing (month, day) pairs gives the 1 March convention: (2, 28) < (2, 29) <= (3, 1).
  const hadBirthday = o.m > b.m || (o.m === b.m && o.d >= b.d);
  return o.y - b.y - (hadBirthday ? 0 : 1);
};

export const yearOf = (d: IsoDate): number => requireDate(d).y;

/** Month of the year, 1–12. */
export const monthOf = (d: IsoDate): number => requireDate(d).m;

/** The last calendar date of `month` (1–12) in `year`, e.g. endOfMonth(2024, 2) → '2024-02-29'. */
export const endOfMonth = (year: number, month: number): IsoDate =>
  format({ y: year, m: month, d: daysInMonth(year, month) });

/** The UTC instant (ISO 8601) at which `d` begins in Shanghai: 00:00+08:00, i.e. 16:00Z the day before. */
export const startOfShanghaiDay = (d: IsoDate): string =>
  new Date(toDayNumber(requireDate(d)) * DAY_MS - SHANGHAI_OFFSET_MS).toISOString();

/** The current instant (on the domain clock unless given) as an ISO 8601 UTC string. */
export const nowIso = (now: Date = new Date(clockNow())): string => now.toISOString();
