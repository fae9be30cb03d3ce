import { ValidationFailedError } from '@talent/kernel';

/** The rule every refusal of this package cites (DOMAIN.md). */
export const WORKING_DAYS_RULE = 'X-WORKING-DAYS';

/**
 * 422: a working-day count needs a year whose official holiday schedule (国务院办公厅放假调休安排)
 * the platform does not hold. The agency uploads that year's schedule; nothing is guessed (X-WORKING-DAYS).
 */
export class CalendarYearMissingError extends ValidationFailedError {
  constructor(
    readonly year: number,
    path = '',
  ) {
    super([
      {
        ruleId: WORKING_DAYS_RULE,
        path,
        message: `no official holiday schedule for ${year}: upload the State Council holiday schedule of ${year} to count working days in it`,
        messageZh: `缺少${year}年国务院节假日放假调休安排，请上传该年度安排后再计算工作日`,
      },
    ]);
  }
}
