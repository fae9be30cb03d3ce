/**
 * JWT claim names. On AWS the tokens are Cognito ID tokens: the agency is the custom
 * attribute `custom:agency`, roles are Cognito groups. Local dev tokens carry the same claims.
 */
export const CLAIM_AGENCY = 'custom:agency';
export const CLAIM_ROLES = 'cognito:groups';
export const CLAIM_UNIT = 'custom:unit';
export const CLAIM_SUBJECT = 'sub';

/** Local issuer and audience of dev tokens (the local gateway's JWT authorizer checks both). */
export const LOCAL_ISSUER = 'https://local.talent-platform.invalid/dev';
export const LOCAL_AUDIENCE = 'talent-local';

/**
 * API Gateway HTTP APIs hand claims to the Lambda as strings; an array claim such as
 * `cognito:groups` arrives as `"[admin reviewer]"`. Accept that form, a JSON array, a real
 * array, or a comma/space separated list.
 */
export const parseListClaim = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    const inner = trimmed.slice(1, -1);
    if (inner.includes('"')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (Array.isArray(parsed)) return parsed.filter((v): v is string => typeof v === 'string');
      } catch {
        // fall through to the space-separated form
      }
    }
    return inner.split(/[\s,]+/).filter(Boolean);
  }
  return trimmed.split(/[\s,]+/).filter(Boolean);
};

/** How API Gateway renders claims for the Lambda event (strings; arrays as `[a b]`). */
export const renderClaimsLikeApiGateway = (
  claims: Record<string, unknown>,
): Record<string, string | number | boolean> => {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(claims)) {
    if (Array.isArray(v)) out[k] = `[${v.join(' ')}]`;
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (v !== null && v !== undefined) out[k] = JSON.stringify(v);
  }
  return out;
};
