/**
 * Read-only access to the Jiangsu cohort's items (owned by services/cohorts, keys from its store):
 * the training units of a cycle, a unit, a trainee, the trainees of a unit (GSI1 partition of the
 * cycle's trainees, narrowed to the unit), and the reviewer registry (X-RECUSAL).
 */
import { type AgencyId, mainTableName, readAllItems } from '@talent/data';
import { cyclePk, traineesIndexPk, traineesIndexPrefix } from '@talent/svc-cohorts/jiangsu/store';
import {
  readTrainee,
  readUnit,
  type Trainee,
  type TrainingUnit,
} from '@talent/svc-cohorts/jiangsu/use-cases';
import { registeredReviewerUnit } from '@talent/svc-cohorts/shared/reviewer-units';

export type { Trainee, TrainingUnit };
export { readTrainee, readUnit, registeredReviewerUnit };

/** The cycle's training units (one partition, `UNIT#` items). */
export const unitsOfCycle = (ag: AgencyId, cycleId: string): Promise<TrainingUnit[]> =>
  readAllItems<TrainingUnit>({
    tableName: mainTableName(),
    pk: cyclePk(ag, cycleId),
    prefix: 'UNIT#',
    maxPages: 20,
  });

/** The trainees of a unit in a cycle (GSI1 `…#TRAINEES` / `<unitId>#<traineeId>`). */
export const traineesOfUnit = (ag: AgencyId, cycleId: string, unitId?: string): Promise<Trainee[]> =>
  readAllItems<Trainee>({
    tableName: mainTableName(),
    index: 'GSI1',
    pk: traineesIndexPk(ag, cycleId),
    prefix: traineesIndexPrefix(unitId),
    maxPages: 20,
  });
