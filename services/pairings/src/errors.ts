import { ConflictError } from '@talent/kernel';

/** A step of the pairing status machine from a status it does not start from. */
export class PairingStatusError extends ConflictError {
  constructor(status: string, step: string) {
    super('P-PAIRING-STATUS', `The pairing is ${status}; it cannot be ${step}`, 'status');
  }
}

/** One registration per person per cycle (master or apprentice): a conditional put on the person claim. */
export class DuplicateRegistrationError extends ConflictError {
  constructor(what: 'master' | 'apprentice') {
    super(
      'P-ONE-REGISTRATION-PER-CYCLE',
      what === 'master'
        ? 'This master (nomination or person) is already registered in this cycle'
        : 'This person is already registered in this cycle',
      what === 'master' ? 'nominationId' : 'residentId',
    );
  }
}

/** An apprentice is in at most one open (proposed, accepted or active) pairing at a time. */
export class ApprenticeAlreadyPairedError extends ConflictError {
  constructor() {
    super(
      'P-ONE-OPEN-PAIRING',
      'The apprentice already has an open pairing; end it first (replacement keeps its history)',
      'apprenticeId',
    );
  }
}

/** The city made the lists (or the top selection) final when its stage closed. */
export class FinalError extends ConflictError {
  constructor(ruleId: string, what: string) {
    super(ruleId, `${what} are final (the stage has closed)`, 'cycleId');
  }
}

/** A write lost a race too often with other changes of the same counters: sending it again meets the new state. */
export class ContendedError extends ConflictError {
  constructor() {
    super(
      'P-VERSION-MATCH',
      'Concurrent changes kept this request from completing; send it again',
      'pairingId',
    );
  }
}
