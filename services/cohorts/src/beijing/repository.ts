/**
 * Storage of the Beijing projects in the one table. Every change of a project is one transaction:
 * the project item conditioned on the version read (optimistic locking: two concurrent changes of
 * one project never both commit), the items the change adds or changes, and its audit record
 * (X-AUDIT). Keys are tenant-prefixed (X-TENANT); lists are Queries (never a Scan).
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Actor,
  type AgencyId,
  type AuditRecord,
  auditPut,
  getDocumentClient,
  mainTableName,
  type Page,
  queryPage,
  type TransactItem,
  TransactionConditionFailed,
  tenantKey,
  toAuditRecord,
  transactWrite,
} from '@talent/data';
import { ConflictError } from '@talent/kernel';
import {
  type Certificate,
  type ChangeRequest,
  type Check,
  type Member,
  memberView,
  type Project,
  projectView,
} from './model';

export interface Change {
  readonly actor: Actor;
  readonly action: string;
  readonly at: string;
  readonly reason?: string;
  readonly requestId?: string;
}

/** A lost race on the project's version: the caller re-reads and decides again. */
export class ProjectChangedError extends ConflictError {
  constructor() {
    super('P-VERSION-MATCH', 'The project changed while this request ran; send it again', 'projectId');
  }
}

/** A conditional put of an item that exists already (a check of the same key, a certificate …). */
export class ItemExistsError extends Error {
  constructor(readonly index: number) {
    super('item exists');
  }
}

const table = () => mainTableName();

export const projectPk = (agency: AgencyId, projectId: string) => tenantKey(agency, 'BJPROJ', projectId);
const cyclePartition = (agency: AgencyId, cycleId: string) => tenantKey(agency, 'BJCYCLE', cycleId);
const unitPartition = (agency: AgencyId, unitId: string) => tenantKey(agency, 'BJUNIT', unitId);

const strip = (item: Record<string, unknown>): Record<string, unknown> => {
  const { PK: _p, SK: _s, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, entityKind: _e, ...rest } = item;
  return rest;
};

const projectItem = (p: Project) => ({
  PK: projectPk(p.agencyId, p.projectId),
  SK: 'PROJECT',
  entityKind: 'BeijingProject',
  GSI1PK: cyclePartition(p.agencyId, p.cycleId),
  GSI1SK: `PROJ#${p.category}#${p.projectId}`,
  GSI2PK: unitPartition(p.agencyId, p.unitId),
  GSI2SK: `PROJ#${p.cycleId}#${p.category}#${p.projectId}`,
  ...p,
});

/** An item in the project's partition (member, change request, check, certificate). */
export const childPut = (
  agency: AgencyId,
  projectId: string,
  sk: string,
  kind: string,
  value: object,
  condition: 'new' | 'any' = 'new',
): TransactItem => ({
  Put: {
    TableName: table(),
    Item: { PK: projectPk(agency, projectId), SK: sk, entityKind: kind, ...value },
    ...(condition === 'new' ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
  },
});

export const childDelete = (agency: AgencyId, projectId: string, sk: string): TransactItem => ({
  Delete: {
    TableName: table(),
    Key: { PK: projectPk(agency, projectId), SK: sk },
    ConditionExpression: 'attribute_exists(PK)',
  },
});

export const memberSk = (memberId: string) => `MEMBER#${memberId}`;
export const changeRequestSk = (id: string) => `CR#${id}`;
export const checkSk = (key: string) => `CHECK#${key}`;
export const reportSk = (key: string) => `REPORT#${key}`;
export const CERTIFICATE_SK = 'CERTIFICATE';

export const memberAudit = (m: Member) => memberView(m, false);

/**
 * Writes `after` (a new project when `before` is undefined) with `extra` items and the audit record,
 * all or nothing. The project's condition failing is a lost race (ProjectChangedError); an extra
 * item's condition failing is `ItemExistsError` with its index in `extra`.
 */
export const saveProject = async (
  before: Project | undefined,
  after: Project,
  change: Change,
  extra: readonly TransactItem[] = [],
  audit: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } = {},
): Promise<void> => {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: table(),
        Item: projectItem(after),
        ...(before
          ? {
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': before.version },
            }
          : { ConditionExpression: 'attribute_not_exists(PK)' }),
      },
    },
    ...extra,
    auditPut(table(), {
      agencyId: after.agencyId,
      entityType: 'BeijingProject',
      entityId: after.projectId,
      entityPk: projectPk(after.agencyId, after.projectId),
      before: audit.before !== undefined ? audit.before : before ? projectView(before) : null,
      after: audit.after !== undefined ? audit.after : projectView(after),
      ...change,
    }),
  ];
  try {
    await transactWrite(items);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) {
      if (error.failedIndexes.includes(0)) {
        if (!before) throw new ItemExistsError(-1);
        throw new ProjectChangedError();
      }
      const i = error.failedIndexes[0] ?? 1;
      throw new ItemExistsError(i - 1);
    }
    throw error;
  }
};

