import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, ageOn, compareDates } from '../src/dates';
import {
  type DatePeriod,
  fullYearsBetween,
  monthsBetween,
  sumDaysWithin,
  sumMonthsWithin,
  yearsBefore,
} from '../src/eligibility';

const DAY_MS = 86_400_000;

/** Real dates in [min, max], generated without the code under test. */
const isoDateIn = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const isoDate = isoDateIn('1900-01-01', '2100-12-31');
const ordered = (a: string, b: string): [string, string] => (compareDates(a, b) <= 0 ? [a, b] : [b, a]);

/** Brute force: every day of the window checked against every period, via UTC milliseconds. */
const bruteForceDays = (periods: readonly DatePeriod[], windowStart: string, windowEnd: string): number => {
  const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
  let count = 0;
  for (let t = ms(windowStart); t <= ms(windowEnd); t += DAY_MS) {
    if (periods.some((p) => ms(p.from) <= t && t <= ms(p.to))) count += 1;
  }
  return count;
};

describe('monthsBetween', () => {
  it('counts a month complete on the same day of the next month', () => {
    expect(monthsBetween('2024-01-15', '2024-01-15')).toBe(0);
    expect(monthsBetween('2024-01-15', '2024-02-14')).toBe(0);
    expect(monthsBetween('2024-01-15', '2024-02-15')).toBe(1);
    expect(monthsBetween('2019-01-01', '2024-01-01')).toBe(60);
    expect(monthsBetween('2019-01-01', '2023-12-31')).toBe(59);
  });

  it('completes a month that starts on the 31st on the last day of a shorter month (as addMonths clamps)', () => {
    expect(monthsBetween('2023-01-31', '2023-02-27')).toBe(0);
    expect(monthsBetween('2023-01-31', '2023-02-28')).toBe(1);
    expect(monthsBetween('2024-01-31', '2024-02-29')).toBe(1);
    expect(monthsBetween('2024-01-31', '2024-03-30')).toBe(1);
    expect(monthsBetween('2024-01-31', '2024-03-31')).toBe(2);
  });

  it('throws RangeError when the end is before the start or a date is invalid', () => {
    expect(() => monthsBetween('2024-02-01', '2024-01-31')).toThrow(RangeError);
    expect(() => monthsBetween('2024-02-30', '2024-03-31')).toThrow(RangeError);
  });

  it('property: monthsBetween(a, b) >= n exactly when addMonths(a, n) <= b', () => {
    fc.assert(
      fc.property(isoDate, isoDate, fc.integer({ min: 0, max: 2_500 }), (x, y, n) => {
        const [a, b] = ordered(x, y);
        expect(monthsBetween(a, b) >= n).toBe(compareDates(addMonths(a, n), b) <= 0);
      }),
    );
  });

  it('property: monthsBetween(a, addMonths(a, n)) === n', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 1_200 }), (a, n) => {
        expect(monthsBetween(a, addMonths(a, n))).toBe(n);
      }),
    );
  });
});

