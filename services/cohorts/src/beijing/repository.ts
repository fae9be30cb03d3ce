/**
 * Storage of the Beijing projects in the one table. Every change of a project is one transaction:
 * the project item conditioned on the version read (optimistic locking: two concurrent changes of
 * one project never both commit), the items the change adds or changes, and its audit record
 * (X-AUDIT). Keys are tenant-prefixed (X-TENANT); lists are Queries (never a Scan).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AgencyId,
  type AuditRecord,
  auditChange,
  conditionalPut,
  getDocumentClient,
  getItemConsistent,
  type Page,
  prefixPage,
  readAllItems,
  type TransactItem,
  TransactionConditionFailed,
  tenantKey,
  toAuditRecord,
  transactWrite,
} from '@talent/data';
import { ConflictError } from '@talent/kernel';
import { type Change, table } from '../shared/store';
import {
  type Certificate,
  type ChangeRequest,
  type Check,
  type Member,
  memberView,
  type Project,
  projectView,
} from './model';

export type { Change };

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

export const projectPk = (agency: AgencyId, projectId: string) => tenantKey(agency, 'BJPROJ', projectId);
const cyclePartition = (agency: AgencyId, cycleId: string) => tenantKey(agency, 'BJCYCLE', cycleId);
const unitPartition = (agency: AgencyId, unitId: string) => tenantKey(agency, 'BJUNIT', unitId);

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
): TransactItem =>
  conditionalPut(
    table(),
    { PK: projectPk(agency, projectId), SK: sk, entityKind: kind, ...value },
    condition === 'new' ? { expr: 'attribute_not_exists(PK)' } : undefined,
  );

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
 * The stage-closed marker of a cycle's stage of `stageKind` (annual-check, mid-term, acceptance):
 * written first by the stage's `closed` hook (which runs right after the stage is recorded closed),
 * and a check's transaction is conditioned on its absence, so no result lands after the hook read
 * the stage's results (BJ-CHECKS, docs/lifecycle.md).
 */
const stageMarkerKey = (agency: AgencyId, cycleId: string, stageKind: string) => ({
  PK: tenantKey(agency, 'BJSTAGES', cycleId),
  SK: `CLOSED#${stageKind}`,
});

/** A ConditionCheck for a check's transaction: the stage's `closed` hook has not run. */
export const stageStillOpen = (agency: AgencyId, cycleId: string, stageKind: string): TransactItem => ({
  ConditionCheck: {
    TableName: table(),
    Key: stageMarkerKey(agency, cycleId, stageKind),
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

/** Writes the stage-closed marker with its audit record (idempotent: false when it exists). */
export const markStageClosed = async (
  agency: AgencyId,
  cycleId: string,
  stageKind: string,
  stageId: string,
  change: Change,
): Promise<boolean> => {
  const key = stageMarkerKey(agency, cycleId, stageKind);
  const marker = { cycleId, stageKind, stageId, closedAt: change.at };
  try {
    await transactWrite([
      conditionalPut(
        table(),
        { ...key, entityKind: 'BeijingStageClosed', ...marker },
        { expr: 'attribute_not_exists(PK)' },
      ),
      auditChange(
        table(),
        {
          agencyId: agency,
          entityType: 'BeijingStage',
          entityId: `${cycleId}:${stageKind}`,
          entityPk: key.PK,
        },
        change,
        null,
        marker,
      ),
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) return false;
    throw error;
  }
};

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
    conditionalPut(
      table(),
      projectItem(after),
      before
        ? { expr: 'version = :v', values: { ':v': before.version } }
        : { expr: 'attribute_not_exists(PK)' },
    ),
    ...extra,
    auditChange(
      table(),
      {
        agencyId: after.agencyId,
        entityType: 'BeijingProject',
        entityId: after.projectId,
        entityPk: projectPk(after.agencyId, after.projectId),
      },
      change,
      audit.before !== undefined ? audit.before : before ? projectView(before) : null,
      audit.after !== undefined ? audit.after : projectView(after),
    ),
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

export const getProject = (agency: AgencyId, projectId: string): Promise<Project | undefined> =>
  getItemConsistent<Project>(table(), { PK: projectPk(agency, projectId), SK: 'PROJECT' });

export const getChild = <T>(agency: AgencyId, projectId: string, sk: string): Promise<T | undefined> =>
  getItemConsistent<T>(table(), { PK: projectPk(agency, projectId), SK: sk });

/** One page of the project's items of one kind (sort-key prefix). */
export const childPage = <T>(
  agency: AgencyId,
  projectId: string,
  prefix: string,
  limit: number,
  cursor?: string,
): Promise<Page<T>> => {
  const pk = projectPk(agency, projectId);
  return prefixPage<T>({ tableName: table(), pk, prefix, limit, cursor, scope: `${pk}#${prefix}` });
};

/** Every item of one kind of the project (bounded: a team has at most 50 members, a project 4 checks). */
export const allChildren = <T>(agency: AgencyId, projectId: string, prefix: string): Promise<T[]> =>
  readAllItems<T>({
    tableName: table(),
    pk: projectPk(agency, projectId),
    prefix,
    maxPages: 20,
    tooLarge: 'project partition larger than the bounded read',
  });

export const projectPage = (
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
  return prefixPage<Project>({
    tableName: table(),
    index,
    pk: partition,
    prefix,
    limit: f.limit,
    cursor: f.cursor,
    scope: `${index}#${partition}#${prefix}`,
  });
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
