/**
 * Read-only access to the raw records the KPIs are computed from, through the owning services' own
 * key builders, read functions and exported views (never a re-typed partition key, never a Scan):
 *
 * - Lishui (pairings): the cycle's masters and apprentices, Query GSI1 `keys.cyclePk` by prefix.
 * - Beijing: the official list of each cycle (`officialRoster`, nominations GSI1).
 * - Zhuhai: the pyramid counters `ZHPYRAMID#<year>` (`tierCounts`) — one Query of a small partition;
 *   a unit's slice from its own registrations (`listRegistrations`, GSI2 of the unit).
 * - Guangdong: the cycle's pilots (`pilotsOfCycle`, GSI1) and each pilot's students (`studentsOfPilot`, GSI2).
 * - Jiangsu: the graded trainees of a cycle (`acceptanceForFunding`, the consistent read-only view
 *   cohorts exports: grading items + units + trainees).
 */
import type { AgencyId } from '@talent/data';
import {
  type Pilot,
  pilotsOfCycle,
  type Student,
  studentsOfPilot,
} from '@talent/svc-cohorts/guangdong/repository';
import { acceptanceForFunding, type JiangsuAcceptanceFact } from '@talent/svc-cohorts/jiangsu/funding-read';
import { listRegistrations, type Registration, tierCounts } from '@talent/svc-cohorts/zhuhai/repository';
import { officialRoster, type RosterEntry } from '@talent/svc-nominations/roster';
import type { Apprentice, Master } from '@talent/svc-pairings/model';
import { cycleIndexPrefix } from '@talent/svc-pairings/repositories/items';
import { keys, readAll } from '@talent/svc-pairings/repositories/pairing-store';

export type { JiangsuAcceptanceFact, Pilot, Registration, RosterEntry, Student };

export const lishuiMasters = (a: AgencyId, cycleId: string): Promise<Master[]> =>
  readAll<Master>({ index: 'GSI1', partition: keys.cyclePk(a, cycleId), prefix: cycleIndexPrefix('master') });

export const lishuiApprentices = (a: AgencyId, cycleId: string): Promise<Apprentice[]> =>
  readAll<Apprentice>({
    index: 'GSI1',
    partition: keys.cyclePk(a, cycleId),
    prefix: cycleIndexPrefix('apprentice'),
  });

export const roster = (a: AgencyId, cycleId: string): Promise<RosterEntry[]> => officialRoster(a, cycleId);

export const zhuhaiTierCounts = (a: AgencyId, year: number): Promise<Map<string, number>> =>
  tierCounts(a, year);

/** A unit's registrations in a cycle (every page of its GSI2 partition, bounded). */
export const zhuhaiUnitRegistrations = async (
  a: AgencyId,
  cycleId: string,
  unitId: string,
): Promise<Registration[]> => {
  const out: Registration[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 200; i += 1) {
    const page = await listRegistrations(a, cycleId, undefined, unitId, 100, cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return out;
};

export const guangdongPilots = (a: AgencyId, cycleId: string): Promise<Pilot[]> => pilotsOfCycle(a, cycleId);
export const guangdongStudents = (a: AgencyId, pilotId: string): Promise<Student[]> =>
  studentsOfPilot(a, pilotId);

export const jiangsuGraded = (a: AgencyId, cycleId: string): Promise<JiangsuAcceptanceFact[]> =>
  acceptanceForFunding(a, cycleId);
