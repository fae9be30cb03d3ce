import {
  ConflictError,
  DomainError,
  ForbiddenError,
  ValidationFailedError,
  type Violation,
} from '@talent/kernel';

const DUPLICATE: Record<string, [string, string]> = {
  person: ['This person already has an active nomination in this cycle', 'nominee.residentId'],
  team: ["This unit's team of this name already has an active nomination in this cycle", 'team.name'],
  institution: [
    'This unit already has an active application for this major in this cycle',
    'attributes.major',
  ],
};

/**
 * One active nomination per person (team, application) per cycle: a conditional write on its
 * uniqueness item.
 */
export class DuplicateNominationError extends ConflictError {
  constructor(kind = 'person') {
    const [detail, field] = DUPLICATE[kind] ?? (DUPLICATE.person as [string, string]);
    super('P-ONE-NOMINATION-PER-CYCLE', detail, field);
  }
}

/** Only drafts (and returned nominations) change; the others are read-only here. */
export class NominationNotDraftError extends ConflictError {
  constructor(status: string) {
    super(
      'P-NOMINATION-STATUS',
      `The nomination is ${status}; only a draft or a returned nomination can be changed or submitted`,
      'status',
    );
  }
}

/** A step of the status machine from a status it does not start from. */
export class NominationStatusError extends ConflictError {
  constructor(status: string, from: readonly string[], step: string) {
    super(
      'P-NOMINATION-STATUS',
      `The nomination is ${status}; it can be ${step} only when ${from.join(' or ')}`,
      'status',
    );
  }
}

export class NominationAlreadyWithdrawnError extends ConflictError {
  constructor() {
    super('P-NOMINATION-STATUS', 'The nomination is already withdrawn', 'status');
  }
}

/** Nominations open and submissions go in only while the cycle is open. */
export class CycleClosedError extends ConflictError {
  constructor(cycleId: string) {
    super(
      'P-CYCLE-OPEN',
      `Cycle ${cycleId} no longer takes nominations (its nomination stage has closed)`,
      'cycleId',
    );
  }
}

/** A reviewer never reviews a nominee from their own unit (X-RECUSAL). */
export class OwnUnitReviewError extends ForbiddenError {
  constructor() {
    super('A reviewer may not review a nomination from their own unit', 'X-RECUSAL');
  }
}

/** An override names a relaxable breach the nomination has (the engine lists them as `pending`). */
export class NothingToOverrideError extends ValidationFailedError {
  constructor(ruleId: string, pending: readonly { ruleId: string; clause?: string }[]) {
    super([
      {
        ruleId: 'P-OVERRIDE',
        path: 'body.ruleId',
        message:
          pending.length > 0
            ? `${ruleId} is not a pending relaxable breach of this nomination; pending: ${pending.map((p) => (p.clause ? `${p.ruleId} (${p.clause})` : p.ruleId)).join(', ')}`
            : `${ruleId} is not a pending relaxable breach of this nomination; it has none`,
        messageZh: '该推荐不存在可放宽的待特批规则',
      },
    ]);
  }
}

/**
 * 503: the cycle is recorded but its state machine did not start (Step Functions unavailable or
 * throttled). Nothing the client sent caused it; `POST /cycles/{id}/start` (or the schedule's
 * retry) starts it. The cause goes to the log, not to the caller.
 */
export class WorkflowStartError extends DomainError {
  constructor(cycleId: string, cause: unknown) {
    super(
      503,
      'workflow-unavailable',
      'Workflow not started',
      `Cycle ${cycleId} is recorded but its workflow did not start; POST /cycles/${cycleId}/start to start it`,
      { ruleId: 'P-CYCLE-WORKFLOW', headers: { 'retry-after': '30' } },
    );
    this.cause = cause;
  }
}

// ——— selection ———

/** Reviews and decisions are taken only while a review stage is open. */
export class ReviewStageClosedError extends ConflictError {
  constructor(cycleId: string) {
    super('P-REVIEW-STAGE', `No review stage of cycle ${cycleId} is open`, 'cycleId');
  }
}

