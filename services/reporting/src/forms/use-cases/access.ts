/** Who reads and writes which forms (P-UNIT-SCOPE, X-TENANT). */
import type { AgencyId } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { NotFoundError } from '@talent/kernel';
import { type Cycle, readCycle } from '@talent/svc-nominations/roster';

/** The cycle when it is this agency's and of one of the programmes, else 404 (X-TENANT). */
export const cycleOf = async (ag: AgencyId, cycleId: string, programmeId: string): Promise<Cycle> => {
  const cycle = await readCycle(ag, cycleId);
  if (!cycle || cycle.programmeId !== programmeId) throw new NotFoundError('Cycle', cycleId);
  return cycle;
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
