/**
 * Storage helpers of the Guangdong pilot module: one table (packages/data), tenant keys (X-TENANT),
 * every change in one transaction with its audit record (X-AUDIT), bounded Queries (never a Scan).
 */
import {
  type AgencyId,
  type IndexName,
  type Page,
  prefixPage,
  putIfAbsent,
  readAllItems,
  type TransactItem,
  versionedPut,
} from '@talent/data';
import { type AuthContext, assertUnitScope } from '@talent/http';
import { table } from '../shared/store';

export { audit, type Change, getItem, table } from '../shared/store';

/** A Put of a new item (refused when its key exists). */
export const putNew = (item: Record<string, unknown>): TransactItem => putIfAbsent(table(), item);

/** A Put conditioned on the version read, or on nothing stored yet when `version` is undefined. */
export const putAt = (item: Record<string, unknown>, version: number | undefined): TransactItem =>
  versionedPut(table(), item, version);

/** One page of a partition (base table or GSI) narrowed by a sort-key prefix. */
export const page = <T>(
  agency: AgencyId,
  index: IndexName | undefined,
  pk: string,
  prefix: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<T>> =>
  prefixPage<T>({
    tableName: table(),
    index,
    pk,
    prefix,
    limit,
    cursor,
    scope: `${agency}|${index ?? ''}|${pk}|${prefix}`,
  });

/** Pages read per request at most when a computation needs a whole partition (a class, a pilot). */
const MAX_PAGES = 50;

/** Every item of a partition with the prefix (bounded; following LastEvaluatedKey inside). */
export const readAll = <T>(index: IndexName | undefined, pk: string, prefix: string): Promise<T[]> =>
  readAllItems<T>({ tableName: table(), index, pk, prefix, maxPages: MAX_PAGES });

/** P-UNIT-SCOPE for the Guangdong and Zhuhai routes (see heldToUnit in @talent/http). */
export const assertUnit = (
  auth: AuthContext,
  access: 'read' | 'write',
  unitId: string,
  alsoUnrestricted: readonly string[] = [],
): void =>
  assertUnitScope(
    auth,
    access,
    unitId,
    `A unit may ${access === 'write' ? 'act' : 'read'} only for its own unit`,
    alsoUnrestricted,
  );

export const isAdmin = (auth: AuthContext): boolean => auth.roles.includes('admin');
