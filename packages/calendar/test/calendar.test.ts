import { addDays, compareDates, daysBetween, type IsoDate, ValidationFailedError } from '@talent/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bundledSchedules,
  CalendarYearMissingError,
  officialCalendar,
  publicityPeriod,
  type YearSchedule,
} from '../src/index';

const calendar = officialCalendar();

/** A made-up 2027 schedule standing for an agency's upload (NOT the official 2027 schedule). */
const upload2027: YearSchedule = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  workdays: [],
  source: 'test fixture',
};

const missingYear = (run: () => unknown): number | undefined => {
  try {
    run();
  } catch (e) {
    if (e instanceof CalendarYearMissingError) return e.year;
    throw e;
  }
  return undefined;
};

/**
 * 公示5个工作日 published on a day just before, inside or after the official holidays:
 * [published, first day, last day, why]. Worked out by hand from the notices.
 */
const PUBLICITY_5: readonly (readonly [IsoDate, IsoDate, IsoDate, string])[] = [
  ['2024-02-03', '2024-02-04', '2024-02-08', 'Saturday before the make-up Sunday 2.4 starts on it'],
  ['2024-02-04', '2024-02-04', '2024-02-08', 'make-up Sunday 2.4 counts'],
  ['2024-02-08', '2024-02-08', '2024-02-20', 'before Spring Festival: 2.8, 2.9, then Sunday 2.18'],
  ['2024-02-13', '2024-02-18', '2024-02-22', 'inside Spring Festival: starts on make-up Sunday 2.18'],
  ['2024-02-19', '2024-02-19', '2024-02-23', 'after Spring Festival'],
  ['2024-04-01', '2024-04-01', '2024-04-08', 'before Qingming: Sunday 4.7 counts'],
  ['2024-04-05', '2024-04-07', '2024-04-11', 'inside Qingming: starts on make-up Sunday 4.7'],
  ['2024-04-26', '2024-04-26', '2024-05-06', 'before Labour Day: Sunday 4.28 counts, Saturday 4.27 does not'],
  ['2024-05-02', '2024-05-06', '2024-05-10', 'inside Labour Day'],
  ['2024-05-07', '2024-05-07', '2024-05-11', 'after Labour Day: ends on make-up Saturday 5.11'],
  ['2024-05-11', '2024-05-11', '2024-05-16', 'make-up Saturday 5.11 counts'],
  ['2024-05-12', '2024-05-13', '2024-05-17', 'the Sunday after a make-up Saturday is off'],
  ['2024-09-26', '2024-09-26', '2024-10-08', 'before National Day: Sunday 9.29 and Monday 9.30 count'],
  ['2024-09-28', '2024-09-29', '2024-10-10', 'Saturday 9.28 starts on make-up Sunday 9.29'],
  ['2024-10-03', '2024-10-08', '2024-10-12', 'inside National Day: ends on make-up Saturday 10.12'],
  ['2024-10-09', '2024-10-09', '2024-10-14', 'after National Day'],
  ['2025-01-24', '2025-01-24', '2025-02-06', 'before Spring Festival: Sunday 1.26 counts'],
  ['2025-01-26', '2025-01-26', '2025-02-07', 'make-up Sunday 1.26'],
  ['2025-01-31', '2025-02-05', '2025-02-10', 'inside Spring Festival: Saturday 2.8 counts'],
  ['2025-02-08', '2025-02-08', '2025-02-13', 'make-up Saturday 2.8'],
  ['2025-02-09', '2025-02-10', '2025-02-14', 'the Sunday after make-up Saturday 2.8 is off'],
  ['2025-04-25', '2025-04-25', '2025-04-30', 'before Labour Day: Sunday 4.27 counts'],
  ['2025-04-28', '2025-04-28', '2025-05-07', 'just before Labour Day'],
  ['2025-05-03', '2025-05-06', '2025-05-12', 'inside Labour Day'],
  ['2025-09-25', '2025-09-25', '2025-09-30', 'before National Day: Sunday 9.28 counts'],
  ['2025-09-26', '2025-09-26', '2025-10-09', 'just before National Day and Mid-Autumn'],
  ['2025-09-28', '2025-09-28', '2025-10-10', 'make-up Sunday 9.28'],
  ['2025-10-06', '2025-10-09', '2025-10-14', 'inside National Day: Saturday 10.11 counts'],
  ['2025-10-11', '2025-10-11', '2025-10-16', 'make-up Saturday 10.11'],
  ['2026-02-13', '2026-02-13', '2026-02-26', 'before Spring Festival 2026: Saturday 2.14 counts'],
  ['2026-02-26', '2026-02-26', '2026-03-03', 'after Spring Festival 2026: Saturday 2.28 counts'],
];

