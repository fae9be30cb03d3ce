/**
 * Request-level helpers the services share: the audit facts of a change by the caller, the
 * optional If-Match check, and unit scope (P-UNIT-SCOPE: a `unit` caller acts for and reads only
 * its own `unitId`; admin, reviewer and auditor read every unit).
 */
import type { Change } from '@talent/data';
import { ForbiddenError, nowIso, PreconditionFailedError } from '@talent/kernel';
import type { AuthContext } from './auth';

/** The If-Match a request carried (parsed by the api wrapper). */
export type IfMatch = readonly number[] | 'any' | undefined;

/** The change the caller makes now (or at `at`), for its audit record. */
export const changeBy = (
  auth: Pick<AuthContext, 'userId' | 'roles'>,
  action: string,
  requestId?: string,
  reason?: string,
  at: string = nowIso(),
): Change => ({
  actor: { userId: auth.userId, roles: auth.roles },
  action,
  at,
  ...(requestId ? { requestId } : {}),
  ...(reason ? { reason } : {}),
});

/** Optional If-Match: when it names versions, one must be the version read (412 otherwise). */
export const assertIfMatch = (ifMatch: IfMatch, version: number): void => {
  if (ifMatch === undefined || ifMatch === 'any') return;
  if (!ifMatch.includes(version)) throw new PreconditionFailedError();
};

const READ_EVERY_UNIT = ['admin', 'reviewer', 'auditor'];

/**
 * The unit a caller is held to, or undefined when it may act for every unit (writes: admin;
 * reads: admin, reviewer, auditor and `alsoUnrestricted`); null when held but the token names none.
 */
export const heldToUnit = (
  auth: AuthContext,
  access: 'read' | 'write',
  alsoUnrestricted: readonly string[] = [],
): string | null | undefined => {
  const free = access === 'write' ? ['admin'] : [...READ_EVERY_UNIT, ...alsoUnrestricted];
  if (auth.roles.some((r) => free.includes(r))) return undefined;
  return auth.unitId ?? null;
};

/** Refuses (403, P-UNIT-SCOPE) a caller held to another unit than `unitId` (see heldToUnit). */
export const assertUnitScope = (
  auth: AuthContext,
  access: 'read' | 'write',
  unitId: string,
  message: string,
  alsoUnrestricted: readonly string[] = [],
): void => {
  const unit = heldToUnit(auth, access, alsoUnrestricted);
  if (unit !== undefined && unit !== unitId) throw new ForbiddenError(message, 'P-UNIT-SCOPE');
};

/**
 * Stricter write scope: only admin, or a caller with the `unit` role whose own unit is `unitId`,
 * acts (403, P-UNIT-SCOPE otherwise: other roles never act for a unit).
 */
export const assertUnitActs = (auth: AuthContext, unitId: string, message: string): void => {
  if (auth.roles.includes('admin')) return;
  if (auth.roles.includes('unit') && auth.unitId === unitId) return;
  throw new ForbiddenError(message, 'P-UNIT-SCOPE');
};

/** The ETag of a versioned entity: `"<version>"`, what the If-Match parser reads back. */
export const versionEtag = (x: { readonly version: number }): string => `"${x.version}"`;

/** The `etag` response header of a versioned entity. */
export const etagHeader = (x: { readonly version: number }): { etag: string } => ({ etag: versionEtag(x) });

/**
 * Recusal (X-RECUSAL): a caller other than admin whose token names `unitId` (its own unit) is
 * refused (403); admin is never recused.
 */
export const assertNotOwnUnit = (auth: AuthContext, unitId: string, message: string): void => {
  if (!auth.roles.includes('admin') && auth.unitId !== undefined && auth.unitId === unitId) {
    throw new ForbiddenError(message, 'X-RECUSAL');
  }
};
