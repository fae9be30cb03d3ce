import type { Programme } from '@talent/catalogue';
import type { AgencyId } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { NotFoundError } from '@talent/kernel';
import { type Cycle, programmeOfCycle, readCycle } from '@talent/svc-nominations/roster';
import type { Change } from '../repositories/batches';

export const agencyOf = (auth: AuthContext) => auth.agencyId as AgencyId;

/** The cycle and the programme version it pinned (P-PROGRAMME-VERSION); 404 for another agency's (X-TENANT). */
export const cycleAndProgramme = async (
  auth: AuthContext,
  cycleId: string,
): Promise<{ cycle: Cycle; programme: Programme }> => {
  const cycle = await readCycle(agencyOf(auth), cycleId);
  if (!cycle) throw new NotFoundError('Cycle', cycleId);
  return { cycle, programme: await programmeOfCycle(cycle) };
};

export const changeBy = (
  auth: AuthContext,
  action: string,
  at: string,
  requestId: string,
  reason?: string,
): Change => ({
  actor: { userId: auth.userId, roles: auth.roles },
  action,
  at,
  requestId,
  ...(reason ? { reason } : {}),
});