describe('publicity of 5 working days around official holidays (X-WORKING-DAYS, GD-APPLY-FLOW)', () => {
  it.each(PUBLICITY_5)(
    'published %s runs %s to %s — %s (X-WORKING-DAYS)',
    (publishedOn, startsOn, endsOn) => {
      expect(publicityPeriod(calendar, publishedOn, 5)).toEqual({ startsOn, endsOn });
    },
  );

  it('a one-working-day publicity ends on its first day (X-WORKING-DAYS)', () => {
    expect(publicityPeriod(calendar, '2024-10-01', 1)).toEqual({
      startsOn: '2024-10-08',
      endsOn: '2024-10-08',
    });
  });

  it('refuses a length that is not a whole number of working days ≥ 1 (X-WORKING-DAYS)', () => {
    for (const n of [0, -5, 2.5, Number.NaN])
      expect(() => publicityPeriod(calendar, '2024-05-07', n)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2024-05-07', 1.5)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2024-02-30')).toThrow(RangeError);
  });
});

describe('working-day arithmetic (X-WORKING-DAYS)', () => {
  it('counts n working days after a date, not counting it; 0 is the date; negative counts back (X-WORKING-DAYS)', () => {
    expect(calendar.addWorkingDays('2024-02-09', 1)).toBe('2024-02-18');
    expect(calendar.addWorkingDays('2024-02-13', 0)).toBe('2024-02-13');
    expect(calendar.addWorkingDays('2024-02-18', -1)).toBe('2024-02-09');
    expect(calendar.addWorkingDays('2024-02-12', -1)).toBe('2024-02-09');
    expect(calendar.workingDaysBetween('2024-02-09', '2024-02-18')).toBe(1);
    expect(calendar.workingDaysBetween('2024-02-18', '2024-02-09')).toBe(-1);
    expect(calendar.workingDaysBetween('2024-09-30', '2024-10-07')).toBe(0);
    expect(calendar.firstWorkingDayOnOrAfter('2024-10-01')).toBe('2024-10-08');
    expect(calendar.firstWorkingDayOnOrAfter('2024-09-29')).toBe('2024-09-29');
  });

  const day = (first: IsoDate, last: IsoDate) =>
    fc.integer({ min: 0, max: daysBetween(first, last) }).map((i) => addDays(first, i));
  // Far enough from the edges of 2020–2026 that 60 working days, either way, never leave the covered years:
  // 60 working days span at most 12 weeks plus the longest holiday run (Spring Festival 2020 reaches
  // from 1 April back into 2019), so 120 calendar days are kept on each side.
  const inner = day('2020-05-01', '2026-09-01');
  const count = fc.integer({ min: 0, max: 60 });

  it('property: addWorkingDays(d, n) is a working day after d, and workingDaysBetween gives n back (X-WORKING-DAYS)', () => {
    fc.assert(
      fc.property(inner, count, (d, n) => {
        const end = calendar.addWorkingDays(d, n);
        expect(calendar.workingDaysBetween(d, end)).toBe(n);
        if (n > 0) {
          expect(calendar.isWorkingDay(end)).toBe(true);
          expect(compareDates(end, d)).toBe(1);
        }
      }),
    );
  });

  it('property: addWorkingDays is strictly increasing in n (X-WORKING-DAYS)', () => {
    fc.assert(
      fc.property(inner, count, count, (d, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(compareDates(calendar.addWorkingDays(d, lo), calendar.addWorkingDays(d, hi))).toBe(-1);
      }),
    );
  });

  it('property: from a working day, n forward then n back returns to it (X-WORKING-DAYS)', () => {
    fc.assert(
      fc.property(inner, fc.integer({ min: -60, max: 60 }), (d, n) => {
        const w = calendar.firstWorkingDayOnOrAfter(d);
        expect(calendar.addWorkingDays(calendar.addWorkingDays(w, n), -n)).toBe(w);
      }),
      // The range's edges, both ways, always run (a random seed once found 1 April 2020, -60 → 2019).
      {
        examples: [
          ['2020-05-01', -60],
          ['2020-05-01', 60],
          ['2026-09-01', 60],
          ['2026-09-01', -60],
        ],
      },
    );
  });

  it('property: workingDaysBetween is additive and antisymmetric (X-WORKING-DAYS)', () => {
    const near = fc.integer({ min: -200, max: 200 });
    fc.assert(
      fc.property(day('2020-08-01', '2026-05-31'), near, near, (a, i, j) => {
        const b = addDays(a, i);
        const c = addDays(a, j);
        const between = calendar.workingDaysBetween;
        expect(between(a, b) + between(b, c)).toBe(between(a, c));
        expect(between(b, a) + between(a, b)).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('property: a publicity period starts on the first working day on or after publication and spans n working days (X-WORKING-DAYS)', () => {
    fc.assert(
      fc.property(inner, fc.integer({ min: 1, max: 30 }), (publishedOn, n) => {
        const { startsOn, endsOn } = publicityPeriod(calendar, publishedOn, n);
        const moved = startsOn !== publishedOn;
        expect(calendar.isWorkingDay(publishedOn)).toBe(!moved);
        expect(calendar.workingDaysBetween(publishedOn, startsOn)).toBe(moved ? 1 : 0);
        expect(calendar.isWorkingDay(startsOn)).toBe(true);
        expect(calendar.isWorkingDay(endsOn)).toBe(true);
        expect(calendar.workingDaysBetween(startsOn, endsOn)).toBe(n - 1);
      }),
    );
  });
});

describe('a year without an official schedule (X-WORKING-DAYS)', () => {
  it('is refused with CalendarYearMissingError naming the year, at the caller’s path (X-WORKING-DAYS)', () => {
    let error: unknown;
    try {
      publicityPeriod(calendar, '2019-10-08', 5, 'publicity.publishedOn');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarYearMissingError);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error).toMatchObject({
      year: 2019,
      status: 422,
      ruleId: 'X-WORKING-DAYS',
      field: 'publicity.publishedOn',
      violations: [
        { ruleId: 'X-WORKING-DAYS', path: 'publicity.publishedOn', message: expect.stringContaining('2019') },
      ],
    });
    expect(missingYear(() => calendar.isWorkingDay('2019-12-31'))).toBe(2019);
    expect((error as CalendarYearMissingError).violations[0]?.messageZh).toContain('2019年');
  });

  it('names the uncovered year a period runs into, forwards or back (X-WORKING-DAYS)', () => {
    expect(missingYear(() => publicityPeriod(calendar, '2026-12-28', 5))).toBe(2027);
    expect(missingYear(() => calendar.workingDaysBetween('2026-12-20', '2027-01-10'))).toBe(2027);
    expect(missingYear(() => calendar.addWorkingDays('2020-01-02', -3))).toBe(2019);
    // Inside the covered years, the same calls succeed.
    expect(publicityPeriod(calendar, '2026-12-21', 5)).toEqual({
      startsOn: '2026-12-21',
      endsOn: '2026-12-25',
    });
  });

  it('property: every day of an uncovered year is refused with that year (X-WORKING-DAYS)', () => {
    const uncovered = fc.oneof(fc.integer({ min: 1949, max: 2019 }), fc.integer({ min: 2027, max: 2200 }));
    fc.assert(
      fc.property(uncovered, fc.integer({ min: 0, max: 364 }), (year, i) => {
        expect(missingYear(() => calendar.isWorkingDay(addDays(`${year}-01-01`, i)))).toBe(year);
      }),
    );
  });

  it('works once the agency uploads that year’s schedule (X-WORKING-DAYS)', () => {
    const withUpload = officialCalendar([upload2027]);
    expect(withUpload.coveredYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(publicityPeriod(withUpload, '2026-12-28', 5)).toEqual({
      startsOn: '2026-12-28',
      endsOn: '2027-01-04',
    });
    expect(withUpload.schedule(2027)?.source).toBe('test fixture');
    expect(missingYear(() => withUpload.isWorkingDay('2028-01-03'))).toBe(2028);
    // The default calendar is not changed by another calendar's uploads.
    expect(calendar.coveredYears()).not.toContain(2027);
  });
});

describe('an uploaded schedule (X-WORKING-DAYS)', () => {
  const bundled2024 = bundledSchedules.find((s) => s.year === 2024)!;

  it('replaces the bundled schedule of its year: the agency’s upload is the official text (X-WORKING-DAYS)', () => {
    const upload = {
      ...bundled2024,
      holidays: [...bundled2024.holidays, '2024-03-08'],
      source: 'agency upload',
    };
    const overridden = officialCalendar([upload]);
    expect(calendar.isWorkingDay('2024-03-08')).toBe(true);
    expect(overridden.isWorkingDay('2024-03-08')).toBe(false);
    expect(overridden.schedule(2024)?.source).toBe('agency upload');
    expect(overridden.coveredYears()).toEqual(calendar.coveredYears());
    // A whole-year replacement: a make-up day the upload leaves out is no longer one.
    const withoutMakeUp = officialCalendar([{ ...bundled2024, workdays: [] }]);
    expect(withoutMakeUp.isWorkingDay('2024-02-04')).toBe(false);
  });

  it('is validated, and two uploads for one year are refused (X-WORKING-DAYS)', () => {
    expect(() => officialCalendar([{ ...upload2027, workdays: ['2027-01-04'] }])).toThrow(
      expect.objectContaining({
        violations: [expect.objectContaining({ path: 'schedules[0].workdays[0]' })],
      }),
    );
    expect(() => officialCalendar([upload2027, upload2027])).toThrow(
      expect.objectContaining({
        ruleId: 'X-WORKING-DAYS',
        violations: [expect.objectContaining({ path: 'schedules[1].year' })],
      }),
    );
  });
});
