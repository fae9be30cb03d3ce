/**
 * Storage of the forms (single table, every PK tenant-prefixed, X-TENANT):
 *
 * | entity | PK | SK |
 * |---|---|---|
 * | JsScorecard (附件4, one per reviewer per unit per cycle) | `A#<ag>#FORMS#<cycleId>#JSSCORE#<unitId>` | `REVIEWER#<reviewerId>` |
 * | JsSatisfactionResponse (附件2, one per trainee per cycle) | `A#<ag>#FORMS#<cycleId>#JSSAT` | `UNIT#<unitId>#TRAINEE#<traineeId>` |
 * | JsEmployerSurvey (附件3, one per employer unit per cycle) | `A#<ag>#FORMS#<cycleId>#JSEMP` | `EMPLOYER#<employerUnitId>` |
 * | Audit | the entity's PK | `AUDIT#<at>#<id>` |
 *
 * Every write is one transaction with its audit record (X-AUDIT), conditioned on the item's absence.
 */
import {
  type AgencyId,
  auditChange,
  type Change,
  conditionalPut,
  mainTableName,
  readAllItems,
  type TransactItem,
  tenantKey,
} from '@talent/data';

export const table = (): string => mainTableName();

export const formKeys = {
  scorecardPk: (ag: AgencyId, cycleId: string, unitId: string) =>
    tenantKey(ag, 'FORMS', cycleId, 'JSSCORE', unitId),
  scorecardSk: (reviewerId: string) => `REVIEWER#${reviewerId}`,
  satisfactionPk: (ag: AgencyId, cycleId: string) => tenantKey(ag, 'FORMS', cycleId, 'JSSAT'),
  satisfactionUnitPrefix: (unitId: string) => `UNIT#${unitId}#TRAINEE#`,
  satisfactionSk: (unitId: string, traineeId: string) => `UNIT#${unitId}#TRAINEE#${traineeId}`,
  employerPk: (ag: AgencyId, cycleId: string) => tenantKey(ag, 'FORMS', cycleId, 'JSEMP'),
  employerSk: (employerUnitId: string) => `EMPLOYER#${employerUnitId}`,
};

export const putNew = (item: Record<string, unknown>): TransactItem =>
  conditionalPut(table(), item, { expr: 'attribute_not_exists(PK)' });

export const audit = (
  ag: AgencyId,
  entityType: string,
  entityId: string,
  entityPk: string,
  change: Change,
  after: unknown,
): TransactItem =>
  auditChange(table(), { agencyId: ag, entityType, entityId, entityPk }, change, null, after);

/** Every item of a partition under a sort-key prefix (bounded: 20 pages). */
export const allUnder = <T>(pk: string, prefix: string): Promise<T[]> =>
  readAllItems<T>({ tableName: table(), pk, prefix, maxPages: 20 });
