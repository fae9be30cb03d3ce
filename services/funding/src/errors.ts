import { ConflictError, DomainError, ForbiddenError } from '@talent/kernel';

/** A batch step from a status it does not start from (approved batches are immutable). */
export class BatchStatusError extends ConflictError {
  constructor(status: string, step: string, from: string) {
    super(
      'P-BATCH-STATUS',
      `The batch is ${status}; it can be ${step} only when ${from} (an approved batch never changes: corrections go into a new batch)`,
      'status',
    );
  }
}

/** Reviewer and approver are two different people (P-FOUR-EYES). */
export class FourEyesError extends ConflictError {
  constructor() {
    super('P-FOUR-EYES', 'The approver must be another person than the reviewer of the batch', 'reviewedBy');
  }
}

/** Another batch of the same ledger was approved after this one was calculated. */
export class StaleBatchError extends ConflictError {
  constructor() {
    super(
      'P-BATCH-STALE',
      'Another batch of this ledger was approved after this batch was calculated; calculate a new batch (it pays only the difference)',
      'ledgerBasis',
    );
  }
}

/** An approval would exceed the programme-year budget, or no budget is set (P-BUDGET). */
export class BudgetError extends ConflictError {
  constructor(detail: string) {
    super('P-BUDGET', detail, 'budget');
  }
}

export class NothingToPayError extends ConflictError {
  constructor() {
    super(
      'P-BATCH-EMPTY',
      'Nothing to disburse: every entitlement is already paid by approved batches',
      'lines',
    );
  }
}

/** The programme pays no per-head money from facts (no funding, or school budgets). */
export class FundingBasisError extends ConflictError {
  constructor(programmeId: string, basis: string | undefined) {
    super(
      'P-FUNDING-BASIS',
      basis === 'school-budget'
        ? `${programmeId} is funded by school budgets: record them under /master-budgets`
        : `${programmeId} defines no per-head funding`,
      'cycleId',
    );
  }
}

/** GET /exports/{id} returns the file only up to 4 MiB (a Lambda response is ≤ 6 MB after base64). */
/** A unit acts for its own unit only (P-UNIT-SCOPE). */
export class UnitScopeError extends ForbiddenError {
  constructor() {
    super('A unit user acts only for its own unit', 'P-UNIT-SCOPE');
  }
}

export class ExportStoreError extends DomainError {
  constructor(cause: unknown) {
    super(503, 'export-store-unavailable', 'Export store unavailable', 'The export could not be stored', {
      ruleId: 'P-EXPORT-STORE',
      headers: { 'retry-after': '30' },
    });
    this.cause = cause;
  }
}
