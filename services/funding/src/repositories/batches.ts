/**
 * Batches, their lines, the ledger counter of approvals and the budgets an approval charges.
 *
 * Keys (X-TENANT: every PK starts with A#<agency>#):
 * - batch      PK FBATCH#<batchId>  SK BATCH; GSI1 FBATCHES#<cycleId> / <createdAt>#<batchId>;
 *              GSI2 FPROGBATCHES#<programmeId> / <createdAt>#<batchId>
 * - line       PK FBATCH#<batchId>  SK LINE#<unitIdx:4>#<seq:6>; GSI1 FUNITLINES#<unitId> / <cycleId>#<batchId>#<seq>
 * - audit      PK FBATCH#<batchId>  SK AUDIT#<at>#<id> (auditPut)
 * - ledger     PK FLEDGER#<scope>   SK COUNTER  { approved, batchIds }   (the approvals of a ledger, in order)
 * - budget     PK FBUDGET#<programmeId>#<year> SK BUDGET; GSI1 FBUDGETS / <programmeId>#<year>
 */
import { createHash } from 'node:crypto';
import {
  type Actor,
  type AgencyId,
  auditPut,
  isKeySegment,
  type Page,
  queryPage,
  type TransactItem,
  TransactionConditionFailed,
  tenantKey,
  transactWrite,
} from '@talent/data';
import { PreconditionFailedError } from '@talent/kernel';
import { BatchStatusError, BudgetError, FourEyesError, StaleBatchError } from '../errors';
import {
  type BatchLine,
  type BatchStatus,
  type Budget,
  batchView,
  budgetView,
  type DisbursementBatch,
} from '../model';
import { getItem, putAll, queryAll, strip, table } from './items';

export interface Change {
  readonly actor: Actor;
  readonly action: string;
  readonly at: string;
  readonly reason?: string;
  readonly requestId?: string;
}

export const batchPk = (agency: AgencyId, batchId: string) => tenantKey(agency, 'FBATCH', batchId);
export const ledgerPk = (agency: AgencyId, scope: string) => tenantKey(agency, 'FLEDGER', scope);
export const budgetPk = (agency: AgencyId, programmeId: string, year: number) =>
  tenantKey(agency, 'FBUDGET', programmeId, String(year));
/** A unit id as a key segment: as is when it is one, else a digest (a school's name may hold any character). */
export const unitKey = (unitId: string) =>
  isKeySegment(unitId) ? unitId : `H.${createHash('sha256').update(unitId).digest('base64url').slice(0, 32)}`;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
export const lineSk = (unitIdx: number, seq: number) => `LINE#${pad(unitIdx, 4)}#${pad(seq, 6)}`;

const batchItem = (b: DisbursementBatch) => ({
  PK: batchPk(b.agencyId, b.batchId),
  SK: 'BATCH',
  entityKind: 'DisbursementBatch',
  GSI1PK: tenantKey(b.agencyId, 'FBATCHES', b.cycleId),
  GSI1SK: `${b.createdAt}#${b.batchId}`,
  GSI2PK: tenantKey(b.agencyId, 'FPROGBATCHES', b.programmeId),
  GSI2SK: `${b.createdAt}#${b.batchId}`,
  ...b,
});

const lineItem = (agency: AgencyId, l: BatchLine) => ({
  PK: batchPk(agency, l.batchId),
  SK: lineSk(l.unitIdx, l.seq),
  entityKind: 'DisbursementLine',
  GSI1PK: tenantKey(agency, 'FUNITLINES', unitKey(l.unitId)),
  GSI1SK: `${l.cycleId}#${l.batchId}#${pad(l.seq, 6)}`,
  ...l,
});

export interface Ledger {
  readonly approved: number;
  readonly batchIds: readonly string[];
}

export interface BudgetCharge {
  readonly year: number;
  readonly amountFen: number;
  readonly budget: Budget;
}

const auditOf = (b: DisbursementBatch, before: DisbursementBatch | null, change: Change) =>
  auditPut(table(), {
    agencyId: b.agencyId,
    entityType: 'DisbursementBatch',
    entityId: b.batchId,
    entityPk: batchPk(b.agencyId, b.batchId),
    before: before ? summary(before) : null,
    after: summary(b),
    ...change,
  });

/** Audit snapshots hold the batch header only (no personal data). */
const summary = (b: DisbursementBatch) => {
  const { units: _u, ...rest } = batchView(b);
  return { ...rest, units: b.units.length };
};

export class BatchRepository {
  /** Lines first (invisible without their header), then the header with its audit record in one transaction. */
  async create(batch: DisbursementBatch, lines: readonly BatchLine[], change: Change): Promise<void> {
    await putAll(lines.map((l) => lineItem(batch.agencyId, l)));
    await transactWrite([
      {
        Put: { TableName: table(), Item: batchItem(batch), ConditionExpression: 'attribute_not_exists(PK)' },
      },
      auditOf(batch, null, change),
    ]);
  }

