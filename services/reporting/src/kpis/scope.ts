/**
 * P-UNIT-SCOPE for the KPI reports: a caller holding `unit` without `admin` is held to its token's
 * unit whatever other role it holds (as in the cohorts service); admin, reviewer, auditor and
 * finance read every unit. A unit token without a unit claim reads nothing (403).
 */
import type { AuthContext } from '@talent/http';
import { ForbiddenError } from '@talent/kernel';

/** The unit the caller is held to, or undefined when it reads every unit. */
export const unitScope = (auth: AuthContext): string | undefined => {
  if (!auth.roles.includes('unit') || auth.roles.includes('admin')) return undefined;
  if (!auth.unitId) throw new ForbiddenError('This unit token names no unit', 'P-UNIT-SCOPE');
  return auth.unitId;
};
