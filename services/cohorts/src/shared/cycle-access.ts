/**
 * The selection a cohort is built on: the cycle (with the programme version it started with) and
 * its official list, read through the nominations service's roster. An unknown cycle, another
 * agency's, or a cycle of another programme is "not found" (X-TENANT).
 */
import type { Programme } from '@talent/catalogue';
import type { AgencyId } from '@talent/data';
import { NotFoundError } from '@talent/kernel';
import { type Cycle, programmeOfCycle, readCycle } from '@talent/svc-nominations/roster';

export { stageStatus } from '@talent/svc-nominations/roster';

export const cycleOf = async (
  agency: AgencyId,
  cycleId: string,
  programmeIds?: readonly string[],
): Promise<{ cycle: Cycle; programme: Programme }> => {
  const cycle = await readCycle(agency, cycleId);
  if (!cycle || (programmeIds && !programmeIds.includes(cycle.programmeId))) {
    throw new NotFoundError('Cycle', cycleId);
  }
  return { cycle, programme: await programmeOfCycle(cycle) };
};