describe('fullYearsBetween (BJ-MASTER-TEACHER ≥10 years teaching, BJ-LEADER / BJ-BACKBONE ≥5 years)', () => {
  it('a teacher who started on 2014-09-01 has 10 full years on 2024-09-01, not on 2024-08-31 (BJ-MASTER-TEACHER)', () => {
    expect(fullYearsBetween('2014-09-01', '2024-08-31')).toBe(9);
    expect(fullYearsBetween('2014-09-01', '2024-09-01')).toBe(10);
  });

  it('a teacher who started on 2019-03-01 has 5 full years on 2024-03-01, not on 2024-02-29 (BJ-LEADER, BJ-BACKBONE)', () => {
    expect(fullYearsBetween('2019-03-01', '2024-02-29')).toBe(4);
    expect(fullYearsBetween('2019-03-01', '2024-03-01')).toBe(5);
  });

  it('completes a year that starts on 29 February on 28 February of a non-leap year (as addYears clamps)', () => {
    expect(fullYearsBetween('2020-02-29', '2021-02-27')).toBe(0);
    expect(fullYearsBetween('2020-02-29', '2021-02-28')).toBe(1);
    // ageOn uses the 1 March birthday convention instead; the two differ only here.
    expect(ageOn('2020-02-29', '2021-02-28')).toBe(0);
  });

  it('throws RangeError when the end is before the start', () => {
    expect(() => fullYearsBetween('2024-01-02', '2024-01-01')).toThrow(RangeError);
  });

  it('property: fullYearsBetween(a, b) >= n exactly when addYears(a, n) <= b', () => {
    fc.assert(
      fc.property(isoDate, isoDate, fc.integer({ min: 0, max: 210 }), (x, y, n) => {
        const [a, b] = ordered(x, y);
        expect(fullYearsBetween(a, b) >= n).toBe(compareDates(addYears(a, n), b) <= 0);
      }),
    );
  });

  it('property: equals ageOn for every start day except 29 February', () => {
    fc.assert(
      fc.property(isoDate, isoDate, (x, y) => {
        const [a, b] = ordered(x, y);
        fc.pre(a.slice(5) !== '02-29');
        expect(fullYearsBetween(a, b)).toBe(ageOn(a, b));
      }),
    );
  });
});

