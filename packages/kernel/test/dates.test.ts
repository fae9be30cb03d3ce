import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  ageOn,
  compareDates,
  daysBetween,
  daysInMonth,
  endOfMonth,
  isIsoDate,
  monthOf,
  nowIso,
  shanghaiDate,
  startOfShanghaiDay,
  todayInShanghai,
  yearOf,
} from '../src/dates';

const DAY_MS = 86_400_000;

/** Real dates from 1900 to 2100, generated without the code under test. */
const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const dayCount = fc.integer({ min: -40_000, max: 40_000 });

describe('isIsoDate', () => {
  it('accepts real YYYY-MM-DD dates, leap days included', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1999-12-31')).toBe(true);
  });

  it('rejects impossible dates and other formats', () => {
    for (const bad of ['1900-02-29', '2023-02-29', '1999-02-30', '2024-04-31', '2024-13-01', '2024-00-10']) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
    for (const bad of ['2024-1-01', '20240101', '2024-01-01T00:00:00Z', ' 2024-01-01', '', '2024/01/01']) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
  });

  it('property: agrees with Date.UTC round-tripping for any year/month/day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const t = new Date(Date.UTC(y, m - 1, d));
          const real = m >= 1 && m <= 12 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
          expect(isIsoDate(s)).toBe(real);
        },
      ),
    );
  });
});

describe('shanghaiDate and todayInShanghai', () => {
  it('switches date at 16:00 UTC (midnight in Shanghai)', () => {
    expect(shanghaiDate('2024-12-31T15:59:59.999Z')).toBe('2024-12-31');
    expect(shanghaiDate('2024-12-31T16:00:00Z')).toBe('2025-01-01');
    expect(shanghaiDate(Date.UTC(2024, 1, 28, 16))).toBe('2024-02-29');
    expect(shanghaiDate(new Date('2024-06-01T00:00:00+08:00'))).toBe('2024-06-01');
  });

  it('honours explicit offsets in ISO strings', () => {
    expect(shanghaiDate('2024-06-01T23:30:00-05:00')).toBe('2024-06-02');
  });

  it('rejects strings without a zone designator and invalid instants', () => {
    expect(() => shanghaiDate('2024-06-01T10:00:00')).toThrow(RangeError);
    expect(() => shanghaiDate('2024-06-01')).toThrow(RangeError);
    expect(() => shanghaiDate(Number.NaN)).toThrow(RangeError);
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
  });

  it('todayInShanghai uses the given instant', () => {
    expect(todayInShanghai(new Date('2025-03-01T17:00:00Z'))).toBe('2025-03-02');
  });
});

describe('independence from the machine time zone', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('gives Shanghai dates and instants whatever TZ is set to', () => {
    vi.stubEnv('TZ', 'America/New_York');
    // Prove the stub took effect: New York is behind UTC in January.
    expect(new Date(Date.UTC(2024, 0, 15)).getTimezoneOffset()).toBe(300);
    expect(shanghaiDate('2024-01-15T20:00:00Z')).toBe('2024-01-16');
    expect(todayInShanghai(new Date('2024-03-10T06:30:00Z'))).toBe('2024-03-10');
    expect(startOfShanghaiDay('2024-03-10')).toBe('2024-03-09T16:00:00.000Z');
    expect(addDays('2024-03-09', 1)).toBe('2024-03-10'); // New York DST starts 2024-03-10
    expect(daysBetween('2024-03-01', '2024-04-01')).toBe(31);
    expect(ageOn('2000-02-29', '2001-03-01')).toBe(1);
  });
});