/** Only a reviewer assigned to the nomination reviews it (or returns it). */
export class NotAssignedError extends ForbiddenError {
  constructor() {
    super('Only a reviewer assigned to this nomination may do this', 'P-REVIEWER-ASSIGNMENT');
  }
}

/** One review per reviewer per nomination (and round): a conditional put. */
export class DuplicateReviewError extends ConflictError {
  constructor() {
    super(
      'P-ONE-REVIEW',
      'This reviewer has already reviewed this nomination; reviews do not change',
      'reviewerId',
    );
  }
}

export class ReviewsRequiredError extends ConflictError {
  constructor(required: number, have: number) {
    super(
      'P-REVIEWS-REQUIRED',
      `A decision needs ${required} independent review${required === 1 ? '' : 's'} of this round; it has ${have}`,
      'reviews',
    );
  }
}

/** `recommend` needs an eligible nomination: relaxable breaches are overridden first. */
export class OverridePendingError extends ValidationFailedError {
  constructor(pending: readonly { ruleId: string; clause?: string; path: string }[]) {
    const violations: Violation[] = pending.map((p) => ({
      ruleId: 'P-OVERRIDE-PENDING',
      path: `eligibility.pending.${p.ruleId}`,
      message: `${p.ruleId}${p.clause ? ` (${p.clause})` : ''} awaits a reviewer's override (${p.path}); override it before recommending`,
      messageZh: `${p.ruleId}尚待评审专家特批，不能推荐`,
    }));
    super(
      violations,
      `Recommending needs an eligible nomination; pending overrides: ${pending.map((p) => p.ruleId).join(', ')}`,
    );
  }
}

/** The end of the review (and the draw) waits for every nomination in review to have a decision. */
/** A stage whose work in a later service is not done (a unit's grades, a school's pairing list …). */
export class StageBlockedError extends ConflictError {
  constructor(stageId: string, blockers: readonly { ruleId: string; message: string }[]) {
    const shown = blockers.slice(0, 5).map((b) => `${b.message} (${b.ruleId})`);
    super(
      blockers[0]?.ruleId ?? 'P-CYCLE-STAGE',
      `stage ${stageId} cannot close yet: ${shown.join('; ')}${blockers.length > 5 ? `; and ${blockers.length - 5} more` : ''}`,
      'stageId',
    );
  }
}

export class ReviewsPendingError extends ConflictError {
  constructor(count: number, what: string) {
    super(
      'P-REVIEW-PENDING',
      `${count} nomination${count === 1 ? '' : 's'} of the cycle ${count === 1 ? 'is' : 'are'} submitted or returned without a decision; ${what}`,
      'cycleId',
    );
  }
}

/** Filing and amendments need the official list frozen (its stage opened). */
export class OfficialListNotFrozenError extends ConflictError {
  constructor(cycleId: string) {
    super(
      'P-OFFICIAL-LIST',
      `The official list of cycle ${cycleId} is not frozen yet (its official-list stage has not opened)`,
      'cycleId',
    );
  }
}

/** A change the selection counter refuses: the category is full (JS-CATEGORIES …). */
export class QuotaFullError extends ConflictError {
  constructor(ruleId: string, category: string, quota: number, scope: 'cycle' | 'year' = 'cycle') {
    super(
      ruleId,
      scope === 'year'
        ? `Category ${category} already has its ${quota} selections for this programme year (all its cycles together)`
        : `Category ${category} already has its ${quota} selections for this cycle`,
      'category',
    );
  }
}

/** A write lost a race with another change of the same nominations: retrying meets the new state. */
export class SelectionChangedError extends ConflictError {
  constructor() {
    super('P-VERSION-MATCH', 'Nominations changed while this request ran; send it again', 'nominationId');
  }
}

export class ObjectionResolvedError extends ConflictError {
  constructor(status: string) {
    super('P-OBJECTION-STATUS', `The objection is already ${status}`, 'status');
  }
}
