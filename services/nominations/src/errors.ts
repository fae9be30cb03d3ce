import { ConflictError } from '@talent/kernel';

/** One active nomination per person per cycle (conditional write on the person's uniqueness item). */
export class DuplicateNominationError extends ConflictError {
  constructor() {
    super(
      'P-ONE-NOMINATION-PER-CYCLE',
      'This person already has an active nomination in this cycle',
      'nominee.residentId',
    );
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
