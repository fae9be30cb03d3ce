import { BatchGetCommand, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
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
import { ConflictError, PreconditionFailedError } from '@talent/kernel';
import { DuplicateNominationError } from '../errors';
import { auditSnapshot, type Nomination } from '../nomination';
import type { NominationStatus } from '../schemas/nomination';
import { holdsClaim } from '../selection';
import { cyclePk } from './cycle-repository';

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
  /** Strongly consistent reads of these nominations (missing ones are left out). */
  getMany(agency: AgencyId, nominationIds: readonly string[]): Promise<Nomination[]>;
  /**
   * Every nomination of the cycle in these statuses, strongly consistent (the index finds them, the
   * table answers): the provisional-list draw and the official-list freeze work on all of them.
   */
  ofCycle(agency: AgencyId, cycleId: string, statuses: readonly NominationStatus[]): Promise<Nomination[]>;
}

/** A change of one nomination: the stored version, the next one, and what the audit records. */
export interface NominationWrite {
  readonly before: Nomination;
  readonly after: Nomination;
  readonly change: Change;
}

const nominationPk = (agency: AgencyId, nominationId: string) => tenantKey(agency, 'NOM', nominationId);
const personPk = (agency: AgencyId, fingerprint: string) => tenantKey(agency, 'PERSON', fingerprint);
const unitPk = (agency: AgencyId, unitId: string) => tenantKey(agency, 'UNIT', unitId);

/**
 * Cycle partition: list by cycle, then by category and status (begins_with on the sort key). Listed
 * and official nominations carry their rank after the status, so a list reads in rank order.
 */
const cycleSortKey = (n: Nomination): string => {
  const ranked = (n.status === 'listed' || n.status === 'official') && n.listing?.rank !== undefined;
  const rank = ranked ? `${String(n.listing?.rank).padStart(5, '0')}#` : '';
  return `NOM#${n.category}#${n.status}#${rank}${n.nominationId}`;
};

const toItem = (n: Nomination) => ({
  PK: nominationPk(n.agencyId, n.nominationId),
  SK: 'NOMINATION',
  entityKind: 'Nomination',
  GSI1PK: cyclePk(n.agencyId, n.cycleId),
  GSI1SK: cycleSortKey(n),
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

/** Pages of a cycle's partition per request at most (1 MB each): far beyond any cycle's nominations. */
const MAX_CYCLE_PAGES = 200;

/** Follows LastEvaluatedKey (no cursor leaves the repository), bounded. */
const readAll = async (
  input: QueryCommandInput,
  onPage: (page: { Items?: Record<string, unknown>[] }) => void,
): Promise<void> => {
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < MAX_CYCLE_PAGES; page++) {
    const out = await getDocumentClient().send(
      new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    onPage(out as { Items?: Record<string, unknown>[] });
    startKey = out.LastEvaluatedKey as Record<string, unknown> | undefined;
    if (!startKey) return;
  }
  throw new Error('cycle partition larger than the bounded read');
};

/**
 * The items of one nomination change for a transaction: the conditional Put (same version and
 * status as read), the person-cycle claim when the change takes or frees it, and the audit record.
 * `claimIndex` is the claim Put's index (-1 when none), to map its failure to the duplicate rule.
 */
export const nominationWriteItems = (
  tableName: string,
  { before, after, change }: NominationWrite,
): { items: TransactItem[]; claimIndex: number } => {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: toItem(after),
        ConditionExpression: 'version = :expected AND #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':expected': before.version, ':status': before.status },
      },
    },
  ];
  const wasActive = holdsClaim(before.status);
  const isActive = holdsClaim(after.status);
  const movedPerson = before.personFingerprint !== after.personFingerprint;
  let claimIndex = -1;
  if (wasActive && (!isActive || movedPerson)) items.push(uniquenessDelete(tableName, before));
  if (isActive && (!wasActive || movedPerson)) {
    claimIndex = items.length;
    items.push(uniquenessPut(tableName, after));
  }
  items.push(
    auditPut(tableName, {
      agencyId: after.agencyId,
      entityType: 'Nomination',
      entityId: after.nominationId,
      entityPk: nominationPk(after.agencyId, after.nominationId),
      before: auditSnapshot(before),
      after: auditSnapshot(after),
      ...change,
    }),
  );
  return { items, claimIndex };
};

/** The key of a nomination item (for condition checks in other entities' transactions). */
export const nominationKey = (agency: AgencyId, nominationId: string) => ({
  PK: nominationPk(agency, nominationId),
  SK: 'NOMINATION',
});

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
    const { items, claimIndex } = nominationWriteItems(this.tableName, { before, after, change });
    try {
      await transactWrite(items);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (claimIndex >= 0 && error.failedIndexes.includes(claimIndex))
        throw new DuplicateNominationError(after.nomineeKind);
      if (error.failedIndexes.includes(0)) throw await this.changedMeanwhile(before);
      throw error;
    }
  }

  /** The error for a write whose condition on the nomination failed: its status or its version moved on. */
  async changedMeanwhile(before: Nomination): Promise<Error> {
    const current = await this.get(before.agencyId, before.nominationId);
    if (current && current.status !== before.status) {
      return new ConflictError('P-NOMINATION-STATUS', `The nomination is ${current.status} now`, 'status');
    }
    return new PreconditionFailedError();
  }

  async getMany(agency: AgencyId, nominationIds: readonly string[]): Promise<Nomination[]> {
    const out: Nomination[] = [];
    const ids = [...new Set(nominationIds)];
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = ids
        .slice(i, i + 100)
        .map((id) => ({ PK: nominationPk(agency, id), SK: 'NOMINATION' }));
      for (let attempt = 0; keys && keys.length > 0 && attempt < 8; attempt++) {
        const res = await getDocumentClient().send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        out.push(...(res.Responses?.[this.tableName] ?? []).map(fromItem));
        keys = res.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
        if (keys && keys.length > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
      if (keys && keys.length > 0) throw new Error('BatchGet left keys unprocessed after retries');
    }
    return out;
  }

  /** The whole cycle partition of the index with a status filter, page after page (bounded). */
  private cycleQuery(agency: AgencyId, cycleId: string, statuses: readonly NominationStatus[]) {
    const values = Object.fromEntries(statuses.map((st, i) => [`:s${i}`, st]));
    return {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :nom)',
      FilterExpression: `#status IN (${Object.keys(values).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': cyclePk(agency, cycleId), ':nom': 'NOM#', ...values },
    } satisfies QueryCommandInput;
  }

  async ofCycle(
    agency: AgencyId,
    cycleId: string,
    statuses: readonly NominationStatus[],
  ): Promise<Nomination[]> {
    const ids: string[] = [];
    await readAll(
      { ...this.cycleQuery(agency, cycleId, statuses), ProjectionExpression: 'nominationId' },
      (page) => ids.push(...(page.Items ?? []).map((i) => String(i.nominationId))),
    );
    // The index may lag: the table's consistent read decides the status.
    return (await this.getMany(agency, ids)).filter((n) => statuses.includes(n.status));
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
