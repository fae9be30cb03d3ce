import { ConflictError, DomainError, ForbiddenError, ValidationFailedError } from '@talent/kernel';

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

/** Only drafts change; submitted and withdrawn nominations are read-only here. */
export class NominationNotDraftError extends ConflictError {
  constructor(status: string) {
    super(
      'P-NOMINATION-STATUS',
      `The nomination is ${status}; only a draft can be changed or submitted`,
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
