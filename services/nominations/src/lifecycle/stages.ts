/**
 * A cycle's stages: the programme calendar's stage list made concrete for one cycle (pure).
 *
 * Each stage closes in one of three ways, by its kind and what the cycle was opened with:
 * - **auto**: it closes as soon as it opens (`notice` publishes the call; `official-list` freezes
 *   the list);
 * - **deadline**: it closes at the end of its `endsOn` day in Asia/Shanghai (a calendar deadline
 *   'MM-DD' in the cycle year, or a date the admin gave when opening the cycle); a `publicity`
 *   stage's deadline is N working days from the day it opens (X-WORKING-DAYS);
 * - **decision**: it closes when an admin closes it through the API (review, filing …).
 *
 * The state machine does the same four steps for every stage — open, wait until `checkAt`, close,
 * route — so the transitions of a cycle depend on its stages, never on its nominations.
 */
import type { Programme, StageDefinition } from '@talent/catalogue';
import {
  addDays,
  compareDates,
  type IsoDate,
  startOfShanghaiDay,
  ValidationFailedError,
  type Violation,
  yearOf,
} from '@talent/kernel';

export const STAGE_STATUSES = ['pending', 'open', 'closed'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];
export type ClosesBy = 'auto' | 'deadline' | 'decision';

export interface StageState {
  readonly id: string;
  readonly kind: StageDefinition['kind'];
  readonly nameZh: string;
  readonly nameEn: string;
  readonly closesBy: ClosesBy;
  readonly status: StageStatus;
  /** Last day of the stage (inclusive), Asia/Shanghai. */
  readonly endsOn?: IsoDate;
  /** Publicity length in working days (X-WORKING-DAYS). */
  readonly workingDays?: number;
  readonly ruleId?: string;
  readonly openedAt?: string;
  readonly closedAt?: string;
  /** Who closed a decision stage, and why. */
  readonly closedBy?: string;
  readonly closeReason?: string;
  /** Why the stage cannot proceed yet (e.g. a calendar year missing: X-WORKING-DAYS). */
  readonly blockedBy?: { readonly ruleId: string; readonly message: string };
}

/** What the admin may set per stage when opening a cycle. */
export interface StageInput {
  readonly endsOn?: IsoDate | undefined;
  readonly workingDays?: number | undefined;
}

const AUTO_KINDS: ReadonlySet<string> = new Set(['notice', 'official-list']);
export const PUBLICITY_KINDS: ReadonlySet<string> = new Set(['publicity', 'school-publicity']);
/** Stages in which nominations are reviewed (assignments, reviews, decisions). */
export const REVIEW_KINDS: ReadonlySet<string> = new Set(['review', 'qualification-review']);
/** Nominations are taken until a stage after the last of these opens. */
const INTAKE_KINDS: ReadonlySet<string> = new Set(['nomination', 'submission']);

const violation = (stageId: string, field: string, message: string, messageZh: string): Violation => ({
  ruleId: 'P-STAGE-DATES',
  path: `body.stages.${stageId}${field ? `.${field}` : ''}`,
  message,
  messageZh,
});

/**
 * The stages of a new cycle of `programme` in `year`. Deadlines come from the calendar ('MM-DD' in
 * the cycle year) unless the admin gives `endsOn`; a `publicity` stage needs its length in working
 * days from the calendar or the admin (never a guess). Deadlines must not go backwards.
 */
