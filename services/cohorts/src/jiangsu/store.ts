/**
 * Storage of the Jiangsu cohort (one table, keys below; see services/cohorts/README.md):
 *
 * | PK | SK | item |
 * |---|---|---|
 * | `A#<ag>#JSCYCLE#<cycleId>` | `UNIT#<unitId>` | training unit with its majors and plan |
 * | `A#<ag>#JSCYCLE#<cycleId>` | `SESSION#<unitId>#<sessionId>` | a session of a unit |
 * | `A#<ag>#JSCYCLE#<cycleId>` | `CITYLEAD#<city>` | the city's named official (JS-CITY-LEAD) |
 * | `A#<ag>#JSCYCLE#<cycleId>` | `GRADING#<unitId>` | the unit's grades, one item (JS-GRADE-QUOTA), or a first submission's lock (`state: 'locking'`) |
 * | `A#<ag>#JSCYCLE#<cycleId>` | `PERSON#<fingerprint>` | one trainee per person per cycle |
 * | `A#<ag>#JSCYCLE#<cycleId>` | `ROSTER#<unitId>` | trainee records created in the unit (grading checks it) |
 * | `A#<ag>#JSCYCLE#<cycleId>` | `ACCEPTANCE#FINAL` | the acceptance is final (written first by its `closed` hook) |
 * | `A#<ag>#JSTRAINEE#<traineeId>` | `TRAINEE` | trainee (GSI1 `A#<ag>#JSCYCLE#<cycleId>#TRAINEES` / `<unitId>#<traineeId>`) |
 * | `A#<ag>#JSTRAINEE#<traineeId>` | `ATT#<sessionId>`, `LEAVE#<leaveId>`, `REPORT`, `CERT` | the training file |
 * | `A#<ag>#JSSANCTION#UNIT#<unitId>` or `…#PERSON#<fingerprint>` | `SANCTION#<imposedOn>#<id>` | sanctions |
 * | `A#<ag>#JSPARTICIPATION#<fingerprint>` | `TRAINEE#<traineeId>`, `ENDED#<endedOn>#<traineeId>` | participation records (participation-reader.ts) |
 */
import {
  type AgencyId,
  conditionalPut,
  type Page,
  prefixPage,
  readAllItems,
  type TransactItem,
  tenantKey,
} from '@talent/data';
import { table } from '../shared/store';

export { audit, type Change, getItem, strip, table } from '../shared/store';

export const cyclePk = (ag: AgencyId, cycleId: string) => tenantKey(ag, 'JSCYCLE', cycleId);
export const traineePk = (ag: AgencyId, traineeId: string) => tenantKey(ag, 'JSTRAINEE', traineeId);
export const traineesIndexPk = (ag: AgencyId, cycleId: string) =>
  tenantKey(ag, 'JSCYCLE', cycleId, 'TRAINEES');

/** A trainee's sort key in the cycle's trainees index: `<unitId>#<traineeId>`. */
export const traineeIndexSk = (unitId: string, traineeId: string) => `${unitId}#${traineeId}`;

/** The prefix that finds a unit's trainees in that index (every unit's without one). */
export const traineesIndexPrefix = (unitId?: string) => (unitId ? `${unitId}#` : '');

/** One page of the items of a partition whose sort key starts with `prefix`. */
export const pageOf = <T>(
  ag: AgencyId,
  pk: string,
  prefix: string,
  limit: number,
  cursor?: string,
): Promise<Page<T>> =>
  prefixPage<T>({ tableName: table(), pk, prefix, limit, cursor, scope: `${ag}|main|${pk}|${prefix}` });

/** Every item of a partition under `prefix` (bounded collections: a unit's sessions, a trainee's file). */
export const allOf = <T>(pk: string, prefix: string, index?: { name: 'GSI1'; pk: string }): Promise<T[]> =>
  readAllItems<T>(
    index
      ? { tableName: table(), index: index.name, pk: index.pk, prefix }
      : { tableName: table(), pk, prefix },
  );

export const put = (
  item: Record<string, unknown>,
  condition?: string,
  values?: Record<string, unknown>,
  names?: Record<string, string>,
): TransactItem => conditionalPut(table(), item, condition ? { expr: condition, values, names } : undefined);
