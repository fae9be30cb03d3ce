import { ValidationFailedError } from '@talent/kernel';
import { describe, expect, it } from 'vitest';
import { parseYearSchedule, yearScheduleJsonSchema } from '../src/index';

/** A schedule in the shape an agency uploads (made up for the tests; 2027-01-01 is a Friday). */
const valid = {
  year: 2027,
  holidays: ['2027-02-08', '2027-01-01', '2027-01-02', '2027-01-03'],
  workdays: ['2027-02-06'],
  source: '国办发明电〔2026〕N号 (test fixture)',
};

/** The violations `parseYearSchedule` throws for `input`, as [path, message] pairs. */
const refusals = (input: unknown, path?: string): [string, string][] => {
  try {
    parseYearSchedule(input, path);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationFailedError);
    const error = e as ValidationFailedError;
    expect(error.status).toBe(422);
    for (const v of error.violations) {
      expect(v.ruleId).toBe('X-WORKING-DAYS');
      expect(v.messageZh).toBeTruthy();
    }
    return error.violations.map((v) => [v.path, v.message]);
  }
  throw new Error('expected a refusal');
};

describe('parseYearSchedule (X-WORKING-DAYS)', () => {
  it('accepts an official schedule, holiday blocks with their weekend days, and sorts the dates (X-WORKING-DAYS)', () => {
    expect(parseYearSchedule(valid)).toEqual({
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-08'],
      workdays: ['2027-02-06'],
      source: valid.source,
    });
    expect(parseYearSchedule({ year: 2027, holidays: ['2027-01-01'], workdays: [] })).toEqual({
      year: 2027,
      holidays: ['2027-01-01'],
      workdays: [],
    });
  });

  it('refuses what is not a schedule object, at the caller’s path (X-WORKING-DAYS)', () => {
    for (const input of [null, 'x', [], 2027])
      expect(refusals(input, 'body')).toEqual([['body', expect.any(String)]]);
    expect(refusals({}).map(([p]) => p)).toEqual(['year', 'holidays', 'workdays']);
  });

  it('refuses a year that is not an integer from 1949 to 9999 (X-WORKING-DAYS)', () => {
    for (const year of ['2027', 2027.5, 1948, 10_000, undefined]) {
      expect(refusals({ ...valid, year })).toEqual([['year', expect.stringContaining('integer')]]);
    }
  });

  it('refuses dates that are not real or not in the year, with their paths (X-WORKING-DAYS)', () => {
    expect(
      refusals(
        { ...valid, holidays: ['2027-01-01', '2027-02-29', '2026-12-31', '2027-1-02', 20270103] },
        'body',
      ),
    ).toEqual([
      ['body.holidays[1]', '2027-02-29 is not a real date (YYYY-MM-DD)'],
      ['body.holidays[2]', '2026-12-31 is not in 2027'],
      ['body.holidays[3]', '2027-1-02 is not a real date (YYYY-MM-DD)'],
      ['body.holidays[4]', '20270103 is not a real date (YYYY-MM-DD)'],
    ]);
  });

  it('refuses a make-up working day on a Monday–Friday, a date both off and working, and repeats (X-WORKING-DAYS)', () => {
    expect(
      refusals({
        ...valid,
        holidays: [...valid.holidays, '2027-01-01'],
        workdays: ['2027-01-04', '2027-01-02'],
      }),
    ).toEqual([
      ['holidays[4]', '2027-01-01 is listed twice'],
      ['workdays[0]', expect.stringContaining('a make-up working day (调休上班) is a Saturday or Sunday')],
      ['workdays[1]', '2027-01-02 is listed as a holiday too'],
    ]);
  });

  it('refuses an empty holiday list: no data is not "no holidays" (X-WORKING-DAYS)', () => {
    expect(refusals({ ...valid, holidays: [] })).toEqual([
      ['holidays', expect.stringContaining('at least New Year')],
    ]);
  });

  it('refuses lists that are not lists or longer than a year, unknown fields and a bad source (X-WORKING-DAYS)', () => {
    const tooMany = Array.from({ length: 367 }, () => '2027-01-01');
    expect(refusals({ ...valid, holidays: '2027-01-01', workdays: tooMany, source: ' ', note: 1 })).toEqual([
      ['note', 'unknown field "note"'],
      ['holidays', 'holidays must be a list of dates (YYYY-MM-DD)'],
      ['workdays', 'workdays lists more than 366 dates'],
      ['source', expect.stringContaining('non-empty')],
    ]);
  });

  it('describes the same shape as JSON Schema, for the OpenAPI document (X-WORKING-DAYS)', () => {
    expect(yearScheduleJsonSchema.required).toEqual(['year', 'holidays', 'workdays']);
    expect(Object.keys(yearScheduleJsonSchema.properties)).toEqual([
      'year',
      'holidays',
      'workdays',
      'source',
    ]);
    expect(yearScheduleJsonSchema.properties.year.minimum).toBe(1949);
  });
});
