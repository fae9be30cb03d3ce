import type { Programme } from '@talent/catalogue';
import { isKeySegment } from '@talent/data';
import {
  type AuthContext,
  assertIfMatch,
  assertUnitActs,
  type IfMatch,
  changeBy as userChange,
} from '@talent/http';
import { ForbiddenError, NotFoundError } from '@talent/kernel';
import { type Cycle, programmeOfCycle, readCycle } from '@talent/svc-nominations/roster';
import type { Change } from '../repositories/pairing-store';

export const PROGRAMME_ID = 'lishui-masters';

/** The Lishui cycle; unknown, another agency's or another programme's is not found (X-TENANT). */
export const cycleOf = async (
  auth: Pick<AuthContext, 'agencyId'>,
  cycleId: string,
): Promise<{ cycle: Cycle; programme: Programme }> => {
  const cycle = await readCycle(auth.agencyId, cycleId);
  if (!cycle || cycle.programmeId !== PROGRAMME_ID) throw new NotFoundError('Cycle', cycleId);
  return { cycle, programme: await programmeOfCycle(cycle) };
};

const READ_ALL = ['admin', 'reviewer', 'auditor'];

/**
 * The school a caller reads (P-UNIT-SCOPE): undefined for admin, reviewer and auditor (every
 * school); a unit user's own unitId otherwise.
 */
export const readScope = (auth: AuthContext): string | undefined => {
  if (auth.roles.some((r) => READ_ALL.includes(r))) return undefined;
  if (!auth.unitId || !isKeySegment(auth.unitId))
    throw new ForbiddenError('This unit token names no (valid) unit', 'P-UNIT-SCOPE');
  return auth.unitId;
};

/** Whether the caller may see things of this school; out of scope is "not found". */
export const visible = (auth: AuthContext, schoolId: string): boolean => {
  const scope = readScope(auth);
  return scope === undefined || scope === schoolId;
};

/** Admin acts for every school; a unit user (the school) only for its own. */
export const assertMayWrite = (auth: AuthContext, schoolId: string): void =>
  assertUnitActs(auth, schoolId, 'A school acts only for its own masters and apprentices');

/** The school a unit user lists: its own (a query for another school is refused). */
export const listScope = (auth: AuthContext, schoolId: string | undefined): string | undefined => {
  const scope = readScope(auth);
  if (scope !== undefined && schoolId !== undefined && schoolId !== scope)
    throw new ForbiddenError('A school lists only its own', 'P-UNIT-SCOPE');
  return scope ?? schoolId;
};

export const changeBy = (
  auth: AuthContext,
  action: string,
  at: string,
  requestId: string,
  reason?: string,
): Change => userChange(auth, action, requestId, reason, at);

/** Optional If-Match: when sent, it names the version read (412 otherwise). */
export const checkIfMatch = (ifMatch: IfMatch, version: number): void => assertIfMatch(ifMatch, version);

export const stamp = (userId: string, at: string) => ({
  version: 1,
  createdAt: at,
  createdBy: userId,
  updatedAt: at,
  updatedBy: userId,
});

export const next = <T extends { version: number }>(
  before: T,
  changes: Partial<T>,
  userId: string,
  at: string,
): T => ({
  ...before,
  ...changes,
  version: before.version + 1,
  updatedAt: at,
  updatedBy: userId,
});

export const pause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * 2 ** Math.min(attempt, 5))));
