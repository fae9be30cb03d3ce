/**
 * The single-table helpers every cohort module uses (packages/data underneath): the table, items
 * without their key attributes, strongly consistent reads, and the audit record of a change (X-AUDIT).
 */
import {
  type AgencyId,
  auditChange,
  type Change,
  getItemConsistent,
  mainTableName,
  stripKeys,
  type TransactItem,
} from '@talent/data';

export type { Change };

export const table = (): string => mainTableName();

export const strip = stripKeys;

export const getItem = <T>(pk: string, sk: string): Promise<T | undefined> =>
  getItemConsistent<T>(table(), { PK: pk, SK: sk });

/** An audit Put for the same transaction as the change. Snapshots must already be masked. */
export const audit = (
  agencyId: AgencyId,
  entityType: string,
  entityId: string,
  entityPk: string,
  change: Change,
  before: unknown,
  after: unknown,
): TransactItem => auditChange(table(), { agencyId, entityType, entityId, entityPk }, change, before, after);
