/**
 * Read-only access for the per-cycle reports, through the owning services' exported read functions:
 * the cycle (`readCycle`), the nominations of a cycle by status (nominations GSI1 of the cycle, the
 * repository the roster itself uses), Beijing projects and their checks (cohorts `projectsOfCycle`,
 * `allChildren` of the project partition), Guangdong evaluations (`evaluationsOfPilot`).
 */
import type { AgencyId } from '@talent/data';
import type { Check, Project } from '@talent/svc-cohorts/beijing/model';
import { allChildren, checkSk, projectsOfCycle } from '@talent/svc-cohorts/beijing/repository';
import { type Evaluation, evaluationsOfPilot } from '@talent/svc-cohorts/guangdong/repository';
import type { Nomination } from '@talent/svc-nominations/nomination';
import { DynamoNominationRepository } from '@talent/svc-nominations/repositories/nomination-repository';
import { type Cycle, programmeOfCycle, readCycle } from '@talent/svc-nominations/roster';

export type { Check, Cycle, Evaluation, Nomination, Project };
export { programmeOfCycle, readCycle };

let nominations: DynamoNominationRepository | undefined;

/** The provisional (published, `listed`) or the official list of a cycle. */
export const listOfCycle = (
  a: AgencyId,
  cycleId: string,
  which: 'provisional' | 'official',
): Promise<Nomination[]> => {
  nominations ??= new DynamoNominationRepository();
  return nominations.ofCycle(a, cycleId, [which === 'official' ? 'official' : 'listed']);
};

export const beijingProjects = (a: AgencyId, cycleId: string): Promise<Project[]> =>
  projectsOfCycle(a, cycleId);

/** Every check item of a project: the prefix of cohorts' own `checkSk`. */
const CHECK_PREFIX = checkSk('');
export const beijingChecks = (a: AgencyId, projectId: string): Promise<Check[]> =>
  allChildren<Check>(a, projectId, CHECK_PREFIX);

export const guangdongEvaluations = (a: AgencyId, pilotId: string): Promise<Evaluation[]> =>
  evaluationsOfPilot(a, pilotId);
