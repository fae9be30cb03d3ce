import type { AgencyId } from '@talent/data';
import { isAgencyId } from '@talent/data';
import { ForbiddenError, UnauthorizedError } from '@talent/kernel';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { CLAIM_AGENCY, CLAIM_ROLES, CLAIM_SUBJECT, CLAIM_UNIT, parseListClaim } from './claims';
import { ROLES, type Role, type RouteContract } from './contract';

/** Who is calling, from the claims the API Gateway JWT authorizer verified. Never from input. */
export interface AuthContext {
  readonly agencyId: AgencyId;
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly unitId?: string;
}

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
/** Same shape as a unit id in a request body (`code()` in fields.ts), so claim and body can match. */
const UNIT = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export const authContextFrom = (event: APIGatewayProxyEventV2WithJWTAuthorizer): AuthContext => {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims) throw new UnauthorizedError();
  const agency = claims[CLAIM_AGENCY];
  const subject = claims[CLAIM_SUBJECT];
  if (typeof agency !== 'string' || !isAgencyId(agency) || typeof subject !== 'string' || subject === '') {
    throw new UnauthorizedError('The token carries no valid agency or subject');
  }
  const roles = parseListClaim(claims[CLAIM_ROLES]).filter(isRole);
  const unit = claims[CLAIM_UNIT];
  if (unit !== undefined && unit !== '' && (typeof unit !== 'string' || !UNIT.test(unit))) {
    throw new UnauthorizedError('The token carries an invalid unit');
  }
  return {
    agencyId: agency,
    userId: subject,
    roles,
    ...(typeof unit === 'string' && unit !== '' ? { unitId: unit } : {}),
  };
};

/** The route's role check: at least one of the caller's roles must be allowed. */
export const authorize = (contract: RouteContract, auth: AuthContext): void => {
  if (contract.roles === 'public') return;
  const allowed = contract.roles;
  if (!auth.roles.some((r) => allowed.includes(r))) {
    throw new ForbiddenError(`This action needs one of the roles: ${allowed.join(', ')}`);
  }
};
