/**
 * Read-only access to the Lishui pairings (owned by services/pairings, keys from its store): a
 * school's masters, apprentices and pairings in the cycle (GSI1 partition of the cycle, narrowed
 * by the school), and one master.
 */
import { type AgencyId, getItemConsistent, mainTableName, readAllItems } from '@talent/data';
import type { Apprentice, Master, Pairing } from '@talent/svc-pairings/model';
import { cycleIndexPrefix } from '@talent/svc-pairings/repositories/items';
import { keys } from '@talent/svc-pairings/repositories/pairing-store';

export type { Apprentice, Master, Pairing };

const ofSchool = <T>(ag: AgencyId, cycleId: string, prefix: string): Promise<T[]> =>
  readAllItems<T>({
    tableName: mainTableName(),
    index: 'GSI1',
    pk: keys.cyclePk(ag, cycleId),
    prefix,
    maxPages: 20,
  });

export const mastersOfSchool = (ag: AgencyId, cycleId: string, schoolId: string) =>
  ofSchool<Master>(ag, cycleId, cycleIndexPrefix('master', schoolId));
export const apprenticesOfSchool = (ag: AgencyId, cycleId: string, schoolId: string) =>
  ofSchool<Apprentice>(ag, cycleId, cycleIndexPrefix('apprentice', schoolId));
export const pairingsOfSchool = (ag: AgencyId, cycleId: string, schoolId: string) =>
  ofSchool<Pairing>(ag, cycleId, cycleIndexPrefix('pairing', schoolId));

export const readMaster = (ag: AgencyId, masterId: string) =>
  getItemConsistent<Master>(mainTableName(), keys.master(ag, masterId));

/** Every master registered in the cycle, any school (GSI1 of the cycle, `MASTER#` items). */
export const mastersOfCycle = (ag: AgencyId, cycleId: string) =>
  ofSchool<Master>(ag, cycleId, cycleIndexPrefix('master'));