export const planStages = (
  programme: Programme,
  year: number,
  input: Readonly<Record<string, StageInput>> = {},
): StageState[] => {
  const problems: Violation[] = [];
  const known = new Set(programme.calendar.stages.map((s) => s.id));
  for (const id of Object.keys(input)) {
    if (!known.has(id)) {
      problems.push(
        violation(id, '', `no stage "${id}" in ${programme.id}; one of ${[...known].join(', ')}`, '无此阶段'),
      );
    }
  }
  const lastYear = year + programme.calendar.cycleYears - 1;
  let previousEnd: { id: string; endsOn: IsoDate } | undefined;
  const stages = programme.calendar.stages.map((s): StageState => {
    const given = input[s.id] ?? {};
    const endsOn = given.endsOn ?? (s.deadline ? `${year}-${s.deadline}` : undefined);
    const workingDays = PUBLICITY_KINDS.has(s.kind) ? (given.workingDays ?? s.workingDays) : undefined;
    if (given.workingDays !== undefined && !PUBLICITY_KINDS.has(s.kind)) {
      problems.push(violation(s.id, 'workingDays', `${s.id} is not a publicity stage`, '该阶段不是公示阶段'));
    }
    if (s.kind === 'publicity' && workingDays === undefined) {
      problems.push(
        violation(
          s.id,
          'workingDays',
          `the programme sets no length for publicity "${s.id}": give it in working days`,
          '项目未规定公示期长度，请指定公示工作日数',
        ),
      );
    }
    if (endsOn !== undefined && workingDays !== undefined) {
      problems.push(
        violation(
          s.id,
          'endsOn',
          'a publicity ends N working days after it opens, not on a date',
          '公示期按工作日计算',
        ),
      );
    }
    if (endsOn !== undefined) {
      if (yearOf(endsOn) < year || yearOf(endsOn) > lastYear) {
        problems.push(
          violation(s.id, 'endsOn', `must fall in ${year}–${lastYear}`, `须在${year}–${lastYear}年内`),
        );
      }
      if (previousEnd && compareDates(endsOn, previousEnd.endsOn) < 0) {
        problems.push(
          violation(
            s.id,
            'endsOn',
            `ends before the earlier stage "${previousEnd.id}" (${previousEnd.endsOn})`,
            '截止日期早于前一阶段',
          ),
        );
      }
      previousEnd = { id: s.id, endsOn };
    }
    const closesBy: ClosesBy =
      endsOn !== undefined || workingDays !== undefined
        ? 'deadline'
        : AUTO_KINDS.has(s.kind)
          ? 'auto'
          : 'decision';
    return {
      id: s.id,
      kind: s.kind,
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      closesBy,
      status: 'pending',
      ...(endsOn !== undefined ? { endsOn } : {}),
      ...(workingDays !== undefined ? { workingDays } : {}),
      ...(s.ruleId ? { ruleId: s.ruleId } : {}),
    };
  });
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return stages;
};

/** The instant a stage ending on `endsOn` closes: the start of the next day in Asia/Shanghai. */
export const closesAt = (endsOn: IsoDate): string => startOfShanghaiDay(addDays(endsOn, 1));

/**
 * Whether the cycle still takes nominations: until a stage after the last intake stage
 * (nomination, submission) opens; a programme without one takes them until its second stage opens.
 */
const lastIndexOf = (stages: readonly StageState[], kinds: ReadonlySet<string>): number => {
  let last = -1;
  stages.forEach((s, i) => {
    if (kinds.has(s.kind)) last = i;
  });
  return last;
};

/** The last intake stage (nomination, submission); a programme without one: its first stage. */
const lastIntakeIndex = (stages: readonly StageState[]): number =>
  Math.max(lastIndexOf(stages, INTAKE_KINDS), 0);

export const intakeOpen = (stages: readonly StageState[]): boolean => {
  const last = lastIntakeIndex(stages);
  return stages.slice(last + 1).every((s) => s.status === 'pending') && stages[last]?.status !== 'closed';
};

/** The stage currently open, if any. */
export const currentStage = (stages: readonly StageState[]): StageState | undefined =>
  stages.find((s) => s.status === 'open');

/**
 * The stages nominations are reviewed in: the review and qualification-review stages; a programme
 * whose calendar has none (Jiangsu, Lishui) reviews in its last intake stage.
 */
export const reviewStages = (stages: readonly StageState[]): StageState[] => {
  const review = stages.filter((s) => REVIEW_KINDS.has(s.kind));
  if (review.length > 0) return review;
  const intake = stages[lastIntakeIndex(stages)];
  return intake ? [intake] : [];
};

/** Whether reviews and decisions are taken now (a review stage is open). */
export const reviewOpen = (stages: readonly StageState[]): boolean =>
  reviewStages(stages).some((s) => s.status === 'open');

/**
 * Whether `stage` ends the review: the last of a run of review stages (Beijing: the expert review
 * after the qualification review). It closes only when every nomination in review has a decision.
 */
export const endsReview = (stages: readonly StageState[], stage: StageState): boolean => {
  const i = stages.findIndex((s) => s.id === stage.id);
  const next = stages[i + 1];
  return REVIEW_KINDS.has(stage.kind) && !(next && REVIEW_KINDS.has(next.kind));
};

/**
 * The stage the provisional list is drawn in: the `provisional-list` stage; a programme without one
 * draws it at the end of its review, in the last review stage (or, without any, its last intake stage).
 */
export const listStage = (stages: readonly StageState[]): StageState | undefined =>
  stages.find((s) => s.kind === 'provisional-list') ?? reviewStages(stages).at(-1);

export const isPublicity = (stage: Pick<StageState, 'kind'>): boolean => PUBLICITY_KINDS.has(stage.kind);
