/**
 * EventBridge Scheduler expressions, evaluated in the schedule's time zone:
 * - `cron(minutes hours day-of-month month day-of-week year)`: numbers, `*`, lists `a,b`,
 *   ranges `a-b`, steps `a/n` and `* /n` (without the space), month and weekday names, `?` in
 *   day-of-month or day-of-week (one of them must be `?`); `L`, `W` and `#` are not supported;
 * - `at(yyyy-mm-ddThh:mm:ss)`: once, at that wall-clock time;
 * - `rate(n minutes|hours|days)`: every n units from the instant the schedule was first seen.
 */

export interface ScheduleExpression {
  readonly text: string;
  /** The first occurrence strictly after `after` (epoch ms), or undefined when there is none. */
  next(after: number): number | undefined;
}

export class ScheduleExpressionError extends Error {
  override readonly name = 'ScheduleExpressionError';
}

const MAX_YEAR = 2199;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: Record<'minute' | 'hour' | 'day' | 'month' | 'weekday' | 'year', Field> = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  day: { min: 1, max: 31 },
  month: { min: 1, max: 12, names: MONTHS },
  weekday: { min: 1, max: 7, names: WEEKDAYS },
  year: { min: 1970, max: MAX_YEAR },
};

/** The values a cron field allows (sorted); undefined for `?`. */
const parseField = (source: string, name: keyof typeof FIELDS): number[] | undefined => {
  const field = FIELDS[name];
  if (source === '?') {
    if (name !== 'day' && name !== 'weekday')
      throw new ScheduleExpressionError(`'?' is not allowed in ${name}`);
    return undefined;
  }
  if (/[LW#]/i.test(source))
    throw new ScheduleExpressionError(`${name} '${source}': L, W and # are not supported locally`);
  const value = (token: string): number => {
    const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
    const n = index >= 0 ? index + field.min : /^\d+$/.test(token) ? Number(token) : Number.NaN;
    if (!Number.isInteger(n) || n < field.min || n > field.max)
      throw new ScheduleExpressionError(
        `${name} '${source}': '${token}' is not in ${field.min}-${field.max}`,
      );
    return n;
  };
  const out = new Set<number>();
  for (const part of source.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new ScheduleExpressionError(`${name} '${source}': bad step`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [field.min, field.max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [from, to] = [value(a), value(b)];
    } else {
      from = value(range);
      to = stepText === undefined ? from : field.max;
    }
    if (from > to) throw new ScheduleExpressionError(`${name} '${source}': empty range`);
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return [...out].sort((a, b) => a - b);
};

const formats = new Map<string, Intl.DateTimeFormat>();
const formatIn = (timeZone: string): Intl.DateTimeFormat => {
  let format = formats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new ScheduleExpressionError(`unknown time zone '${timeZone}'`);
    }
    formats.set(timeZone, format);
  }
  return format;
};

interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const wallTime = (instant: number, timeZone: string): WallTime => {
  const parts: Record<string, number> = {};
  for (const p of formatIn(timeZone).formatToParts(new Date(instant)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
};

/** The instant of a wall-clock time in a time zone (the later offset wins in a DST overlap). */
export const zonedInstant = (t: WallTime, timeZone: string): number => {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const offsetAt = (instant: number): number => {
    const w = wallTime(instant, timeZone);
    return (
      Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000
    );
  };
  const first = asUtc - offsetAt(asUtc);
  const second = asUtc - offsetAt(first);
  return Math.max(first, second);
};

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

const cron = (text: string, body: string, timeZone: string): ScheduleExpression => {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6)
    throw new ScheduleExpressionError(
      `${text}: cron needs 6 fields (minutes hours day-of-month month day-of-week year)`,
    );
  const [mi = '', h = '', dom = '', mo = '', dow = '', y = ''] = parts;
  const minutes = parseField(mi, 'minute') as number[];
  const hours = parseField(h, 'hour') as number[];
  const days = parseField(dom, 'day');
  const months = parseField(mo, 'month') as number[];
  const weekdays = parseField(dow, 'weekday');
  const years = parseField(y, 'year') as number[];
  if ((days === undefined) === (weekdays === undefined))
    throw new ScheduleExpressionError(`${text}: exactly one of day-of-month and day-of-week must be '?'`);
  formatIn(timeZone);

  const next = (after: number): number | undefined => {
    const from = wallTime(after, timeZone);
    const key = (t: WallTime): number =>
      ((((t.year * 100 + t.month) * 100 + t.day) * 100 + t.hour) * 100 + t.minute) * 100 + t.second;
    const start = key(from);
    for (const year of years) {
      if (year < from.year) continue;
      for (const month of months) {
        if (year === from.year && month < from.month) continue;
        for (let day = 1; day <= daysIn(year, month); day++) {
          if (days && !days.includes(day)) continue;
          if (weekdays && !weekdays.includes(new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1))
            continue;
          if (key({ year, month, day, hour: 23, minute: 59, second: 59 }) < start) continue;
          for (const hour of hours) {
            for (const minute of minutes) {
              const t = { year, month, day, hour, minute, second: 0 };
              if (key(t) < start) continue;
              const instant = zonedInstant(t, timeZone);
              if (instant > after) return instant;
            }
          }
        }
      }
    }
    return undefined;
  };
  return { text, next };
};

const at = (text: string, body: string, timeZone: string): ScheduleExpression => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim());
  if (!m) throw new ScheduleExpressionError(`${text}: at() needs yyyy-mm-ddThh:mm:ss`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    throw new ScheduleExpressionError(`${text}: not a date and time`);
  const instant = zonedInstant({ year, month, day, hour, minute, second }, timeZone);
  return { text, next: (after) => (instant > after ? instant : undefined) };
};

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

const rate = (text: string, body: string, origin: number): ScheduleExpression => {
  const m = /^(\d+)\s+(minute|hour|day)s?$/.exec(body.trim());
  const count = Number(m?.[1]);
  if (!m || !Number.isInteger(count) || count < 1)
    throw new ScheduleExpressionError(
      `${text}: rate() needs a positive count and minute(s), hour(s) or day(s)`,
    );
  const period = count * (RATE_UNITS[m[2] as string] as number);
  return {
    text,
    next: (after) => origin + (Math.floor(Math.max(0, after - origin) / period) + 1) * period,
  };
};

/**
 * Parses a schedule expression. `origin` is when a `rate()` schedule starts counting (the local
 * scheduler passes the instant it first saw the schedule).
 */
export const parseScheduleExpression = (text: string, timeZone = 'UTC', origin = 0): ScheduleExpression => {
  const m = /^(cron|at|rate)\((.*)\)$/s.exec(text.trim());
  if (!m) throw new ScheduleExpressionError(`'${text}': expected cron(...), at(...) or rate(...)`);
  const [, kind, body = ''] = m;
  if (kind === 'cron') return cron(text, body, timeZone);
  if (kind === 'at') return at(text, body, timeZone);
  return rate(text, body, origin);
};
