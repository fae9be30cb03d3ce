import { addDays, compareDates, type IsoDate, ValidationFailedError, yearOf } from '@talent/kernel';
import { CalendarYearMissingError, WORKING_DAYS_RULE } from './errors';
import { bundledSchedules } from './official-data';
import { parseYearSchedule, type YearSchedule } from './schedule';
import { isWeekend } from './weekdays';

/**
 * The official working-day calendar (X-WORKING-DAYS). A working day (工作日) is a Monday–Friday that is
 * not a holiday, or a make-up working day (调休上班, a Saturday or Sunday). Every method that has to
 * look at a day of a year without a schedule throws CalendarYearMissingError naming that year, with
 * `path` (the request field the date came from, '' by default) as the violation path.
 */
export interface WorkingDayCalendar {
  isWorkingDay(d: IsoDate, path?: string): boolean;
  /**
   * The `n`-th working day after `d`, not counting `d` itself ("n working days after d"): n = 1 is the
   * next working day; n = 0 returns `d` unchanged; n < 0 is the |n|-th working day before `d`.
   */
  addWorkingDays(d: IsoDate, n: number, path?: string): IsoDate;
  /**
   * The working days after `a` up to and including `b` (the half-open range (a, b]); negative when
   * `b` is before `a`. So workingDaysBetween(d, addWorkingDays(d, n)) === n for every n ≥ 0.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate, path?: string): number;
  /** `d` when it is a working day, else the next working day. */
  firstWorkingDayOnOrAfter(d: IsoDate, path?: string): IsoDate;
  /** The years with a schedule, ascending. */
  coveredYears(): readonly number[];
  /** The schedule used for `year` (an agency upload or the bundled one), if any. */
  schedule(year: number): YearSchedule | undefined;
}

interface YearDays {
  readonly schedule: YearSchedule;
  readonly holidays: ReadonlySet<IsoDate>;
  readonly workdays: ReadonlySet<IsoDate>;
}

const indexed = (schedule: YearSchedule): YearDays => ({
  schedule,
  holidays: new Set(schedule.holidays),
  workdays: new Set(schedule.workdays),
});

let bundled: ReadonlyMap<number, YearDays> | undefined;
/** Built on first use, not at import (cold start). */
const bundledYears = (): ReadonlyMap<number, YearDays> => {
  bundled ??= new Map(bundledSchedules.map((s) => [s.year, indexed(s)]));
  return bundled;
};

const requireCount = (n: number, what: string): void => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer: ${n}`);
};

/**
 * The calendar of the bundled official schedules plus the agency's uploads. An upload replaces the
 * bundled schedule of its year (the agency's upload is the official text). Each upload is validated
 * with `parseYearSchedule` (paths `schedules[i]…`); two uploads for one year are refused.
 */
export const officialCalendar = (extra: readonly YearSchedule[] = []): WorkingDayCalendar => {
  const years = new Map(bundledYears());
  const uploaded = new Map<number, number>();
  extra.forEach((raw, i) => {
    const s = parseYearSchedule(raw, `schedules[${i}]`);
    const earlier = uploaded.get(s.year);
    if (earlier !== undefined) {
      throw new ValidationFailedError([
        {
          ruleId: WORKING_DAYS_RULE,
          path: `schedules[${i}].year`,
          message: `two schedules for ${s.year} (schedules[${earlier}] and schedules[${i}]): keep one`,
          messageZh: `${s.year}年有两份放假安排，请只保留一份`,
        },
      ]);
    }
    uploaded.set(s.year, i);
    years.set(s.year, indexed(s));
  });
  const covered = [...years.keys()].sort((a, b) => a - b);

  const isWorkingDay = (d: IsoDate, path = ''): boolean => {
    const year = yearOf(d);
    const days = years.get(year);
    if (!days) throw new CalendarYearMissingError(year, path);
    if (days.workdays.has(d)) return true;
    return !days.holidays.has(d) && !isWeekend(d);
  };

  const addWorkingDays = (d: IsoDate, n: number, path = ''): IsoDate => {
    requireCount(n, 'Working-day count');
    const step = n < 0 ? -1 : 1;
    let day = addDays(d, 0); // validates d
    for (let left = Math.abs(n); left > 0; ) {
      day = addDays(day, step);
      if (isWorkingDay(day, path)) left -= 1;
    }
    return day;
  };

  const countAfter = (a: IsoDate, b: IsoDate, path: string): number => {
    let count = 0;
    for (let day = addDays(a, 1); compareDates(day, b) <= 0; day = addDays(day, 1)) {
      if (isWorkingDay(day, path)) count += 1;
    }
    return count;
  };

  return {
    isWorkingDay,
    addWorkingDays,
    workingDaysBetween: (a, b, path = '') =>
      compareDates(a, b) <= 0 ? countAfter(a, b, path) : 0 - countAfter(b, a, path),
    firstWorkingDayOnOrAfter: (d, path = '') => (isWorkingDay(d, path) ? d : addWorkingDays(d, 1, path)),
    coveredYears: () => covered,
    schedule: (year) => years.get(year)?.schedule,
  };
};

/** A publicity period (公示期): its first and last day, both working days. */
export interface PublicityPeriod {
  readonly startsOn: IsoDate;
  readonly endsOn: IsoDate;
}

/**
 * The publicity period of `workingDays` working days (公示N个工作日, GD-APPLY-FLOW, X-PUBLICITY) published
 * on `publishedOn`: the first day is `publishedOn` when it is a working day, else the next working day
 * (a list posted on a Saturday or a holiday starts counting on the next working day); `endsOn` is its
 * `workingDays`-th working day, so objections are accepted through `endsOn` inclusive.
 * `workingDays` is an integer ≥ 1 (RangeError otherwise).
 */
export const publicityPeriod = (
  calendar: WorkingDayCalendar,
  publishedOn: IsoDate,
  workingDays: number,
  path = '',
): PublicityPeriod => {
  requireCount(workingDays, 'Publicity length in working days');
  if (workingDays < 1)
    throw new RangeError(`Publicity length must be at least 1 working day: ${workingDays}`);
  const startsOn = calendar.firstWorkingDayOnOrAfter(publishedOn, path);
  return { startsOn, endsOn: calendar.addWorkingDays(startsOn, workingDays - 1, path) };
};
