/**
 * Read-only access to the Guangdong pilot-major nominations of a cycle (owned by services/nominations):
 * the nominations repository's `ofCycle` (GSI1 of the cycle by status, then consistent reads).
 */
import type { AgencyId } from '@talent/data';
import type { Nomination } from '@talent/svc-nominations/nomination';
import { DynamoNominationRepository } from '@talent/svc-nominations/repositories/nomination-repository';

export type { Nomination };

/** Every status a nomination reaches once it was submitted (all but `draft`). */
export const SUBMITTED_STATUSES = [
  'submitted',
  'returned',
  'withdrawn',
  'recommended',
  'not-recommended',
  'listed',
  'not-listed',
  'removed',
  'official',
] as const;

let nominations: DynamoNominationRepository | undefined;

export const submittedNominations = (ag: AgencyId, cycleId: string): Promise<Nomination[]> => {
  nominations ??= new DynamoNominationRepository();
  return nominations.ofCycle(ag, cycleId, SUBMITTED_STATUSES);
};
