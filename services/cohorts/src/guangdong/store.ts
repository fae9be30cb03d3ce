/**
 * Storage helpers of the Guangdong pilot module: one table (packages/data), tenant keys (X-TENANT),
 * every change in one transaction with its audit record (X-AUDIT), bounded Queries (never a Scan).
 */
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type Actor,
  type AgencyId,
  auditPut,
  getDocumentClient,
  mainTableName,
  type Page,
  queryPage,
  type TransactItem,
} from '@talent/data';
import type { AuthContext } from '@talent/http';
import { ForbiddenError, nowIso } from '@talent/kernel';

export const table = (): string => mainTableName();

export interface Change {
  readonly actor: Actor;
  readonly action: string;
  readonly at: string;
  readonly reason?: string;
  readonly requestId?: string;
}

export const changeBy = (auth: AuthContext, action: string, requestId?: string, reason?: string): Change => ({
  actor: { userId: auth.userId, roles: auth.roles },
  action,
  at: nowIso(),
  ...(requestId ? { requestId } : {}),
  ...(reason ? { reason } : {}),
});

const KEY_ATTRS = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entityKind'];
export const strip = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.includes(k))) as T;

export const getItem = async <T>(pk: string, sk: string): Promise<T | undefined> => {
  const { Item } = await getDocumentClient().send(
    new GetCommand({ TableName: table(), Key: { PK: pk, SK: sk }, ConsistentRead: true }),
  );
  return Item ? strip<T>(Item) : undefined;
};

/** An audit Put for the same transaction as the change. Snapshots must already be masked. */
export const audit = (
  agencyId: AgencyId,
  entityType: string,
  entityId: string,
  entityPk: string,
  change: Change,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): TransactItem => auditPut(table(), { agencyId, entityType, entityId, entityPk, before, after, ...change });

/** One page of a partition (base table or GSI) narrowed by a sort-key prefix. */
export const page = async <T>(
  agency: AgencyId,
  index: 'GSI1' | 'GSI2' | undefined,
  pk: string,
  prefix: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<T>> => {
  const p = index ?? '';
  const pkName = index ? `${index}PK` : 'PK';
  const skName = index ? `${index}SK` : 'SK';
  const out = await queryPage({
    tableName: table(),
    ...(index ? { indexName: index } : {}),
    keyCondition: `${pkName} = :pk AND begins_with(${skName}, :prefix)`,
    values: { ':pk': pk, ':prefix': prefix },
    limit,
    cursor,
    scope: `${agency}|${p}|${pk}|${prefix}`,
  });
  return { items: out.items.map((i) => strip<T>(i)), nextCursor: out.nextCursor };
};

/** Pages read per request at most when a computation needs a whole partition (a class, a pilot). */
const MAX_PAGES = 50;

/** Every item of a partition with the prefix (bounded; following LastEvaluatedKey inside). */
export const readAll = async <T>(
  index: 'GSI1' | 'GSI2' | undefined,
  pk: string,
  prefix: string,
): Promise<T[]> => {
  const pkName = index ? `${index}PK` : 'PK';
  const skName = index ? `${index}SK` : 'SK';
  const input: QueryCommandInput = {
    TableName: table(),
    ...(index ? { IndexName: index } : {}),
    KeyConditionExpression: `${pkName} = :pk AND begins_with(${skName}, :prefix)`,
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ...(index ? {} : { ConsistentRead: true }),
  };
  const out: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const r = await getDocumentClient().send(
      new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    for (const item of r.Items ?? []) out.push(strip<T>(item as Record<string, unknown>));
    startKey = r.LastEvaluatedKey as Record<string, unknown> | undefined;
    if (!startKey) return out;
  }
  throw new Error('partition larger than the bounded read');
};

/**
 * Unit scope (P-UNIT-SCOPE): the unit a caller is held to, or undefined when it may act for every
 * unit (writes: admin; reads: admin, reviewer, auditor — and finance where a route lets it read).
 */
export const heldToUnit = (
  auth: AuthContext,
  access: 'read' | 'write',
  alsoUnrestricted: readonly string[] = [],
): string | null | undefined => {
  const free = access === 'write' ? ['admin'] : ['admin', 'reviewer', 'auditor', ...alsoUnrestricted];
  if (auth.roles.some((r) => free.includes(r))) return undefined;
  return auth.unitId ?? null;
};

export const assertUnit = (
  auth: AuthContext,
  access: 'read' | 'write',
  unitId: string,
  alsoUnrestricted: readonly string[] = [],
): void => {
  const unit = heldToUnit(auth, access, alsoUnrestricted);
  if (unit !== undefined && unit !== unitId) {
    throw new ForbiddenError(
      `A unit may ${access === 'write' ? 'act' : 'read'} only for its own unit`,
      'P-UNIT-SCOPE',
    );
  }
};

export const isAdmin = (auth: AuthContext): boolean => auth.roles.includes('admin');
