/**
 * The nominations service's reviewer registry, read only (X-RECUSAL): an expert registered with a
 * unit (`POST /reviewers {reviewerId, name, unitId?}`) is recused from that unit's work even when
 * the token carries no unit. The nominations service owns these items and their keys
 * (services/nominations/src/repositories/selection-repository.ts):
 * PK `A#<agency>#REVIEWERS`, SK `REVIEWER#<reviewerId>`, optional `unitId`.
 */
import { type AgencyId, getItemConsistent, mainTableName, tenantKey } from '@talent/data';

const MAX_REVIEWER_ID = 128;

/** The unit the reviewer is registered with, or undefined (not registered, or registered without a unit). */
export const registeredReviewerUnit = async (
  agency: AgencyId,
  reviewerId: string,
): Promise<string | undefined> => {
  // The registry takes ids of at most 128 characters (nominations' registerReviewerBody): a longer
  // token subject is never registered, and is not sent as a key DynamoDB would refuse.
  if (reviewerId === '' || reviewerId.length > MAX_REVIEWER_ID) return undefined;
  const reviewer = await getItemConsistent<{ readonly unitId?: unknown }>(mainTableName(), {
    PK: tenantKey(agency, 'REVIEWERS'),
    SK: `REVIEWER#${reviewerId}`,
  });
  return typeof reviewer?.unitId === 'string' && reviewer.unitId !== '' ? reviewer.unitId : undefined;
};
