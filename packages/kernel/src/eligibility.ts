/**
 * Exact duration arithmetic for eligibility rules ("≥10 years teaching", "≥2 years enterprise work",
 * "≥6 months enterprise practice in the last 5 years" — BJ-MASTER-TEACHER, BJ-LEADER, BJ-BACKBONE).
 *
 * Age on a date is `ageOn` from ./dates (reused, not duplicated here).
 *
 * Conventions
 * - Whole months and years follow `addMonths` / `addYears` exactly: `monthsBetween(a, b) >= n` iff
 *   `addMonths(a, n) <= b`, and `fullYearsBetween(a, b) >= n` iff `addYears(a, n) <= b`. So a month that
 *   starts on the 31st is complete on the last day of a shorter month (01-31 → 02-28 is 1 month), and a year
 *   that starts on 29 February is complete on 28 February of a non-leap year. For every start day other
 *   than 29 February, `fullYearsBetween` equals `ageOn`.
 * - Periods (`{ from, to }`) and windows are inclusive of both ends: 2023-01-01..2023-06-30 is 181 days.
 * - Cumulative practice (`sumMonthsWithin`) counts distinct days and converts with 30-day months
 *   (`floor(days / 30)`): pieces shorter than a month still add up, and 180 distinct days are 6 months.
 */
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  type IsoDate,
  isIsoDate,
  monthOf,
  yearOf,
} from './dates';

/** An inclusive span of calendar dates. */
export interface DatePeriod {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** Days per month when converting cumulative days to months (按30天折算一个月). */
export const DAYS_PER_MONTH = 30;

const requireOrdered = (from: IsoDate, to: IsoDate, what: string): void => {
  for (const d of [from, to]) {
    if (!isIsoDate(d)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${String(d)}`);
  }
  if (compareDates(from, to) > 0) throw new RangeError(`${what} ends (${to}) before it starts (${from})`);
};

/**
 * Full calendar months from `from` to `to`: the largest n with `addMonths(from, n) <= to`.
 * 2024-01-15 → 2024-02-14 is 0, → 2024-02-15 is 1; 2024-01-31 → 2024-02-29 is 1.
 * Throws RangeError when `to` is before `from`.
 */
export const monthsBetween = (from: IsoDate, to: IsoDate): number => {
  requireOrdered(from, to, 'The interval');
  const candidate = (yearOf(to) - yearOf(from)) * 12 + (monthOf(to) - monthOf(from));
  // addMonths(from, candidate) lands in the month of `to`; it overshoots only when from's day is later.
  return compareDates(addMonths(from, candidate), to) > 0 ? candidate - 1 : candidate;
};

/**
 * Full years from `from` to `to`: the largest n with `addYears(from, n) <= to` (= floor(monthsBetween / 12)).
 * Used for service lengths ("≥5 years teaching", BJ-LEADER / BJ-BACKBONE; "≥10 years", BJ-MASTER-TEACHER).
 * Throws RangeError when `to` is before `from`.
 */
export const fullYearsBetween = (from: IsoDate, to: IsoDate): number =>
  Math.floor(monthsBetween(from, to) / 12);

/**
 * The `years` years just before `date`, as an inclusive window: from `addYears(date, -years)` to the day
 * before `date`. "近5年" before a selection on 2026-01-01 is 2021-01-01..2025-12-31.
 */
export const yearsBefore = (date: IsoDate, years: number): DatePeriod => {
  if (!Number.isSafeInteger(years) || years < 1) {
    throw new RangeError(`Year count must be a positive integer: ${years}`);
  }
  return { from: addYears(date, -years), to: addDays(date, -1) };
};

/**
 * Distinct calendar days of `periods` that fall inside the inclusive window `windowStart..windowEnd`.
 * Periods are clipped to the window and overlapping ones merged first, so no day counts twice.
 * Throws RangeError for invalid dates or a period / window that ends before it starts.
 */
export const sumDaysWithin = (
  periods: readonly DatePeriod[],
  windowStart: IsoDate,
  windowEnd: IsoDate,
): number => {
  requireOrdered(windowStart, windowEnd, 'The window');
  const clipped: { start: number; end: number }[] = [];
  for (const p of periods) {
    requireOrdered(p.from, p.to, 'A period');
    // Day offsets from windowStart, clipped to [0, windowLength].
    const start = Math.max(0, daysBetween(windowStart, p.from));
    const end = Math.min(daysBetween(windowStart, windowEnd), daysBetween(windowStart, p.to));
    if (start <= end) clipped.push({ start, end });
  }
  clipped.sort((a, b) => a.start - b.start);
  let total = 0;
  let covered = -1; // last day offset already counted
  for (const { start, end } of clipped) {
    if (end <= covered) continue;
    total += end - Math.max(start, covered + 1) + 1;
    covered = end;
  }
  return total;
};

/**
 * Cumulative full months of `periods` inside the inclusive window: `floor(sumDaysWithin / 30)`.
 * BJ-MASTER-TEACHER ("近5年累计企业实践不少于6个月"):
 * `sumMonthsWithin(practice, window.from, window.to) >= 6` with `window = yearsBefore(selectionDate, 5)`;
 * 180 distinct days inside the window meet it, 179 do not.
 */
export const sumMonthsWithin = (
  periods: readonly DatePeriod[],
  windowStart: IsoDate,
  windowEnd: IsoDate,
): number => Math.floor(sumDaysWithin(periods, windowStart, windowEnd) / DAYS_PER_MONTH);
