import { addDays, daysBetween, type IsoDate } from '@talent/kernel';
// The package's whole data set, read here only: the calendar bundles one file a year (official-data.ts).
import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledSchedules, officialCalendar, parseYearSchedule } from '../src/index';

const calendar = officialCalendar();
const FIRST_BUNDLED = 2020;

const packageDates = (map: Record<string, string>, year: number): IsoDate[] =>
  Object.keys(map)
    .filter((d) => d.startsWith(`${year}-`))
    .sort();
const yearsIn = (map: Record<string, string>): number[] =>
  [...new Set(Object.keys(map).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);

/** The package's own years: those with holidays. A year without data has no entry at all. */
const packageYears = yearsIn(packageData.holidays);

/** Days from `first` to `last`, inclusive. */
const span = (first: IsoDate, last: IsoDate): IsoDate[] =>
  Array.from({ length: daysBetween(first, last) + 1 }, (_, i) => addDays(first, i));

/**
 * The State Council notices, transcribed from the notice text (not from the package):
 * 国办发明电〔2023〕7号 (2024), 国办发明电〔2024〕12号 (2025), 国办发明电〔2025〕7号 (2026).
 */
const NOTICES: readonly { holiday: string; off: [IsoDate, IsoDate]; work: IsoDate[] }[] = [
  { holiday: '2024 元旦 New Year', off: ['2024-01-01', '2024-01-01'], work: [] },
  {
    holiday: '2024 春节 Spring Festival',
    off: ['2024-02-10', '2024-02-17'],
    work: ['2024-02-04', '2024-02-18'],
  },
  { holiday: '2024 清明 Qingming', off: ['2024-04-04', '2024-04-06'], work: ['2024-04-07'] },
  {
    holiday: '2024 劳动节 Labour Day',
    off: ['2024-05-01', '2024-05-05'],
    work: ['2024-04-28', '2024-05-11'],
  },
  { holiday: '2024 端午 Dragon Boat', off: ['2024-06-10', '2024-06-10'], work: [] },
  { holiday: '2024 中秋 Mid-Autumn', off: ['2024-09-15', '2024-09-17'], work: ['2024-09-14'] },
  {
    holiday: '2024 国庆 National Day',
    off: ['2024-10-01', '2024-10-07'],
    work: ['2024-09-29', '2024-10-12'],
  },
  { holiday: '2025 元旦 New Year', off: ['2025-01-01', '2025-01-01'], work: [] },
  {
    holiday: '2025 春节 Spring Festival',
    off: ['2025-01-28', '2025-02-04'],
    work: ['2025-01-26', '2025-02-08'],
  },
  { holiday: '2025 清明 Qingming', off: ['2025-04-04', '2025-04-06'], work: [] },
  { holiday: '2025 劳动节 Labour Day', off: ['2025-05-01', '2025-05-05'], work: ['2025-04-27'] },
  { holiday: '2025 端午 Dragon Boat', off: ['2025-05-31', '2025-06-02'], work: [] },
  {
    holiday: '2025 国庆中秋 National Day',
    off: ['2025-10-01', '2025-10-08'],
    work: ['2025-09-28', '2025-10-11'],
  },
  { holiday: '2026 元旦 New Year', off: ['2026-01-01', '2026-01-03'], work: ['2026-01-04'] },
  {
    holiday: '2026 春节 Spring Festival',
    off: ['2026-02-15', '2026-02-23'],
    work: ['2026-02-14', '2026-02-28'],
  },
  { holiday: '2026 劳动节 Labour Day', off: ['2026-05-01', '2026-05-05'], work: ['2026-05-09'] },
  {
    holiday: '2026 国庆 National Day',
    off: ['2026-10-01', '2026-10-07'],
    work: ['2026-09-20', '2026-10-10'],
  },
];

describe('the chinese-days data (X-WORKING-DAYS)', () => {
  it('covers 2004 to 2026, each year with New Year’s Day, and nothing outside them (X-WORKING-DAYS)', () => {
    expect(packageYears[0]).toBe(2004);
    expect(packageYears.at(-1)).toBe(2026);
    expect(packageYears).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    // Every official year has 元旦 off, so "no holidays" never stands for "no data".
    for (const y of packageYears) expect(packageData.holidays, String(y)).toHaveProperty(`${y}-01-01`);
    // A make-up working day never stands alone in a year without holidays.
    expect(yearsIn(packageData.workdays).filter((y) => !packageYears.includes(y))).toEqual([]);
  });

  it('bundles every package year from 2020 on, as the package has it (X-WORKING-DAYS)', () => {
    const expected = packageYears.filter((y) => y >= FIRST_BUNDLED);
    expect(
      calendar.coveredYears(),
      'chinese-days has a year that is not bundled: add it in src/official-data.ts',
    ).toEqual(expected);
    for (const s of bundledSchedules) {
      expect(s.holidays, `${s.year} holidays`).toEqual(packageDates(packageData.holidays, s.year));
      expect(s.workdays, `${s.year} workdays`).toEqual(packageDates(packageData.workdays, s.year));
      expect(s.source).toMatch(/gov\.cn.*chinese-days 1\.5\.7/);
    }
  });

  it('meets the upload rules: real dates of their year, make-up days on weekends, no overlap (X-WORKING-DAYS)', () => {
    for (const s of bundledSchedules) expect(parseYearSchedule(s)).toEqual(s);
  });

  it.each(NOTICES)('agrees with the State Council notice: $holiday (X-WORKING-DAYS)', ({ off, work }) => {
    for (const d of span(...off)) expect(calendar.isWorkingDay(d), `${d} is off`).toBe(false);
    for (const d of work) expect(calendar.isWorkingDay(d), `${d} is a make-up working day`).toBe(true);
  });

  it('property: a day is a working day exactly when the package says so (X-WORKING-DAYS)', () => {
    const total = daysBetween('2020-01-01', '2026-12-31');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: total }), (i) => {
        const d = addDays('2020-01-01', i);
        const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
        const expected =
          d in packageData.workdays || (weekday >= 1 && weekday <= 5 && !(d in packageData.holidays));
        expect(calendar.isWorkingDay(d)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