describe('yearsBefore (近5年 window)', () => {
  it('the 5 years before a selection on 2026-01-01 are 2021-01-01..2025-12-31', () => {
    expect(yearsBefore('2026-01-01', 5)).toEqual({ from: '2021-01-01', to: '2025-12-31' });
  });

  it('the 3 years before 2024-02-29 start on 2021-02-28 (addYears clamps)', () => {
    expect(yearsBefore('2024-02-29', 3)).toEqual({ from: '2021-02-28', to: '2024-02-28' });
  });

  it('rejects a non-positive or fractional year count', () => {
    expect(() => yearsBefore('2026-01-01', 0)).toThrow(RangeError);
    expect(() => yearsBefore('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('sumMonthsWithin: 近5年累计企业实践不少于6个月 (BJ-MASTER-TEACHER)', () => {
  const window = yearsBefore('2026-01-01', 5); // 2021-01-01..2025-12-31
  const months = (periods: DatePeriod[]) => sumMonthsWithin(periods, window.from, window.to);
  const days = (periods: DatePeriod[]) => sumDaysWithin(periods, window.from, window.to);

  it('180 distinct days are exactly 6 months and meet the rule; 179 days do not (BJ-MASTER-TEACHER)', () => {
    // 2024 is a leap year: Jan 31 + Feb 29 + Mar 31 + Apr 30 + May 31 + 28 days of June = 180.
    expect(days([{ from: '2024-01-01', to: '2024-06-28' }])).toBe(180);
    expect(months([{ from: '2024-01-01', to: '2024-06-28' }])).toBe(6);
    expect(days([{ from: '2024-01-01', to: '2024-06-27' }])).toBe(179);
    expect(months([{ from: '2024-01-01', to: '2024-06-27' }])).toBe(5);
  });

  it('counts a calendar half-year (181 days) as 6 months (BJ-MASTER-TEACHER)', () => {
    expect(days([{ from: '2023-01-01', to: '2023-06-30' }])).toBe(181);
    expect(months([{ from: '2023-01-01', to: '2023-06-30' }])).toBe(6);
  });

  it('counts overlapping periods once, not twice (BJ-MASTER-TEACHER)', () => {
    const periods = [
      { from: '2023-03-01', to: '2023-06-30' },
      { from: '2023-01-01', to: '2023-04-30' },
    ];
    // Separately 122 + 120 = 242 days (8 months); merged 2023-01-01..2023-06-30 = 181 days.
    expect(days(periods)).toBe(181);
    expect(months(periods)).toBe(6);
  });

  it('counts a repeated or contained period once (BJ-MASTER-TEACHER)', () => {
    const half = { from: '2023-01-01', to: '2023-06-30' };
    expect(days([half, half, { from: '2023-02-01', to: '2023-02-10' }])).toBe(181);
  });

  it('adds adjacent and separate pieces, partial months included (BJ-MASTER-TEACHER)', () => {
    expect(
      days([
        { from: '2023-01-01', to: '2023-03-31' },
        { from: '2023-04-01', to: '2023-06-30' },
      ]),
    ).toBe(181);
    // Two 15-day stints in different years make one month.
    expect(
      months([
        { from: '2021-07-01', to: '2021-07-15' },
        { from: '2024-07-01', to: '2024-07-15' },
      ]),
    ).toBe(1);
    expect(
      months([
        { from: '2021-07-01', to: '2021-07-15' },
        { from: '2024-07-01', to: '2024-07-14' },
      ]),
    ).toBe(0);
  });

  it('ignores periods wholly outside the 5-year window (BJ-MASTER-TEACHER)', () => {
    expect(
      months([
        { from: '2019-01-01', to: '2020-12-31' },
        { from: '2026-01-01', to: '2026-12-31' },
      ]),
    ).toBe(0);
    expect(months([])).toBe(0);
  });

  it('counts only the days inside the window of a period straddling its start, 6-month boundary included', () => {
    // Clipped to 2021-01-01..2021-06-29: 31 + 28 + 31 + 30 + 31 + 29 = 180 days.
    expect(months([{ from: '2020-07-01', to: '2021-06-29' }])).toBe(6);
    expect(months([{ from: '2020-07-01', to: '2021-06-28' }])).toBe(5);
  });

  it('counts only the days inside the window of a period straddling its end, 6-month boundary included', () => {
    // Clipped to 2025-07-05..2025-12-31: 27 + 31 + 30 + 31 + 30 + 31 = 180 days.
    expect(months([{ from: '2025-07-05', to: '2026-03-01' }])).toBe(6);
    expect(months([{ from: '2025-07-06', to: '2026-03-01' }])).toBe(5);
  });

  it('rejects a period or window that ends before it starts, and invalid dates', () => {
    expect(() => months([{ from: '2023-02-01', to: '2023-01-31' }])).toThrow(RangeError);
    expect(() => sumMonthsWithin([], '2025-12-31', '2021-01-01')).toThrow(RangeError);
    expect(() => months([{ from: '2023-02-30', to: '2023-03-31' }])).toThrow(RangeError);
    expect(() => sumMonthsWithin([], '2021-01-01', 'soon')).toThrow(RangeError);
  });

  const period = fc
    .tuple(isoDateIn('2018-01-01', '2028-12-31'), isoDateIn('2018-01-01', '2028-12-31'))
    .map(([x, y]) => {
      const [from, to] = ordered(x, y);
      return { from, to };
    });
  const windowArb = fc.tuple(isoDateIn('2019-01-01', '2027-12-31'), fc.integer({ min: 0, max: 2_000 }));

  it('property: equals a day-by-day brute force, converted with 30-day months', () => {
    fc.assert(
      fc.property(fc.array(period, { maxLength: 6 }), windowArb, (periods, [start, length]) => {
        const end = addDays(start, length);
        const expected = bruteForceDays(periods, start, end);
        expect(sumDaysWithin(periods, start, end)).toBe(expected);
        expect(sumMonthsWithin(periods, start, end)).toBe(Math.floor(expected / 30));
      }),
      { numRuns: 200 },
    );
  });

  it('property: order and duplicates do not matter, and the total never exceeds the window', () => {
    fc.assert(
      fc.property(fc.array(period, { maxLength: 6 }), windowArb, (periods, [start, length]) => {
        const end = addDays(start, length);
        const total = sumDaysWithin(periods, start, end);
        expect(sumDaysWithin([...periods].reverse(), start, end)).toBe(total);
        expect(sumDaysWithin([...periods, ...periods], start, end)).toBe(total);
        expect(total).toBeLessThanOrEqual(length + 1);
        expect(total).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
