import {
  compareDates,
  type IsoDate,
  isIsoDate,
  ValidationFailedError,
  type Violation,
  yearOf,
} from '@talent/kernel';
import { WORKING_DAYS_RULE } from './errors';
import { isWeekend } from './weekdays';

/**
 * The official holiday schedule of one year (国务院办公厅关于某年部分节假日安排的通知), as the
 * calendar reads it:
 * - `holidays`: days off (放假). Weekdays here are not working days. The holiday blocks may be listed
 *   whole, as the notice and the bundled data list them ("2月10日至17日放假调休"): the weekend days in
 *   them are off anyway.
 * - `workdays`: make-up working days (调休上班), all Saturdays or Sundays.
 * Every other Monday–Friday is a working day and every other Saturday/Sunday is not.
 * Each date belongs to the schedule of its own year, even when a notice announces it for the
 * next year (the 2019 notice made 2018-12-29 a working day: that date is in the 2018 schedule).
 */
export interface YearSchedule {
  readonly year: number;
  readonly holidays: readonly IsoDate[];
  readonly workdays: readonly IsoDate[];
  /** Where it comes from: the notice (文号, URL) or the bundled data set. */
  readonly source?: string;
}

/** The earliest year a schedule may be given for (全国年节及纪念日放假办法, 1949). */
const FIRST_SCHEDULE_YEAR = 1949;
const LAST_SCHEDULE_YEAR = 9999;
/** A list longer than a year has days cannot be a schedule; refused before reading it. */
const MAX_DATES = 366;
const SOURCE_MAX_LENGTH = 1000;

/** JSON Schema (2020-12) of an uploaded schedule, for the OpenAPI document; `parseYearSchedule` enforces it and more. */
export const yearScheduleJsonSchema = {
  type: 'object',
  description:
    'The official holiday schedule of one year: days off and make-up working days (X-WORKING-DAYS). 某年放假调休安排',
  required: ['year', 'holidays', 'workdays'],
  additionalProperties: false,
  properties: {
    year: { type: 'integer', minimum: FIRST_SCHEDULE_YEAR, maximum: LAST_SCHEDULE_YEAR },
    holidays: {
      type: 'array',
      description: 'days off (放假) in that year; weekend days inside a holiday block may be listed',
      minItems: 1,
      maxItems: MAX_DATES,
      uniqueItems: true,
      items: { type: 'string', format: 'date' },
    },
    workdays: {
      type: 'array',
      description: 'make-up working days (调休上班) in that year: Saturdays or Sundays only',
      maxItems: MAX_DATES,
      uniqueItems: true,
      items: { type: 'string', format: 'date' },
    },
    source: { type: 'string', minLength: 1, maxLength: SOURCE_MAX_LENGTH },
  },
} as const;

const KNOWN_KEYS = new Set(Object.keys(yearScheduleJsonSchema.properties));