  async get(agency: AgencyId, batchId: string): Promise<DisbursementBatch | undefined> {
    const item = await getItem(batchPk(agency, batchId), 'BATCH');
    return item ? strip<DisbursementBatch>(item) : undefined;
  }

  async linesPage(
    agency: AgencyId,
    batch: DisbursementBatch,
    unitIdx: number | undefined,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<BatchLine>> {
    const prefix = unitIdx === undefined ? 'LINE#' : `LINE#${pad(unitIdx, 4)}#`;
    const page = await queryPage({
      tableName: table(),
      keyCondition: 'PK = :pk AND begins_with(SK, :prefix)',
      values: { ':pk': batchPk(agency, batch.batchId), ':prefix': prefix },
      limit,
      cursor,
      scope: `${agency}|batch-lines|${batch.batchId}|${prefix}`,
    });
    return { items: page.items.map((i) => strip<BatchLine>(i)), nextCursor: page.nextCursor };
  }

  /** A batch's lines in order (of one unit when given), streamed page by page. */
  async *lines(agency: AgencyId, batchId: string, unitIdx?: number): AsyncGenerator<BatchLine> {
    const prefix = unitIdx === undefined ? 'LINE#' : `LINE#${pad(unitIdx, 4)}#`;
    for await (const item of queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': batchPk(agency, batchId), ':prefix': prefix },
      ConsistentRead: true,
    }))
      yield strip<BatchLine>(item);
  }

  async listByCycle(
    agency: AgencyId,
    cycleId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<DisbursementBatch>> {
    const page = await queryPage({
      tableName: table(),
      indexName: 'GSI1',
      keyCondition: 'GSI1PK = :pk',
      values: { ':pk': tenantKey(agency, 'FBATCHES', cycleId) },
      limit,
      cursor,
      scope: `${agency}|batches|${cycleId}`,
    });
    return { items: page.items.map((i) => strip<DisbursementBatch>(i)), nextCursor: page.nextCursor };
  }

  async *ofProgramme(agency: AgencyId, programmeId: string): AsyncGenerator<DisbursementBatch> {
    for await (const item of queryAll({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': tenantKey(agency, 'FPROGBATCHES', programmeId) },
    }))
      yield strip<DisbursementBatch>(item);
  }

  async ledger(agency: AgencyId, scope: string): Promise<Ledger> {
    const item = await getItem(ledgerPk(agency, scope), 'COUNTER');
    return {
      approved: Number(item?.approved ?? 0),
      batchIds: (item?.batchIds as string[] | undefined) ?? [],
    };
  }

  /** draft → reviewed, approved → released: the header only, if it is still the version read. */
  async transition(before: DisbursementBatch, after: DisbursementBatch, change: Change): Promise<void> {
    try {
      await transactWrite([
        {
          Put: {
            TableName: table(),
            Item: batchItem(after),
            ConditionExpression: '#v = :v AND #s = :s',
            ExpressionAttributeNames: { '#v': 'version', '#s': 'status' },
            ExpressionAttributeValues: { ':v': before.version, ':s': before.status },
          },
        },
        auditOf(after, before, change),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw await this.lostRace(before, after.status);
      throw error;
    }
  }

  /**
   * reviewed → approved in one transaction: the header (still reviewed, same version, reviewed by
   * someone else: P-FOUR-EYES), the ledger counter (no other approval since the calculation:
   * P-BATCH-STALE) and each year's budget (limit unchanged and room left: P-BUDGET), with the audit.
   */
  async approve(
    before: DisbursementBatch,
    after: DisbursementBatch,
    charges: readonly BudgetCharge[],
    change: Change,
  ): Promise<void> {
    const agency = before.agencyId;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: table(),
          Item: batchItem(after),
          ConditionExpression: '#v = :v AND #s = :s AND reviewedBy <> :me',
          ExpressionAttributeNames: { '#v': 'version', '#s': 'status' },
          ExpressionAttributeValues: { ':v': before.version, ':s': 'reviewed', ':me': change.actor.userId },
        },
      },
      {
        Update: {
          TableName: table(),
          Key: { PK: ledgerPk(agency, before.ledgerScope), SK: 'COUNTER' },
          UpdateExpression:
            'SET approved = :next, batchIds = list_append(if_not_exists(batchIds, :empty), :ids), entityKind = :k',
          ConditionExpression:
            before.ledgerBasis === 0
              ? 'attribute_not_exists(approved) OR approved = :basis'
              : 'approved = :basis',
          ExpressionAttributeValues: {
            ':basis': before.ledgerBasis,
            ':next': before.ledgerBasis + 1,
            ':empty': [],
            ':ids': [before.batchId],
            ':k': 'FundingLedger',
          },
        },
      },
      ...charges.map(
        (c): TransactItem => ({
          Update: {
            TableName: table(),
            Key: { PK: budgetPk(agency, before.programmeId, c.year), SK: 'BUDGET' },
            UpdateExpression: 'SET committedFen = committedFen + :amount, version = version + :one',
            ConditionExpression:
              c.amountFen > 0 ? 'limitFen = :limit AND committedFen <= :room' : 'attribute_exists(PK)',
            ExpressionAttributeValues: {
              ':amount': c.amountFen,
              ':one': 1,
              ...(c.amountFen > 0
                ? { ':limit': c.budget.limitFen, ':room': c.budget.limitFen - c.amountFen }
                : {}),
            },
          },
        }),
      ),
      auditOf(after, before, change),
    ];
    try {
      await transactWrite(items);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedIndexes.includes(0)) {
        const now = await this.get(agency, before.batchId);
        if (
          now &&
          now.status === 'reviewed' &&
          now.version === before.version &&
          now.reviewedBy === change.actor.userId
        )
          throw new FourEyesError();
        throw await this.lostRace(before, 'approved');
      }
      if (error.failedIndexes.includes(1)) throw new StaleBatchError();
      const failed = charges[(error.failedIndexes[0] ?? 2) - 2];
      throw new BudgetError(
        failed
          ? `Approving would exceed the ${before.programmeId} budget of ${failed.year}: ${failed.amountFen} fen more than the room left`
          : 'Approving would exceed the programme-year budget',
      );
    }
  }

  private async lostRace(before: DisbursementBatch, to: BatchStatus): Promise<Error> {
    const now = await this.get(before.agencyId, before.batchId);
    if (now && now.status !== before.status) return new BatchStatusError(now.status, to, before.status);
    return new PreconditionFailedError();
  }
}

