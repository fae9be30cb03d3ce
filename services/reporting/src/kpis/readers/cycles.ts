/**
 * The cycles of a programme in the caller's agency, read through the nominations service's own
 * cycle repository (GSI1 `A#<ag>#CYCLES` / `<programmeId>#<year>#<cycleId>`, a Query, never a Scan)
 * and the programme version each cycle pinned (`programmeOfCycle`, P-PROGRAMME-VERSION).
 */
import type { Programme } from '@talent/catalogue';
import type { AgencyId } from '@talent/data';
import { DynamoCycleRepository } from '@talent/svc-nominations/repositories/cycle-repository';
import { type Cycle, programmeOfCycle } from '@talent/svc-nominations/roster';

let repo: DynamoCycleRepository | undefined;

/** Every cycle of the programme in the agency (bounded: 20 pages of 100). */
export const cyclesOfProgramme = async (agency: AgencyId, programmeId: string): Promise<Cycle[]> => {
  repo ??= new DynamoCycleRepository();
  const out: Cycle[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const r = await repo.list(agency, { programmeId, limit: 100, cursor });
    out.push(...r.items.filter((c) => c.programmeId === programmeId));
    cursor = r.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return out.sort((a, b) => a.year - b.year || a.cycleId.localeCompare(b.cycleId));
};

export const programmeOf = (cycle: Cycle): Promise<Programme> => programmeOfCycle(cycle);
