import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, ageOn, compareDates } from '../src/dates';
import {
  atLeastYearsBeforeRetirement,
  RetirementBaseRequiredError,
  type RetirementInput,
  retirementDelayMonths,
  statutoryRetirement,
} from '../src/retirement';

/** Real dates from 1900 to 2100, generated without the code under test. */
const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const people = [
  { gender: 'male' },
  { gender: 'female', femaleBase: 55 },
  { gender: 'female', femaleBase: 50 },
] as const;
const person = fc.constantFrom(...people);
const CAP = { 60: 36, 55: 36, 50: 60 } as const;
const STEP = { 60: 4, 55: 4, 50: 2 } as const;

describe('statutoryRetirement: stepping boundaries (X-RETIREMENT-AGE)', () => {
  // [label, input, years, months, delay, retirement date] — expected values from the decision's annex.
  const cases: readonly [string, RetirementInput, number, number, number, string][] = [
    ['a man born 1964-12 retires at 60', { birthDate: '1964-12-15', gender: 'male' }, 60, 0, 0, '2024-12-15'],
    [
      'a man born 1965-01 retires at 60y1m',
      { birthDate: '1965-01-15', gender: 'male' },
      60,
      1,
      1,
      '2025-02-15',
    ],
    [
      'a man born 1965-04 retires at 60y1m',
      { birthDate: '1965-04-15', gender: 'male' },
      60,
      1,
      1,
      '2025-05-15',
    ],
    [
      'a man born 1965-05 retires at 60y2m',
      { birthDate: '1965-05-15', gender: 'male' },
      60,
      2,
      2,
      '2025-07-15',
    ],
    [
      'a man born 1976-08 retires at 62y11m',
      { birthDate: '1976-08-15', gender: 'male' },
      62,
      11,
      35,
      '2039-07-15',
    ],
    [
      'a man born 1976-09 retires at 63',
      { birthDate: '1976-09-15', gender: 'male' },
      63,
      0,
      36,
      '2039-09-15',
    ],
    [
      'a man born 1977-01 retires at 63',
      { birthDate: '1977-01-15', gender: 'male' },
      63,
      0,
      36,
      '2040-01-15',
    ],
    [
      'a man born 1990-06 retires at 63',
      { birthDate: '1990-06-15', gender: 'male' },
      63,
      0,
      36,
      '2053-06-15',
    ],
    [
      'a woman cadre (55) born 1969-12 retires at 55',
      { birthDate: '1969-12-15', gender: 'female', femaleBase: 55 },
      55,
      0,
      0,
      '2024-12-15',
    ],
    [
      'a woman cadre (55) born 1970-01 retires at 55y1m',
      { birthDate: '1970-01-15', gender: 'female', femaleBase: 55 },
      55,
      1,
      1,
      '2025-02-15',
    ],
    [
      'a woman cadre (55) born 1970-04 retires at 55y1m',
      { birthDate: '1970-04-15', gender: 'female', femaleBase: 55 },
      55,
      1,
      1,
      '2025-05-15',
    ],
    [
      'a woman cadre (55) born 1970-05 retires at 55y2m',
      { birthDate: '1970-05-15', gender: 'female', femaleBase: 55 },
      55,
      2,
      2,
      '2025-07-15',
    ],
    [
      'a woman cadre (55) born 1981-08 retires at 57y11m',
      { birthDate: '1981-08-15', gender: 'female', femaleBase: 55 },
      57,
      11,
      35,
      '2039-07-15',
    ],
    [
      'a woman cadre (55) born 1981-09 retires at 58',
      { birthDate: '1981-09-15', gender: 'female', femaleBase: 55 },
      58,
      0,
      36,
      '2039-09-15',
    ],
    [
      'a woman worker (50) born 1974-12 retires at 50',
      { birthDate: '1974-12-15', gender: 'female', femaleBase: 50 },
      50,
      0,
      0,
      '2024-12-15',
    ],
    [
      'a woman worker (50) born 1975-01 retires at 50y1m',
      { birthDate: '1975-01-15', gender: 'female', femaleBase: 50 },
      50,
      1,
      1,
      '2025-02-15',
    ],
    [
      'a woman worker (50) born 1975-02 retires at 50y1m',
      { birthDate: '1975-02-15', gender: 'female', femaleBase: 50 },
      50,
      1,
      1,
      '2025-03-15',
    ],
    [
      'a woman worker (50) born 1975-03 retires at 50y2m',
      { birthDate: '1975-03-15', gender: 'female', femaleBase: 50 },
      50,
      2,
      2,
      '2025-05-15',
    ],
    [
      'a woman worker (50) born 1984-10 retires at 54y11m',
      { birthDate: '1984-10-15', gender: 'female', femaleBase: 50 },
      54,
      11,
      59,
      '2039-09-15',
    ],
    [
      'a woman worker (50) born 1984-11 retires at 55',
      { birthDate: '1984-11-15', gender: 'female', femaleBase: 50 },
      55,
      0,
      60,
      '2039-11-15',
    ],
    [
      'a woman worker (50) born 1995-01 retires at 55',
      { birthDate: '1995-01-15', gender: 'female', femaleBase: 50 },
      55,
      0,
      60,
      '2050-01-15',
    ],
  ];

  for (const [label, input, years, months, delay, date] of cases) {
    it(`${label}, on ${date} (X-RETIREMENT-AGE)`, () => {
      const r = statutoryRetirement(input);
      expect(r.age).toEqual({ years, months });
      expect(r.delayMonths).toBe(delay);
      expect(r.date).toBe(date);
      expect(r.month).toBe(date.slice(0, 7));
    });
  }

  it('a man born 1965-01-15 reaches 60y1m in month 2025-02, on 2025-02-15 (X-RETIREMENT-AGE)', () => {
    expect(statutoryRetirement({ birthDate: '1965-01-15', gender: 'male' })).toEqual({
      base: 60,
      delayMonths: 1,
      age: { years: 60, months: 1 },
      month: '2025-02',
      date: '2025-02-15',
    });
  });

  it('depends on the birth month only: the 1st and the last day of 1965-04 get the same age (X-RETIREMENT-AGE)', () => {
    expect(statutoryRetirement({ birthDate: '1965-04-01', gender: 'male' }).age).toEqual({
      years: 60,
      months: 1,
    });
    expect(statutoryRetirement({ birthDate: '1965-04-30', gender: 'male' }).age).toEqual({
      years: 60,
      months: 1,
    });
    expect(statutoryRetirement({ birthDate: '1965-05-01', gender: 'male' }).age).toEqual({
      years: 60,
      months: 2,
    });
  });
});