describe('addDays, addMonths and daysBetween', () => {
  it('add days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('add months clamped to the end of the target month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
    expect(addMonths('2024-01-15', -13)).toBe('2022-12-15');
  });

  it('add years keeping month and day, 29 February clamped to 28 February in non-leap years', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2021-01-01', 5)).toBe('2026-01-01');
    expect(addYears('2026-01-01', -5)).toBe('2021-01-01');
    expect(() => addYears('2024-01-01', 0.5)).toThrow(RangeError);
    expect(() => addYears('9999-01-01', 1)).toThrow(RangeError);
  });

  it('property: addYears(d, n) keeps month and day unless d is 29 February, and matches Date.UTC years', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -200, max: 200 }), (d, n) => {
        const result = addYears(d, n);
        const y = Number(d.slice(0, 4)) + n;
        if (d.slice(5) !== '02-29') expect(result).toBe(`${String(y).padStart(4, '0')}${d.slice(4)}`);
        else {
          const leap = new Date(Date.UTC(y, 1, 29)).getUTCMonth() === 1;
          expect(result).toBe(`${String(y).padStart(4, '0')}-02-${leap ? '29' : '28'}`);
        }
      }),
    );
  });

  it('daysBetween is b − a', () => {
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(365);
    expect(daysBetween('2024-12-31', '2024-01-01')).toBe(-365);
    expect(daysBetween('1970-01-01', '1970-01-01')).toBe(0);
  });

  it('reject invalid dates and non-integer counts', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2024-02-01', 1.5)).toThrow(RangeError);
    expect(() => addMonths('2024-02-01', 0.5)).toThrow(RangeError);
    expect(() => daysBetween('2024-01-01', 'tomorrow')).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });

  it('property: addDays(addDays(d, n), -n) === d', () => {
    fc.assert(
      fc.property(isoDate, dayCount, (d, n) => {
        expect(addDays(addDays(d, n), -n)).toBe(d);
      }),
    );
  });

  it('property: addDays matches UTC millisecond arithmetic', () => {
    fc.assert(
      fc.property(isoDate, dayCount, (d, n) => {
        const expected = new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
        expect(addDays(d, n)).toBe(expected);
      }),
    );
  });

  it('property: daysBetween(d, addDays(d, n)) === n and addDays(a, daysBetween(a, b)) === b', () => {
    fc.assert(
      fc.property(isoDate, dayCount, isoDate, (d, n, b) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
        expect(addDays(d, daysBetween(d, b))).toBe(b);
      }),
    );
  });

  it('property: compareDates has the sign of daysBetween(b, a)', () => {
    fc.assert(
      fc.property(isoDate, isoDate, (a, b) => {
        expect(compareDates(a, b)).toBe(Math.sign(daysBetween(b, a)) || 0);
        expect(compareDates(a, b)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});

describe('compareDates', () => {
  it('orders dates', () => {
    expect(compareDates('2024-01-01', '2024-01-02')).toBe(-1);
    expect(compareDates('2024-01-02', '2024-01-01')).toBe(1);
    expect(compareDates('2024-01-01', '2024-01-01')).toBe(0);
  });
});

describe('ageOn', () => {
  it('counts full years, turning a year older on the birthday', () => {
    expect(ageOn('1990-06-15', '2024-06-14')).toBe(33);
    expect(ageOn('1990-06-15', '2024-06-15')).toBe(34);
    expect(ageOn('1990-06-15', '1990-06-15')).toBe(0);
  });

  it('takes 1 March as the birthday of someone born on 29 February in non-leap years', () => {
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageOn('2000-02-29', '2001-03-01')).toBe(1);
    expect(ageOn('2000-02-29', '2004-02-28')).toBe(3);
    expect(ageOn('2000-02-29', '2004-02-29')).toBe(4);
  });

  it('throws RangeError when the date is before the birth date', () => {
    expect(() => ageOn('2000-01-02', '2000-01-01')).toThrow(RangeError);
  });
});

describe('date parts and month ends', () => {
  it('yearOf and monthOf', () => {
    expect(yearOf('2024-07-09')).toBe(2024);
    expect(monthOf('2024-07-09')).toBe(7);
  });

  it('endOfMonth handles leap years and 30/31-day months', () => {
    expect(endOfMonth(2024, 2)).toBe('2024-02-29');
    expect(endOfMonth(2100, 2)).toBe('2100-02-28');
    expect(endOfMonth(2000, 2)).toBe('2000-02-29');
    expect(endOfMonth(2024, 4)).toBe('2024-04-30');
    expect(endOfMonth(2024, 12)).toBe('2024-12-31');
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(() => endOfMonth(2024, 13)).toThrow(RangeError);
  });
});

describe('startOfShanghaiDay and nowIso', () => {
  it('startOfShanghaiDay is 16:00 UTC on the previous day', () => {
    expect(startOfShanghaiDay('2025-01-01')).toBe('2024-12-31T16:00:00.000Z');
    expect(shanghaiDate(startOfShanghaiDay('2025-01-01'))).toBe('2025-01-01');
  });

  it('property: startOfShanghaiDay is the first instant of that Shanghai date', () => {
    fc.assert(
      fc.property(isoDate, (d) => {
        const start = Date.parse(startOfShanghaiDay(d));
        expect(shanghaiDate(start)).toBe(d);
        expect(shanghaiDate(start - 1)).toBe(addDays(d, -1));
      }),
    );
  });

  it('nowIso formats the instant in UTC', () => {
    expect(nowIso(new Date(Date.UTC(2024, 4, 1, 2, 3, 4)))).toBe('2024-05-01T02:03:04.000Z');
    expect(nowIso()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
