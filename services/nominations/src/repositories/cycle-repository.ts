import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AgencyId,
  auditPut,
  getDocumentClient,
  mainTableName,
  type Page,
  queryPage,
  TransactionConditionFailed,
  tenantKey,
  transactWrite,
} from '@talent/data';
import { ConflictError, PreconditionFailedError } from '@talent/kernel';
import { type Cycle, toCycleView } from '../cycle';
import type { Change } from './nomination-repository';

export interface CycleListFilter {
  readonly programmeId?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** The cycles use cases' view of storage. */
export interface CycleRepository {
  create(cycle: Cycle, change: Change): Promise<void>;
  /** Replaces `before` by `after` if `before` is still the stored version (412 otherwise), with its audit record. */
  replace(before: Cycle, after: Cycle, change: Change): Promise<void>;
  get(agency: AgencyId, cycleId: string): Promise<Cycle | undefined>;
  list(agency: AgencyId, filter: CycleListFilter): Promise<Page<Cycle>>;
}

export class CycleExistsError extends ConflictError {
  constructor(cycleId: string) {
    super('P-CYCLE-UNIQUE', `Cycle ${cycleId} already exists in this agency`, 'cycleId');
  }
}

export const cyclePk = (agency: AgencyId, cycleId: string) => tenantKey(agency, 'CYCLE', cycleId);
const cyclesPk = (agency: AgencyId) => tenantKey(agency, 'CYCLES');

const toItem = (c: Cycle) => ({
  PK: cyclePk(c.agencyId, c.cycleId),
  SK: 'CYCLE',
  entityKind: 'Cycle',
  // The agency's cycles, by programme then year.
  GSI1PK: cyclesPk(c.agencyId),
  GSI1SK: `${c.programmeId}#${c.year}#${c.cycleId}`,
  ...c,
});

const fromItem = (item: Record<string, unknown>): Cycle => {
  const { PK: _pk, SK: _sk, GSI1PK: _a, GSI1SK: _b, entityKind: _e, ...rest } = item;
  return rest as unknown as Cycle;
};

export class DynamoCycleRepository implements CycleRepository {
  private readonly tableName = mainTableName();

  async create(c: Cycle, change: Change): Promise<void> {
    try {
      await transactWrite([
        {
          Put: {
            TableName: this.tableName,
            Item: toItem(c),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        auditPut(this.tableName, {
          agencyId: c.agencyId,
          entityType: 'Cycle',
          entityId: c.cycleId,
          entityPk: cyclePk(c.agencyId, c.cycleId),
          before: null,
          after: toCycleView(c),
          ...change,
        }),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) {
        throw new CycleExistsError(c.cycleId);
      }
      throw error;
    }
  }

  async replace(before: Cycle, after: Cycle, change: Change): Promise<void> {
    try {
      await transactWrite([
        {
          Put: {
            TableName: this.tableName,
            Item: toItem(after),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': before.version },
          },
        },
        auditPut(this.tableName, {
          agencyId: after.agencyId,
          entityType: 'Cycle',
          entityId: after.cycleId,
          entityPk: cyclePk(after.agencyId, after.cycleId),
          before: toCycleView(before),
          after: toCycleView(after),
          ...change,
        }),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed && error.failedIndexes.includes(0)) {
        throw new PreconditionFailedError();
      }
      throw error;
    }
  }

  async get(agency: AgencyId, cycleId: string): Promise<Cycle | undefined> {
    const { Item } = await getDocumentClient().send(
      new GetCommand({ TableName: this.tableName, Key: { PK: cyclePk(agency, cycleId), SK: 'CYCLE' } }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async list(agency: AgencyId, f: CycleListFilter): Promise<Page<Cycle>> {
    // DynamoDB refuses an empty begins_with operand: without a programme, the whole partition.
    const prefix = f.programmeId ? `${f.programmeId}#` : undefined;
    const page = await queryPage({
      tableName: this.tableName,
      indexName: 'GSI1',
      keyCondition: prefix ? 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)' : 'GSI1PK = :pk',
      values: { ':pk': cyclesPk(agency), ...(prefix ? { ':prefix': prefix } : {}) },
      limit: f.limit,
      cursor: f.cursor,
      scope: `${agency}|cycles|${prefix ?? '*'}`,
    });
    return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
  }
}