export const getProject = async (agency: AgencyId, projectId: string): Promise<Project | undefined> => {
  const { Item } = await getDocumentClient().send(
    new GetCommand({
      TableName: table(),
      Key: { PK: projectPk(agency, projectId), SK: 'PROJECT' },
      ConsistentRead: true,
    }),
  );
  return Item ? (strip(Item) as unknown as Project) : undefined;
};

export const getChild = async <T>(
  agency: AgencyId,
  projectId: string,
  sk: string,
): Promise<T | undefined> => {
  const { Item } = await getDocumentClient().send(
    new GetCommand({
      TableName: table(),
      Key: { PK: projectPk(agency, projectId), SK: sk },
      ConsistentRead: true,
    }),
  );
  return Item ? (strip(Item) as unknown as T) : undefined;
};

/** One page of the project's items of one kind (sort-key prefix). */
export const childPage = async <T>(
  agency: AgencyId,
  projectId: string,
  prefix: string,
  limit: number,
  cursor?: string,
): Promise<Page<T>> => {
  const pk = projectPk(agency, projectId);
  const page = await queryPage({
    tableName: table(),
    keyCondition: 'PK = :pk AND begins_with(SK, :prefix)',
    values: { ':pk': pk, ':prefix': prefix },
    limit,
    cursor,
    scope: `${pk}#${prefix}`,
  });
  return { items: page.items.map((i) => strip(i) as unknown as T), nextCursor: page.nextCursor };
};

/** Every item of one kind of the project (bounded: a team has at most 50 members, a project 4 checks). */
export const allChildren = async <T>(agency: AgencyId, projectId: string, prefix: string): Promise<T[]> => {
  const out: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let round = 0; round < 20; round++) {
    const res = await getDocumentClient().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': projectPk(agency, projectId), ':prefix': prefix },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    out.push(...(res.Items ?? []).map((i) => strip(i) as unknown as T));
    startKey = res.LastEvaluatedKey as Record<string, unknown> | undefined;
    if (!startKey) return out;
  }
  throw new Error('project partition larger than the bounded read');
};

export const projectPage = async (
  agency: AgencyId,
  f: {
    cycleId: string;
    category?: string | undefined;
    unitId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<Project>> => {
  const byUnit = f.unitId !== undefined;
  const partition = byUnit ? unitPartition(agency, f.unitId as string) : cyclePartition(agency, f.cycleId);
  const prefix = byUnit
    ? `PROJ#${f.cycleId}#${f.category ? `${f.category}#` : ''}`
    : `PROJ#${f.category ? `${f.category}#` : ''}`;
  const index = byUnit ? 'GSI2' : 'GSI1';
  const page = await queryPage({
    tableName: table(),
    indexName: index,
    keyCondition: `${index}PK = :pk AND begins_with(${index}SK, :prefix)`,
    values: { ':pk': partition, ':prefix': prefix },
    limit: f.limit,
    cursor: f.cursor,
    scope: `${index}#${partition}#${prefix}`,
  });
  return { items: page.items.map((i) => strip(i) as unknown as Project), nextCursor: page.nextCursor };
};

/** Every project of a cycle (for the stage hooks): the index finds them, the table answers (consistent). */
export const projectsOfCycle = async (agency: AgencyId, cycleId: string): Promise<Project[]> => {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let round = 0; round < 100; round++) {
    const page = await projectPage(agency, { cycleId, limit: 100, cursor });
    ids.push(...page.items.map((p) => p.projectId));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const out: Project[] = [];
  for (const id of ids) {
    const p = await getProject(agency, id);
    if (p) out.push(p);
  }
  return out;
};

export const auditOf = async (
  agency: AgencyId,
  projectId: string,
  limit: number,
  cursor?: string,
): Promise<Page<AuditRecord>> => {
  const page = await childPage<Record<string, unknown>>(agency, projectId, 'AUDIT#', limit, cursor);
  return { items: page.items.map(toAuditRecord), nextCursor: page.nextCursor };
};

/** The next certificate serial of the agency and year (an atomic counter; gaps only on failures). */
export const nextCertificateSerial = async (agency: AgencyId, year: number): Promise<number> => {
  const out = await getDocumentClient().send(
    new UpdateCommand({
      TableName: table(),
      Key: { PK: tenantKey(agency, 'BJCERTSEQ', String(year)), SK: 'COUNTER' },
      UpdateExpression: 'ADD #n :one SET entityKind = :kind',
      ExpressionAttributeNames: { '#n': 'value' },
      ExpressionAttributeValues: { ':one': 1, ':kind': 'BeijingCertificateCounter' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number((out.Attributes as { value?: number } | undefined)?.value ?? 1);
};

export type { Certificate, ChangeRequest, Check, Member };
