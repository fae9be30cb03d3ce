/**
 * Statutory retirement age (法定退休年龄) under the national gradual-raise decision
 * (全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》, in force 2025-01-01) — rule X-RETIREMENT-AGE.
 *
 * | base (original age)                          | first delayed birth month | step                  | cap       |
 * |----------------------------------------------|---------------------------|-----------------------|-----------|
 * | 60, men (男职工)                              | 1965-01                   | +1 month / 4 months   | 36 → 63   |
 * | 55, women in cadre posts (女干部, 管理技术岗位)  | 1970-01                   | +1 month / 4 months   | 36 → 58   |
 * | 50, women in worker posts (女工人)             | 1975-01                   | +1 month / 2 months   | 60 → 55   |
 *
 * People born before the first delayed birth month keep the original age. The delay depends only on the
 * birth month; the day of birth only moves the retirement date within the retirement month.
 */
import { addMonths, addYears, compareDates, type IsoDate, isIsoDate, monthOf, yearOf } from './dates';

export type RetirementBase = 60 | 55 | 50;

export interface RetirementInput {
  /** 'YYYY-MM-DD' */
  readonly birthDate: IsoDate;
  readonly gender: 'male' | 'female';
  /**
   * Original retirement age of a woman: 55 for cadre / managerial-technical posts (女干部), 50 for worker
   * posts (女工人). Required for women (no silent default); ignored for men.
   */
  readonly femaleBase?: 50 | 55;
}

export interface StatutoryRetirement {
  base: RetirementBase;
  /** Months added to the base by the gradual raise (0 for people born before the first delayed month). */
  delayMonths: number;
  age: { years: number; months: number };
  /** the month the person reaches the statutory age, 'YYYY-MM' */
  month: string;
  /** the date the person reaches it: birth date + age (day clamped to month end), 'YYYY-MM-DD' */
  date: string;
}

interface RaiseSchedule {
  /** First birth month (year, month 1–12) whose retirement age is raised. */
  readonly fromYear: number;
  readonly fromMonth: number;
  /** Birth months per one-month step of delay. */
  readonly birthMonthsPerStep: number;
  readonly capMonths: number;
}

/** X-RETIREMENT-AGE: the schedules of the decision's annex (附件 对照表), one per original age. */
export const RETIREMENT_SCHEDULES: Readonly<Record<RetirementBase, RaiseSchedule>> = {
  60: { fromYear: 1965, fromMonth: 1, birthMonthsPerStep: 4, capMonths: 36 },
  55: { fromYear: 1970, fromMonth: 1, birthMonthsPerStep: 4, capMonths: 36 },
  50: { fromYear: 1975, fromMonth: 1, birthMonthsPerStep: 2, capMonths: 60 },
};

/**
 * Thrown when a woman's original retirement age (50 for 女工人 or 55 for 女干部) is not given: it cannot be
 * guessed. A RangeError so plain callers can catch it as bad input; the rule engine reads `ruleId` and
 * `field` to turn it into a violation asking for the field.
 */
export class RetirementBaseRequiredError extends RangeError {
  readonly ruleId = 'X-RETIREMENT-AGE';
  readonly field = 'femaleBase';

  constructor(received: unknown) {
    super(
      `X-RETIREMENT-AGE: a woman's original retirement age (femaleBase: 50 for worker posts, 55 for cadre posts) is required; got ${String(received)}`,
    );
    this.name = 'RetirementBaseRequiredError';
  }
}

const baseOf = (input: RetirementInput): RetirementBase => {
  if (input.gender === 'male') return 60;
  if (input.gender === 'female') {
    if (input.femaleBase === 50 || input.femaleBase === 55) return input.femaleBase;
    throw new RetirementBaseRequiredError(input.femaleBase);
  }
  throw new RangeError(`X-RETIREMENT-AGE: gender must be 'male' or 'female'; got ${String(input.gender)}`);
};

/** Months of delay for someone born in `year`-`month` (1–12) whose original age is `base`. */
export const retirementDelayMonths = (base: RetirementBase, year: number, month: number): number => {
  if (!Number.isSafeInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid birth year/month: ${year}-${month}`);
  }
  const schedule = RETIREMENT_SCHEDULES[base];
  const sinceStart = (year - schedule.fromYear) * 12 + (month - schedule.fromMonth);
  if (sinceStart < 0) return 0;
  return Math.min(schedule.capMonths, Math.floor(sinceStart / schedule.birthMonthsPerStep) + 1);
};

/**
 * X-RETIREMENT-AGE: the statutory retirement age, month and date of a person.
 *
 * The date is birth date + age in one month-addition (`addMonths(birthDate, 12 × years + months)`), the day
 * clamped to the end of the month: a man born 1965-01-31 (60y1m) reaches it on 2025-02-28. For someone born
 * on 29 February this is 28 February in a non-leap year, one day before `ageOn` says the birthday falls.
 *
 * Throws RangeError for an invalid birth date or gender, and RetirementBaseRequiredError (a RangeError) for
 * a woman without `femaleBase`.
 */
export function statutoryRetirement(input: RetirementInput): StatutoryRetirement {
  if (!isIsoDate(input.birthDate)) {
    throw new RangeError(`X-RETIREMENT-AGE: birthDate is not a calendar date: ${String(input.birthDate)}`);
  }
  const base = baseOf(input);
  const delayMonths = retirementDelayMonths(base, yearOf(input.birthDate), monthOf(input.birthDate));
  const totalMonths = base * 12 + delayMonths;
  const date = addMonths(input.birthDate, totalMonths);
  return {
    base,
    delayMonths,
    age: { years: Math.floor(totalMonths / 12), months: totalMonths % 12 },
    month: date.slice(0, 7),
    date,
  };
}

/**
 * True when, on `onDate`, the statutory retirement date is at least `years` years away:
 * `addYears(onDate, years) <= statutoryRetirement(input).date` (以上 includes the boundary).
 *
 * JS-AGE (年龄距法定退休年龄5年以上，计算时间截至培育计划实施年度1月1日): call with
 * `onDate = '<programme year>-01-01'` and `years = 5`.
 */
export function atLeastYearsBeforeRetirement(
  input: RetirementInput,
  onDate: IsoDate,
  years: number,
): boolean {
  if (!Number.isSafeInteger(years) || years < 0) {
    throw new RangeError(`Year count must be a non-negative integer: ${years}`);
  }
  if (!isIsoDate(onDate)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${String(onDate)}`);
  return compareDates(addYears(onDate, years), statutoryRetirement(input).date) <= 0;
}