export class BudgetRepository {
  async get(agency: AgencyId, programmeId: string, year: number): Promise<Budget | undefined> {
    const item = await getItem(budgetPk(agency, programmeId, year), 'BUDGET');
    return item ? strip<Budget>(item) : undefined;
  }

  /** Sets the limit: created, or replaced if still the version read and not below what is committed. */
  async put(before: Budget | undefined, after: Budget, change: Change): Promise<void> {
    const pk = budgetPk(after.agencyId, after.programmeId, after.year);
    try {
      await transactWrite([
        {
          Put: {
            TableName: table(),
            Item: {
              PK: pk,
              SK: 'BUDGET',
              entityKind: 'FundingBudget',
              GSI1PK: tenantKey(after.agencyId, 'FBUDGETS'),
              GSI1SK: `${after.programmeId}#${after.year}`,
              ...after,
            },
            ConditionExpression: before ? '#v = :v AND committedFen <= :limit' : 'attribute_not_exists(PK)',
            ...(before
              ? {
                  ExpressionAttributeNames: { '#v': 'version' },
                  ExpressionAttributeValues: { ':v': before.version, ':limit': after.limitFen },
                }
              : {}),
          },
        },
        auditPut(table(), {
          agencyId: after.agencyId,
          entityType: 'FundingBudget',
          entityId: `${after.programmeId}#${after.year}`,
          entityPk: pk,
          before: before ? budgetView(before) : null,
          after: budgetView(after),
          ...change,
        }),
      ]);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed) || !error.failedIndexes.includes(0)) throw error;
      const now = await this.get(after.agencyId, after.programmeId, after.year);
      if (now && now.version === before?.version && now.committedFen > after.limitFen)
        throw new BudgetError(
          `The budget cannot be lower than the ${now.committedFen} fen approved batches already commit`,
        );
      throw new PreconditionFailedError();
    }
  }

  async list(agency: AgencyId, programmeId: string | undefined, limit: number, cursor?: string) {
    const page = await queryPage({
      tableName: table(),
      indexName: 'GSI1',
      keyCondition: programmeId ? 'GSI1PK = :pk AND begins_with(GSI1SK, :p)' : 'GSI1PK = :pk',
      values: { ':pk': tenantKey(agency, 'FBUDGETS'), ...(programmeId ? { ':p': `${programmeId}#` } : {}) },
      limit,
      cursor,
      scope: `${agency}|budgets|${programmeId ?? '*'}`,
    });
    return { items: page.items.map((i) => strip<Budget>(i)), nextCursor: page.nextCursor };
  }
}

/** The audit trail of an entity partition (newest first). */
export const auditPage = async (agency: AgencyId, pk: string, limit: number, cursor?: string) => {
  const page = await queryPage({
    tableName: table(),
    keyCondition: 'PK = :pk AND begins_with(SK, :a)',
    values: { ':pk': pk, ':a': 'AUDIT#' },
    limit,
    cursor,
    scope: `${agency}|audit|${pk}`,
    scanForward: false,
  });
  return { items: page.items.map((i) => strip<Record<string, unknown>>(i)), nextCursor: page.nextCursor };
};
