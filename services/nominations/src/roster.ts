/**
 * What the services after selection (pairings, cohorts, funding, reporting) read from it: a cycle
 * with the programme version it started with, and its official list (正式名单) — the nominations
 * frozen as `official`. Read-only; the nominations service owns these items and their keys.
 */
import type { Programme } from '@talent/catalogue';
import type { AgencyId } from '@talent/data';
import { DynamoProgrammeStore } from '@talent/programmes';
import type { Cycle } from './cycle';
import type { Institution, Nomination, Nominee, Team } from './nomination';
import { DynamoCycleRepository } from './repositories/cycle-repository';
import { DynamoNominationRepository } from './repositories/nomination-repository';

export type { Cycle } from './cycle';
export type { StageState } from './lifecycle/stages';
export type { Nomination, Nominee } from './nomination';

/** One entry of an official list: who was selected, in which category, from which unit. */
export interface RosterEntry {
  readonly nominationId: string;
  readonly cycleId: string;
  readonly category: string;
  readonly unitId: string;
  readonly nomineeKind: Nomination['nomineeKind'];
  /** Full personal data: callers mask it for roles that may not see it (X-RESIDENT-ID). */
  readonly nominee?: Nominee;
  readonly team?: Team;
  readonly institution?: Institution;
  readonly attributes: Readonly<Record<string, unknown>>;
}

let cycles: DynamoCycleRepository | undefined;
let nominations: DynamoNominationRepository | undefined;
let programmes: DynamoProgrammeStore | undefined;

/** The cycle, or undefined for an unknown one or another agency's (X-TENANT). */
/** Whether the cycle's stage of `kind` (the first one) is open, closed or still pending. */
export const stageStatus = (cycle: Cycle, kind: string): 'pending' | 'open' | 'closed' | 'absent' =>
  cycle.stages.find((s) => s.kind === kind)?.status ?? 'absent';

export const readCycle = async (agency: AgencyId, cycleId: string): Promise<Cycle | undefined> => {
  cycles ??= new DynamoCycleRepository();
  return cycles.get(agency, cycleId);
};

/** The programme version the cycle started with (P-PROGRAMME-VERSION). */
export const programmeOfCycle = async (cycle: Cycle): Promise<Programme> => {
  programmes ??= new DynamoProgrammeStore();
  const programme = await programmes.version(cycle.agencyId, cycle.programmeId, cycle.programmeVersion);
  if (!programme) throw new Error(`programme version of cycle ${cycle.cycleId} is missing`);
  return programme;
};

/** The official list of the cycle (empty until its official-list stage froze it). */
export const officialRoster = async (agency: AgencyId, cycleId: string): Promise<RosterEntry[]> => {
  nominations ??= new DynamoNominationRepository();
  const official = await nominations.ofCycle(agency, cycleId, ['official']);
  return official.map(toEntry);
};

/** One nomination of the cycle's official list, or undefined when it is not on it. */
export const officialEntry = async (
  agency: AgencyId,
  nominationId: string,
): Promise<RosterEntry | undefined> => {
  nominations ??= new DynamoNominationRepository();
  const n = await nominations.get(agency, nominationId);
  return n && n.status === 'official' ? toEntry(n) : undefined;
};

const toEntry = (n: Nomination): RosterEntry => ({
  nominationId: n.nominationId,
  cycleId: n.cycleId,
  category: n.category,
  unitId: n.unitId,
  nomineeKind: n.nomineeKind,
  ...(n.nominee ? { nominee: n.nominee } : {}),
  ...(n.team ? { team: n.team } : {}),
  ...(n.institution ? { institution: n.institution } : {}),
  attributes: n.attributes,
});
