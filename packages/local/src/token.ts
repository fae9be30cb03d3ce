import { errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { CLAIM_AGENCY, CLAIM_ROLES, CLAIM_UNIT, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../http/src/claims';
import { loadOrCreateLocalSecret } from './secrets';

/**
 * Local dev tokens: HS256 JWTs signed with a local secret, carrying the claims a Cognito ID
 * token carries on AWS (`sub`, `custom:agency`, `cognito:groups`, `custom:unit`).
 */

export const SIGNING_KEY_FILE = 'dev-jwt-secret';
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
const ALG = 'HS256';

/**
 * The signing key: `LOCAL_JWT_SECRET` (its UTF-8 bytes) if set, else 32 random bytes kept in
 * `<dir>/dev-jwt-secret` (mode 0600) and reused across restarts.
 */
export const loadOrCreateSigningKey = (dir: string): Uint8Array => {
  const override = process.env.LOCAL_JWT_SECRET;
  if (override) return new TextEncoder().encode(override);
  return loadOrCreateLocalSecret(dir, SIGNING_KEY_FILE);
};

export interface DevTokenOptions {
  readonly agency: string;
  readonly roles: readonly string[];
  /** `sub`; default `dev-<agency>-<first role>`. */
  readonly user?: string;
  readonly unit?: string;
  /** Seconds, or a jose time span such as `'2h'`; default 12 hours. Negative seconds give an expired token. */
  readonly expiresIn?: number | string;
  /** Issue time override (seconds since epoch), for tests. */
  readonly issuedAt?: number;
}

export interface DevTokenClaims extends JWTPayload {
  readonly sub: string;
  readonly [CLAIM_AGENCY]: string;
  readonly [CLAIM_ROLES]: string[];
  readonly [CLAIM_UNIT]?: string;
}

export const defaultSubject = (agency: string, roles: readonly string[]): string =>
  roles[0] ? `dev-${agency}-${roles[0]}` : `dev-${agency}`;

export const issueDevToken = async (options: DevTokenOptions, key: Uint8Array): Promise<string> => {
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const payload: Record<string, unknown> = {
    [CLAIM_AGENCY]: options.agency,
    [CLAIM_ROLES]: [...options.roles],
  };
  if (options.unit !== undefined) payload[CLAIM_UNIT] = options.unit;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(options.user ?? defaultSubject(options.agency, options.roles))
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(typeof expiresIn === 'number' ? iat + expiresIn : expiresIn)
    .sign(key);
};

/**
 * The token's claims if it is a valid dev token (HS256, signed with `key`, local issuer and
 * audience, not expired); otherwise null. Never throws for a bad token.
 */
export const verifyDevToken = async (token: string, key: Uint8Array): Promise<DevTokenClaims | null> => {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ALG],
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      requiredClaims: ['exp', 'sub'],
    });
    return payload as DevTokenClaims;
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) return null;
    throw err;
  }
};
