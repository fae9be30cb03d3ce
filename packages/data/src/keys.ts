/**
 * Tenant-prefixed keys (X-TENANT). Every partition key starts with `A#<agencyId>#`, and the
 * agency id only ever comes from the verified token (see packages/http auth), never from a
 * path, query or body. Each key segment is checked so that no input can smuggle a `#` and
 * address another partition.
 */
declare const agencyBrand: unique symbol;
export type AgencyId = string & { readonly [agencyBrand]: true };

const SEGMENT = /^[A-Za-z0-9_.:\-\u4e00-\u9fff]{1,200}$/;
const AGENCY = /^[a-z][a-z0-9-]{1,62}$/;

export const isAgencyId = (value: string): value is AgencyId => AGENCY.test(value);

export const asAgencyId = (value: string): AgencyId => {
  if (!isAgencyId(value)) throw new Error('Invalid agency id');
  return value;
};

export const isKeySegment = (value: string): boolean => SEGMENT.test(value);

const segment = (value: string): string => {
  if (!SEGMENT.test(value)) throw new Error('Invalid key segment');
  return value;
};

/** `A#<agency>#<part>#<part>…` */
export const tenantKey = (agency: AgencyId, ...parts: readonly string[]): string =>
  ['A', agency, ...parts.map(segment)].join('#');

/** The prefix every key of one agency starts with. */
export const tenantPrefix = (agency: AgencyId): string => `A#${agency}#`;