const at = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`;

const violation = (path: string, message: string, messageZh: string): Violation => ({
  ruleId: WORKING_DAYS_RULE,
  path,
  message,
  messageZh,
});

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one date list: real dates of `year`, no repeats. Returns the entries it accepted, by index. */
const readDates = (
  value: unknown,
  year: number | undefined,
  path: string,
  label: string,
  out: Violation[],
): Map<IsoDate, number> => {
  if (!Array.isArray(value)) {
    out.push(
      violation(path, `${label} must be a list of dates (YYYY-MM-DD)`, `${label}须为日期列表（YYYY-MM-DD）`),
    );
    return new Map();
  }
  if (value.length > MAX_DATES) {
    out.push(
      violation(path, `${label} lists more than ${MAX_DATES} dates`, `${label}超过${MAX_DATES}个日期`),
    );
    return new Map();
  }
  const seen = new Map<IsoDate, number>();
  value.forEach((d, i) => {
    const p = at(path, i);
    if (!isIsoDate(d)) {
      out.push(
        violation(
          p,
          `${String(d)} is not a real date (YYYY-MM-DD)`,
          `${String(d)}不是有效日期（YYYY-MM-DD）`,
        ),
      );
    } else if (year !== undefined && yearOf(d) !== year) {
      out.push(violation(p, `${d} is not in ${year}`, `${d}不在${year}年内`));
    } else if (seen.has(d)) {
      out.push(violation(p, `${d} is listed twice`, `${d}重复`));
    } else seen.set(d, i);
  });
  return seen;
};

const sorted = (dates: ReadonlyMap<IsoDate, number>): IsoDate[] => [...dates.keys()].sort(compareDates);

/**
 * Validates an uploaded year schedule (X-WORKING-DAYS) and returns it with its dates sorted.
 *
 * Refuses, with every offending path at once (`holidays[3]`, under `path` when given): a value that is
 * not an object; unknown fields; a year that is not an integer 1949–9999; dates that are not real or
 * not in that year; a date listed twice; no holidays at all (every year has at least New Year's Day —
 * an empty list would silently turn into "weekends only"); a make-up working day on a Monday–Friday;
 * a date that is both a holiday and a working day; a `source` that is not a non-empty string.
 * Weekend days listed as holidays are accepted (they are off anyway; notices list whole blocks).
 */
export const parseYearSchedule = (input: unknown, path = ''): YearSchedule => {
  const out: Violation[] = [];
  if (!isRecord(input)) {
    throw new ValidationFailedError([
      violation(path, 'a year schedule must be an object { year, holidays, workdays }', '年度安排须为对象'),
    ]);
  }
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key))
      out.push(violation(at(path, key), `unknown field "${key}"`, `不允许的字段“${key}”`));
  }
  const { year, source } = input;
  const validYear =
    typeof year === 'number' &&
    Number.isInteger(year) &&
    year >= FIRST_SCHEDULE_YEAR &&
    year <= LAST_SCHEDULE_YEAR;
  if (!validYear) {
    out.push(
      violation(
        at(path, 'year'),
        `year must be an integer from ${FIRST_SCHEDULE_YEAR} to ${LAST_SCHEDULE_YEAR}`,
        `年份须为${FIRST_SCHEDULE_YEAR}至${LAST_SCHEDULE_YEAR}之间的整数`,
      ),
    );
  }
  const y = validYear ? year : undefined;
  const holidaysPath = at(path, 'holidays');
  const workdaysPath = at(path, 'workdays');
  const holidays = readDates(input.holidays, y, holidaysPath, 'holidays', out);
  const workdays = readDates(input.workdays, y, workdaysPath, 'workdays', out);
  if (Array.isArray(input.holidays) && input.holidays.length === 0) {
    out.push(
      violation(
        holidaysPath,
        'a year schedule has holidays (at least New Year’s Day); an empty list is not a schedule',
        '年度安排至少包含元旦假日，不能为空',
      ),
    );
  }
  for (const [d, i] of workdays) {
    if (!isWeekend(d)) {
      out.push(
        violation(
          at(workdaysPath, i),
          `${d} is a Monday–Friday: a make-up working day (调休上班) is a Saturday or Sunday`,
          `${d}为周一至周五，调休上班日须为周六或周日`,
        ),
      );
    }
    if (holidays.has(d)) {
      out.push(violation(at(workdaysPath, i), `${d} is listed as a holiday too`, `${d}同时被列为放假日`));
    }
  }
  if (
    source !== undefined &&
    (typeof source !== 'string' || source.trim() === '' || source.length > SOURCE_MAX_LENGTH)
  ) {
    out.push(
      violation(
        at(path, 'source'),
        `source must be a non-empty text of at most ${SOURCE_MAX_LENGTH} characters`,
        `来源须为不超过${SOURCE_MAX_LENGTH}字的文字`,
      ),
    );
  }
  if (out.length > 0 || y === undefined) throw new ValidationFailedError(out);
  return {
    year: y,
    holidays: sorted(holidays),
    workdays: sorted(workdays),
    ...(typeof source === 'string' ? { source } : {}),
  };
};