describe('statutoryRetirement: retirement date (X-RETIREMENT-AGE)', () => {
  it('clamps the day to the end of the retirement month: a man born 1965-01-31 retires on 2025-02-28', () => {
    const r = statutoryRetirement({ birthDate: '1965-01-31', gender: 'male' });
    expect(r.month).toBe('2025-02');
    expect(r.date).toBe('2025-02-28');
  });

  it('adds the age in one step, so only the final month clamps: a man born 1967-12-31 (60y9m) retires on 2028-09-30', () => {
    const r = statutoryRetirement({ birthDate: '1967-12-31', gender: 'male' });
    expect(r.age).toEqual({ years: 60, months: 9 });
    expect(r.date).toBe('2028-09-30');
  });

  it('a woman cadre born 1968-02-29 reaches 55 on 2023-02-28, a day before ageOn counts her 55 (X-RETIREMENT-AGE)', () => {
    expect(statutoryRetirement({ birthDate: '1968-02-29', gender: 'female', femaleBase: 55 }).date).toBe(
      '2023-02-28',
    );
    expect(ageOn('1968-02-29', '2023-02-28')).toBe(54);
  });

  it('keeps a leap day when the retirement year is a leap year: a man born 1964-02-29 retires on 2024-02-29', () => {
    expect(statutoryRetirement({ birthDate: '1964-02-29', gender: 'male' }).date).toBe('2024-02-29');
  });
});

