import { describe, expect, it } from 'vitest';
import { parseScheduleExpression } from '../src/schedule-expression';

const at = (s: string) => Date.parse(s);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The first `n` occurrences after `from`. */
const occurrences = (
  expression: string,
  timezone: string,
  from: string,
  n: number,
): Array<string | undefined> => {
  const schedule = parseScheduleExpression(expression, timezone);
  const out: Array<string | undefined> = [];
  let after = at(from);
  for (let i = 0; i < n; i++) {
    const next = schedule.next(after);
    out.push(iso(next));
    if (next === undefined) break;
    after = next;
  }
  return out;
};

describe('schedule expressions', () => {
  it('cron(0 9 1 1 ? *) in Asia/Shanghai: 1 January 09:00 Shanghai, 01:00 UTC, every year', () => {
    expect(occurrences('cron(0 9 1 1 ? *)', 'Asia/Shanghai', '2030-06-01T00:00:00Z', 3)).toEqual([
      '2031-01-01T01:00:00.000Z',
      '2032-01-01T01:00:00.000Z',
      '2033-01-01T01:00:00.000Z',
    ]);
    // Exactly at an occurrence: the next one.
    expect(occurrences('cron(0 9 1 1 ? *)', 'Asia/Shanghai', '2031-01-01T01:00:00Z', 1)).toEqual([
      '2032-01-01T01:00:00.000Z',
    ]);
  });

  it('cron with lists, ranges, steps, names and a fixed year', () => {
    expect(occurrences('cron(0/30 8-9 ? * MON-FRI 2030)', 'UTC', '2030-01-04T08:45:00Z', 4)).toEqual([
      '2030-01-04T09:00:00.000Z',
      '2030-01-04T09:30:00.000Z',
      '2030-01-07T08:00:00.000Z', // Monday
      '2030-01-07T08:30:00.000Z',
    ]);
    expect(occurrences('cron(15 10 31 JAN,MAR ? 2030)', 'UTC', '2030-02-01T00:00:00Z', 2)).toEqual([
      '2030-03-31T10:15:00.000Z',
      undefined,
    ]);
    // A day that never comes.
    expect(occurrences('cron(0 0 30 2 ? *)', 'UTC', '2030-01-01T00:00:00Z', 1)).toEqual([undefined]);
  });

  it('at() once, in its time zone; rate() from its origin', () => {
    expect(occurrences('at(2031-06-01T12:00:00)', 'Asia/Shanghai', '2030-01-01T00:00:00Z', 2)).toEqual([
      '2031-06-01T04:00:00.000Z',
      undefined,
    ]);
    const rate = parseScheduleExpression('rate(6 hours)', 'UTC', at('2030-01-01T00:00:00Z'));
    expect(iso(rate.next(at('2030-01-01T00:00:00Z')))).toBe('2030-01-01T06:00:00.000Z');
    expect(iso(rate.next(at('2030-01-01T13:00:00Z')))).toBe('2030-01-01T18:00:00.000Z');
  });

  it('keeps wall-clock time across a daylight-saving change', () => {
    expect(occurrences('cron(0 9 * * ? *)', 'Europe/Berlin', '2030-03-30T12:00:00Z', 2)).toEqual([
      '2030-03-31T07:00:00.000Z', // CEST, UTC+2
      '2030-04-01T07:00:00.000Z',
    ]);
    expect(occurrences('cron(0 9 29 3 ? *)', 'Europe/Berlin', '2030-01-01T00:00:00Z', 1)).toEqual([
      '2030-03-29T08:00:00.000Z', // still CET, UTC+1
    ]);
  });

  it('refuses what it cannot evaluate with a message saying why', () => {
    expect(() => parseScheduleExpression('cron(0 9 L * ? *)')).toThrow(/L, W and # are not supported/);
    expect(() => parseScheduleExpression('cron(0 9 * * * *)')).toThrow(
      /exactly one of day-of-month and day-of-week/,
    );
    expect(() => parseScheduleExpression('cron(0 9 * *)')).toThrow(/6 fields/);
    expect(() => parseScheduleExpression('cron(61 9 * * ? *)')).toThrow(/'61' is not in 0-59/);
    expect(() => parseScheduleExpression('cron(0 9 1 1 ? *)', 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(() => parseScheduleExpression('at(2031-02-30T00:00:00)')).toThrow(/not a date/);
    expect(() => parseScheduleExpression('every day')).toThrow(/expected cron/);
  });
});
