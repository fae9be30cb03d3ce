/** Who reads and writes which forms (P-UNIT-SCOPE, X-TENANT). */
import type { AgencyId } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { ConflictError, NotFoundError, ValidationFailedError } from '@talent/kernel';
import { type Cycle, readCycle, stageStatus } from '@talent/svc-nominations/roster';

/** The cycle when it is this agency's and of one of the programmes, else 404 (X-TENANT). */
export const cycleOf = async (ag: AgencyId, cycleId: string, programmeId: string): Promise<Cycle> => {
  const cycle = await readCycle(ag, cycleId);
  if (!cycle || cycle.programmeId !== programmeId) throw new NotFoundError('Cycle', cycleId);
  return cycle;
};

/**
 * A stored form is corrected only until the cycle's acceptance stage closes: the acceptance is
 * made on the forms as they then are (409 JS-FORMS after).
 */
export const assertCorrectable = (cycle: Cycle): void => {
  if (stageStatus(cycle, 'acceptance') === 'closed') {
    throw new ConflictError(
      'JS-FORMS',
      "The cycle's acceptance stage is closed: its forms are final for the acceptance and can no longer be corrected",
    );
  }
};

/** A correction body naming another record than its path's (422 at `body.<field>`). */
export const assertSameAsPath = (field: string, inBody: string | undefined, inPath: string): void => {
  if (inBody !== undefined && inBody !== inPath) {
    throw new ValidationFailedError([
      {
        ruleId: 'JS-FORMS',
        path: `body.${field}`,
        message: `must be the path's ${field} (${inPath}) when given`,
        messageZh: '须与路径中的标识一致',
      },
    ]);
  }
};

/**
 * The unit a reader is held to: undefined for admin, reviewer and auditor (every unit); a caller
 * holding `unit` without admin is held to its token's unit (null when the token names none).
 */
export const readScope = (auth: AuthContext): string | null | undefined => {
  if (auth.roles.includes('admin')) return undefined;
  if (auth.roles.includes('unit')) return auth.unitId ?? null;
  return undefined;
};

/** A unit user reads only its own unit's forms: another unit's is not found. */
export const assertReadsUnit = (auth: AuthContext, unitId: string, what: string): void => {
  const held = readScope(auth);
  if (held !== undefined && held !== unitId) throw new NotFoundError(what, unitId);
};

/** Full personal data only for admin (X-RESIDENT-ID). */
export const seesFull = (auth: AuthContext): boolean => auth.roles.includes('admin');

/** Reviewer identities are the agency's side's (admin, reviewer, auditor); a unit sees labels. */
export const seesReviewers = (auth: AuthContext): boolean =>
  auth.roles.some((r) => r === 'admin' || r === 'reviewer' || r === 'auditor');