describe('statutoryRetirement: input (X-RETIREMENT-AGE)', () => {
  it('requires the original age of a woman: no silent default (throws RetirementBaseRequiredError, a RangeError)', () => {
    const call = () => statutoryRetirement({ birthDate: '1980-03-01', gender: 'female' });
    expect(call).toThrow(RetirementBaseRequiredError);
    expect(call).toThrow(RangeError);
    try {
      call();
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toMatchObject({ ruleId: 'X-RETIREMENT-AGE', field: 'femaleBase' });
    }
  });

  it('rejects a woman whose original age is neither 50 nor 55', () => {
    expect(() =>
      statutoryRetirement({ birthDate: '1980-03-01', gender: 'female', femaleBase: 60 as any }),
    ).toThrow(RetirementBaseRequiredError);
  });

  it('ignores femaleBase for a man (base 60)', () => {
    const r = statutoryRetirement({ birthDate: '1980-03-01', gender: 'male', femaleBase: 50 });
    expect(r.base).toBe(60);
    expect(r.age).toEqual({ years: 63, months: 0 });
  });

  it('rejects an invalid birth date or gender with RangeError', () => {
    expect(() => statutoryRetirement({ birthDate: '1965-02-30', gender: 'male' })).toThrow(RangeError);
    expect(() => statutoryRetirement({ birthDate: '1965/02/01', gender: 'male' })).toThrow(RangeError);
    expect(() => statutoryRetirement({ birthDate: '1965-02-01', gender: 'other' as any })).toThrow(
      RangeError,
    );
  });

  it('retirementDelayMonths rejects an invalid birth month', () => {
    expect(() => retirementDelayMonths(60, 1965, 13)).toThrow(RangeError);
    expect(() => retirementDelayMonths(60, 1965, 0)).toThrow(RangeError);
    expect(() => retirementDelayMonths(60, 1965.5, 1)).toThrow(RangeError);
  });
});

describe('atLeastYearsBeforeRetirement (JS-AGE: 年龄距法定退休年龄5年以上，计算时间截至培育计划实施年度1月1日)', () => {
  const onDate = '2026-01-01'; // 1 January of programme year 2026

  it('is eligible when the retirement date is exactly 5 years after 1 January (2031-01-01) (JS-AGE)', () => {
    // 1969-10 is 57 months after 1965-01 → delay 15 → 61y3m.
    const man: RetirementInput = { birthDate: '1969-10-01', gender: 'male' };
    expect(statutoryRetirement(man).date).toBe('2031-01-01');
    expect(atLeastYearsBeforeRetirement(man, onDate, 5)).toBe(true);
  });

  it('is not eligible when the retirement date is one day short of 5 years (2030-12-31) (JS-AGE)', () => {
    // 1978-12 is 47 months after 1975-01 → delay 24 → 52y0m.
    const woman: RetirementInput = { birthDate: '1978-12-31', gender: 'female', femaleBase: 50 };
    expect(statutoryRetirement(woman).date).toBe('2030-12-31');
    expect(atLeastYearsBeforeRetirement(woman, onDate, 5)).toBe(false);
  });

  it('is eligible when the retirement date is one day past 5 years (2031-01-02) (JS-AGE)', () => {
    const man: RetirementInput = { birthDate: '1969-10-02', gender: 'male' };
    expect(statutoryRetirement(man).date).toBe('2031-01-02');
    expect(atLeastYearsBeforeRetirement(man, onDate, 5)).toBe(true);
  });

  it('is not eligible for a man born before 1965 whose retirement (birth + 60 years) has passed (JS-AGE)', () => {
    const man: RetirementInput = { birthDate: '1964-06-15', gender: 'male' };
    expect(statutoryRetirement(man).date).toBe(addYears('1964-06-15', 60));
    expect(atLeastYearsBeforeRetirement(man, onDate, 5)).toBe(false);
  });

  it('asks for the original age of a woman instead of guessing (JS-AGE, X-RETIREMENT-AGE)', () => {
    expect(() =>
      atLeastYearsBeforeRetirement({ birthDate: '1980-01-01', gender: 'female' }, onDate, 5),
    ).toThrow(RetirementBaseRequiredError);
  });

  it('rejects a negative or fractional year count and an invalid date', () => {
    const man: RetirementInput = { birthDate: '1980-01-01', gender: 'male' };
    expect(() => atLeastYearsBeforeRetirement(man, onDate, -1)).toThrow(RangeError);
    expect(() => atLeastYearsBeforeRetirement(man, onDate, 2.5)).toThrow(RangeError);
    expect(() => atLeastYearsBeforeRetirement(man, '2026-13-01', 5)).toThrow(RangeError);
  });
});

