/**
 * The selection rules that need no storage (pure): which statuses a step starts from, how the
 * provisional list ranks, who disagreed, what the publicity period is, and how an objector's
 * personal data is masked.
 */
import { compareDates, type IsoDate, maskPhone, shanghaiDate } from '@talent/kernel';
import { NominationStatusError } from './errors';
import type { StageState } from './lifecycle/stages';
import type { Nomination } from './nomination';
import type { NominationStatus } from './schemas/nomination';

/** Statuses in which a nomination holds its person's place in the cycle: all but `withdrawn`. */
export const holdsClaim = (status: NominationStatus): boolean => status !== 'withdrawn';

/** Statuses a unit may still change (PATCH) and submit. */
export const EDITABLE: readonly NominationStatus[] = ['draft', 'returned'];
/** Statuses a nomination may be withdrawn from (before a decision). */
export const WITHDRAWABLE: readonly NominationStatus[] = ['draft', 'submitted', 'returned'];
/** Statuses counted against a category's quota (the selection counter). */
export const SELECTED: readonly NominationStatus[] = ['listed', 'official'];
/** What the provisional-list draw ranks: the recommended, and what an earlier draw of the stage placed. */
export const DRAWN: readonly NominationStatus[] = ['recommended', 'listed', 'not-listed'];
/** Nominations in review: without a decision, they hold the end of the review. */
export const IN_REVIEW: readonly NominationStatus[] = ['submitted', 'returned'];

/** Refuses the step unless the nomination is in one of `from` (409 P-NOMINATION-STATUS). */
export const requireStatus = (
  n: Pick<Nomination, 'status'>,
  from: readonly NominationStatus[],
  step: string,
) => {
  if (!from.includes(n.status)) throw new NominationStatusError(n.status, from, step);
};

/** Mean of the scores to two decimals (scores have at most one). */
export const meanScore = (scores: readonly number[]): number =>
  scores.length === 0 ? 0 : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100;

/** Exact comparison of two means (scores in tenths, cross-multiplied: no rounding decides a rank). */
const compareMeans = (a: readonly number[], b: readonly number[]): number => {
  const tenths = (s: readonly number[]) => s.reduce((acc, x) => acc + Math.round(x * 10), 0);
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  return tenths(b) * a.length - tenths(a) * b.length;
};

/**
 * The ranking of a category's candidates: mean review score, highest first; ties by submission time,
 * earliest first; then by id, so that the same candidates always rank the same.
 */
export const rank = <N extends Pick<Nomination, 'nominationId' | 'submittedAt' | 'decision'>>(
  candidates: readonly N[],
): N[] =>
  [...candidates].sort(
    (a, b) =>
      compareMeans(a.decision?.scores ?? [], b.decision?.scores ?? []) ||
      (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '') ||
      a.nominationId.localeCompare(b.nominationId),
  );

/** Whether the reviews of a round disagree (on the recommendation or on the qualification). */
export const reviewersDisagree = (
  reviews: readonly { recommendation: string; qualificationPassed: boolean }[],
): boolean =>
  new Set(reviews.map((r) => r.recommendation)).size > 1 ||
  new Set(reviews.map((r) => r.qualificationPassed)).size > 1;

/**
 * The publicity period of an open publicity stage (X-PUBLICITY): from the day it opened to its last
 * day, both in Asia/Shanghai. A stage closed by decision (or whose last day waits for a calendar
 * upload) runs until it closes: `endsOn` is null.
 */
export const publicityPeriod = (
  stage: StageState,
): { startsOn: IsoDate; endsOn: IsoDate | null } | undefined =>
  stage.status === 'open' && stage.openedAt
    ? { startsOn: shanghaiDate(stage.openedAt), endsOn: stage.endsOn ?? null }
    : undefined;

export const withinPeriod = (
  period: { startsOn: IsoDate; endsOn: IsoDate | null },
  today: IsoDate,
): boolean =>
  compareDates(today, period.startsOn) >= 0 &&
  (period.endsOn === null || compareDates(today, period.endsOn) <= 0);

/** What a publicity stage publishes: the provisional list; a school's publicity, its recommendations. */
export const publishedStatus = (stage: Pick<StageState, 'kind'>): NominationStatus =>
  stage.kind === 'school-publicity' ? 'submitted' : 'listed';

/** '王小明' → '王**'; 'Li Lei' → 'L*****'. */
export const maskName = (name: string): string => {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
};

/** 'wang.xm@example.com' → 'w*****@example.com'; a mobile number → '138****5678'. */
export const maskContact = (contact: string): string => {
  const at = contact.lastIndexOf('@');
  if (at < 0) return maskPhone(contact);
  return `${contact.charAt(0)}${'*'.repeat(Math.max(at - 1, 1))}${contact.slice(at)}`;
};
