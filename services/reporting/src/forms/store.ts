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
 * Every write is one transaction with its audit record (X-AUDIT): a first write conditioned on the
 * item's absence, a correction on the version read (optimistic locking; an item stored before
 * versions were kept has none and counts as version 1).
 */
import {
  type AgencyId,
  auditChange,
  type Change,
  conditionalPut,
  getItemConsistent,
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
  before: unknown = null,
): TransactItem =>
  auditChange(table(), { agencyId: ag, entityType, entityId, entityPk }, change, before, after);

/** The bookkeeping of a form that can be corrected. */
export interface Versioned {
  /** 1 when written; +1 per correction (absent on items stored before versions: 1). */
  readonly version: number;
  readonly corrections?: number;
  readonly correctedAt?: string;
  readonly correctedBy?: string;
}

/** The version of a stored form (an item stored without one: 1). */
export const versionOf = (item: { readonly version?: number }): number => item.version ?? 1;

/** One stored form by its key (strongly consistent), without its key attributes. */
export const readForm = <T>(pk: string, sk: string): Promise<T | undefined> =>
  getItemConsistent<T>(table(), { PK: pk, SK: sk });

/**
 * The Put of a correction, conditioned on the item still being the one read: same `version`, or,
 * for an item read without one, still without one.
 */
export const putCorrected = (item: Record<string, unknown>, versionRead: number | undefined): TransactItem =>
  versionRead === undefined
    ? conditionalPut(table(), item, { expr: 'attribute_exists(PK) AND attribute_not_exists(version)' })
    : conditionalPut(table(), item, { expr: 'version = :v', values: { ':v': versionRead } });

/** Every item of a partition under a sort-key prefix (bounded: 20 pages). */
export const allUnder = <T>(pk: string, prefix: string): Promise<T[]> =>
  readAllItems<T>({ tableName: table(), pk, prefix, maxPages: 20 });
