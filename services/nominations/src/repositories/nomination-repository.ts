import { GetCommand } from '@aws-sdk/lib-dynamodb';
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
import { PreconditionFailedError } from '@talent/kernel';
import { DuplicateNominationError, NominationNotDraftError } from '../errors';
import { auditSnapshot, type Nomination } from '../nomination';

export interface ListFilter {
  readonly cycleId?: string | undefined;
  readonly category?: string | undefined;
  readonly status?: string | undefined;
  readonly unitId?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface Change {
  readonly actor: Actor;
  readonly action: string;
  readonly at: string;
  readonly reason?: string;
  readonly requestId?: string;
}

/** The nominations use cases' view of storage; DynamoDB below, anything in tests. */
export interface NominationRepository {
  create(nomination: Nomination, change: Change): Promise<void>;
  get(agency: AgencyId, nominationId: string): Promise<Nomination | undefined>;
  list(agency: AgencyId, filter: ListFilter): Promise<Page<Nomination>>;
  /** Replaces `before` by `after` if `before` is still the stored version; frees or moves the person's uniqueness item. */
  replace(before: Nomination, after: Nomination, change: Change): Promise<void>;
  audit(agency: AgencyId, nominationId: string, limit: number, cursor?: string): Promise<Page<AuditRecord>>;
}

const nominationPk = (agency: AgencyId, nominationId: string) => tenantKey(agency, 'NOM', nominationId);
const personPk = (agency: AgencyId, fingerprint: string) => tenantKey(agency, 'PERSON', fingerprint);
const cyclePk = (agency: AgencyId, cycleId: string) => tenantKey(agency, 'CYCLE', cycleId);
const unitPk = (agency: AgencyId, unitId: string) => tenantKey(agency, 'UNIT', unitId);

/** Statuses in which a nomination holds the person's place in the cycle. */
const ACTIVE = new Set(['draft', 'submitted']);

const toItem = (n: Nomination) => ({
  PK: nominationPk(n.agencyId, n.nominationId),
  SK: 'NOMINATION',
  entityKind: 'Nomination',
  // Cycle partition: list by cycle, then by category and status (begins_with on the sort key).
  GSI1PK: cyclePk(n.agencyId, n.cycleId),
  GSI1SK: `NOM#${n.category}#${n.status}#${n.nominationId}`,
  // Unit partition: a nominating unit's nominations across cycles.
  GSI2PK: unitPk(n.agencyId, n.unitId),
  GSI2SK: `NOM#${n.cycleId}#${n.nominationId}`,
  ...n,
});

const fromItem = (item: Record<string, unknown>): Nomination => {
  const { PK: _pk, SK: _sk, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, entityKind: _e, ...rest } = item;
  return rest as unknown as Nomination;
};

const uniquenessPut = (tableName: string, n: Nomination): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: {
      PK: personPk(n.agencyId, n.personFingerprint),
      SK: `CYCLE#${n.cycleId}`,
      entityKind: 'PersonCycleClaim',
      nominationId: n.nominationId,
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

const uniquenessDelete = (tableName: string, n: Nomination): TransactItem => ({
  Delete: {
    TableName: tableName,
    Key: { PK: personPk(n.agencyId, n.personFingerprint), SK: `CYCLE#${n.cycleId}` },
    ConditionExpression: 'nominationId = :id',
    ExpressionAttributeValues: { ':id': n.nominationId },
  },
});

/** `attr = :value AND …` for the given attributes that have a value (a FilterExpression). */
const equalityFilter = (
  conditions: Record<string, string | undefined>,
): { filter?: string; names?: Record<string, string>; values: Record<string, unknown> } => {
  const present = Object.entries(conditions).filter((e): e is [string, string] => e[1] !== undefined);
  if (present.length === 0) return { values: {} };
  return {
    filter: present.map(([k]) => `#f_${k} = :f_${k}`).join(' AND '),
    names: Object.fromEntries(present.map(([k]) => [`#f_${k}`, k])),
    values: Object.fromEntries(present.map(([k, v]) => [`:f_${k}`, v])),
  };
};

export class DynamoNominationRepository implements NominationRepository {
  private readonly tableName = mainTableName();

  async create(n: Nomination, change: Change): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: { TableName: this.tableName, Item: toItem(n), ConditionExpression: 'attribute_not_exists(PK)' },
      },
      uniquenessPut(this.tableName, n),
      auditPut(this.tableName, {
        agencyId: n.agencyId,
        entityType: 'Nomination',
        entityId: n.nominationId,
        entityPk: nominationPk(n.agencyId, n.nominationId),
        before: null,
        after: auditSnapshot(n),
        ...change,
      }),
    ];
    try {
      await transactWrite(items);
    } catch (error) {
      if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(1)) {
        throw new DuplicateNominationError(n.nomineeKind);
      }
      throw error;
    }
  }

  async get(agency: AgencyId, nominationId: string): Promise<Nomination | undefined> {
    const { Item } = await getDocumentClient().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: nominationPk(agency, nominationId), SK: 'NOMINATION' },
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async list(agency: AgencyId, f: ListFilter): Promise<Page<Nomination>> {
    // A unit's nominations: its own partition (GSI2), narrowed to one cycle by the sort-key
    // prefix. Otherwise a cycle's partition (GSI1), narrowed by category and status.
    const byUnit = f.unitId !== undefined;
    const index = byUnit ? 'GSI2' : 'GSI1';
    const partition = byUnit ? unitPk(agency, f.unitId as string) : cyclePk(agency, f.cycleId as string);
    const prefix = byUnit
      ? `NOM#${f.cycleId ? `${f.cycleId}#` : ''}`
      : `NOM#${f.category ? `${f.category}#${f.status ? `${f.status}#` : ''}` : ''}`;
    const filters = byUnit
      ? { status: f.status, category: f.category }
      : { status: f.category ? undefined : f.status };
    const { filter, names, values } = equalityFilter(filters);
    const page = await queryPage({
      tableName: this.tableName,
      indexName: index,
      keyCondition: `${index}PK = :pk AND begins_with(${index}SK, :prefix)`,
      values: { ':pk': partition, ':prefix': prefix, ...values },
      ...(filter && names ? { filter, names } : {}),
      limit: f.limit,
      cursor: f.cursor,
      scope: `${agency}|${index}|${partition}|${prefix}|${JSON.stringify(filters)}`,
    });
    return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
  }

  async replace(before: Nomination, after: Nomination, change: Change): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: toItem(after),
          ConditionExpression: 'version = :expected AND #status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':expected': before.version, ':status': before.status },
        },
      },
    ];
    const wasActive = ACTIVE.has(before.status);
    const isActive = ACTIVE.has(after.status);
    const movedPerson = before.personFingerprint !== after.personFingerprint;
    let claimIndex = -1;
    if (wasActive && (!isActive || movedPerson)) items.push(uniquenessDelete(this.tableName, before));
    if (isActive && (!wasActive || movedPerson)) {
      claimIndex = items.length;
      items.push(uniquenessPut(this.tableName, after));
    }
    items.push(
      auditPut(this.tableName, {
        agencyId: after.agencyId,
        entityType: 'Nomination',
        entityId: after.nominationId,
        entityPk: nominationPk(after.agencyId, after.nominationId),
        before: auditSnapshot(before),
        after: auditSnapshot(after),
        ...change,
      }),
    );
    try {
      await transactWrite(items);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (claimIndex >= 0 && error.failedIndexes.includes(claimIndex))
        throw new DuplicateNominationError(after.nomineeKind);
      if (error.failedIndexes.includes(0)) {
        const current = await this.get(before.agencyId, before.nominationId);
        if (current && current.status !== before.status) throw new NominationNotDraftError(current.status);
        throw new PreconditionFailedError();
      }
      throw error;
    }
  }

  async audit(
    agency: AgencyId,
    nominationId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<AuditRecord>> {
    const page = await queryPage({
      tableName: this.tableName,
      keyCondition: 'PK = :pk AND begins_with(SK, :audit)',
      values: { ':pk': nominationPk(agency, nominationId), ':audit': 'AUDIT#' },
      limit,
      cursor,
      scope: `${agency}|audit|${nominationId}`,
    });
    return { items: page.items.map(toAuditRecord), nextCursor: page.nextCursor };
  }
}