describe('properties (X-RETIREMENT-AGE, JS-AGE)', () => {
  it('property: the delay is non-decreasing in the birth date and never exceeds the cap (36 / 36 / 60)', () => {
    fc.assert(
      fc.property(person, isoDate, isoDate, (p, a, b) => {
        const [earlier, later] = compareDates(a, b) <= 0 ? [a, b] : [b, a];
        const ra = statutoryRetirement({ ...p, birthDate: earlier });
        const rb = statutoryRetirement({ ...p, birthDate: later });
        expect(ra.delayMonths).toBeLessThanOrEqual(rb.delayMonths);
        expect(ra.delayMonths).toBeGreaterThanOrEqual(0);
        expect(rb.delayMonths).toBeLessThanOrEqual(CAP[rb.base]);
      }),
    );
  });

  it('property: consecutive birth months differ by at most 1 delay month, stepping up every 4 (2 for women-50) months until the cap', () => {
    fc.assert(
      fc.property(
        person,
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        (p, y, m) => {
          const birth = `${y}-${String(m).padStart(2, '0')}-01`;
          const d0 = statutoryRetirement({ ...p, birthDate: birth });
          const d1 = statutoryRetirement({ ...p, birthDate: addMonths(birth, 1) });
          const step = d1.delayMonths - d0.delayMonths;
          expect([0, 1]).toContain(step);
          // Months since the first delayed birth month (1965-01 / 1970-01 / 1975-01) of the next birth month.
          const startYear = { 60: 1965, 55: 1970, 50: 1975 }[d0.base];
          const next = (y - startYear) * 12 + m; // zero-based index of the month after `birth`
          const expectedStep =
            next >= 0 && d0.delayMonths < CAP[d0.base] && next % STEP[d0.base] === 0 ? 1 : 0;
          expect(step).toBe(expectedStep);
        },
      ),
    );
  });

  it('property: the age is between the base and base + 3 years (base + 5 for women-50) and matches the delay', () => {
    fc.assert(
      fc.property(person, isoDate, (p, birthDate) => {
        const r = statutoryRetirement({ ...p, birthDate });
        const total = r.age.years * 12 + r.age.months;
        expect(r.base).toBe('femaleBase' in p ? p.femaleBase : 60);
        expect(total).toBe(r.base * 12 + r.delayMonths);
        expect(r.age.months).toBeGreaterThanOrEqual(0);
        expect(r.age.months).toBeLessThan(12);
        expect(total).toBeGreaterThanOrEqual(r.base * 12);
        expect(total).toBeLessThanOrEqual((r.base + (r.base === 50 ? 5 : 3)) * 12);
      }),
    );
  });

  it('property: the retirement date is never before birth date + base years, and is birth date + age', () => {
    fc.assert(
      fc.property(person, isoDate, (p, birthDate) => {
        const r = statutoryRetirement({ ...p, birthDate });
        expect(compareDates(r.date, addYears(birthDate, r.base))).toBeGreaterThanOrEqual(0);
        expect(r.date).toBe(addMonths(birthDate, r.age.years * 12 + r.age.months));
        expect(r.month).toBe(r.date.slice(0, 7));
        expect(Number(r.date.slice(8))).toBeLessThanOrEqual(Number(birthDate.slice(8)));
      }),
    );
  });

  it('property: atLeastYearsBeforeRetirement agrees with addYears(d, n) <= retirement date', () => {
    fc.assert(
      fc.property(person, isoDate, isoDate, fc.integer({ min: 0, max: 10 }), (p, birthDate, d, n) => {
        const { date } = statutoryRetirement({ ...p, birthDate });
        expect(atLeastYearsBeforeRetirement({ ...p, birthDate }, d, n)).toBe(
          compareDates(addYears(d, n), date) <= 0,
        );
      }),
    );
  });

  it('property: exactly n years before the retirement date is eligible (以上 includes the boundary)', () => {
    fc.assert(
      fc.property(person, isoDate, fc.integer({ min: 0, max: 10 }), (p, birthDate, n) => {
        const { date } = statutoryRetirement({ ...p, birthDate });
        expect(atLeastYearsBeforeRetirement({ ...p, birthDate }, addYears(date, -n), n)).toBe(true);
        expect(atLeastYearsBeforeRetirement({ ...p, birthDate }, addDays(date, 1), n)).toBe(false);
      }),
    );
  });

  it('property: on 1 January of programme year Y, eligible iff retirement is on or after 1 January Y+5 (JS-AGE)', () => {
    fc.assert(
      fc.property(person, isoDate, fc.integer({ min: 2000, max: 2090 }), (p, birthDate, year) => {
        const { date } = statutoryRetirement({ ...p, birthDate });
        const eligible = atLeastYearsBeforeRetirement({ ...p, birthDate }, `${year}-01-01`, 5);
        expect(eligible).toBe(date >= `${year + 5}-01-01`);
      }),
    );
  });
});
