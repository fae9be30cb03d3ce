/**
 * Storage of the Jiangsu cohort (one table, keys below; see services/cohorts/README.md):
 *
 * | PK | SK | item |
 * |---|---|---|
 * | `A#<ag>#JSCYCLE#<cycleId>` | `UNIT#<unitId>` | training unit with its majors and plan |
 * | `A#<ag>#JSCYCLE#<cycleId>` | `SESSION#<unitId>#<sessionId>` | a session of a unit |
 * | `A#<ag>#JSCYCLE#<cycleId>` | `CITYLEAD#<city>` | the city's named official (JS-CITY-LEAD) |
 * | `A#<ag>#JSCYCLE#<cycleId>` | `GRADING#<unitId>` | the unit's grades, one item (JS-GRADE-QUOTA) |
 * | `A#<ag>#JSCYCLE#<cycleId>` | `PERSON#<fingerprint>` | one trainee per person per cycle |
 * | `A#<ag>#JSTRAINEE#<traineeId>` | `TRAINEE` | trainee (GSI1 `A#<ag>#JSCYCLE#<cycleId>#TRAINEES` / `<unitId>#<traineeId>`) |
 * | `A#<ag>#JSTRAINEE#<traineeId>` | `ATT#<sessionId>`, `LEAVE#<leaveId>`, `REPORT`, `CERT` | the training file |
 * | `A#<ag>#JSSANCTION#UNIT#<unitId>` or `…#PERSON#<fingerprint>` | `SANCTION#<imposedOn>#<id>` | sanctions |
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Actor,
  type AgencyId,
  auditPut,
  getDocumentClient,
  mainTableName,
  type Page,
  queryPage,
  type TransactItem,
  tenantKey,
} from '@talent/data';

export const table = () => mainTableName();
export const cyclePk = (ag: AgencyId, cycleId: string) => tenantKey(ag, 'JSCYCLE', cycleId);
export const traineePk = (ag: AgencyId, traineeId: string) => tenantKey(ag, 'JSTRAINEE', traineeId);
export const traineesIndexPk = (ag: AgencyId, cycleId: string) =>
  tenantKey(ag, 'JSCYCLE', cycleId, 'TRAINEES');

const KEY_ATTRS = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'entityKind'];
export const strip = <T>(item: Record<string, unknown>): T => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRS.includes(k)) out[k] = v;
  return out as T;
};

export const getItem = async <T>(pk: string, sk: string): Promise<T | undefined> => {
  const { Item } = await getDocumentClient().send(
    new GetCommand({ TableName: table(), Key: { PK: pk, SK: sk }, ConsistentRead: true }),
  );
  return Item ? strip<T>(Item) : undefined;
};

/** One page of the items of a partition whose sort key starts with `prefix`. */
export const pageOf = async <T>(
  ag: AgencyId,
  pk: string,
  prefix: string,
  limit: number,
  cursor?: string,
): Promise<Page<T>> => {
  const page = await queryPage({
    tableName: table(),
    keyCondition: 'PK = :pk AND begins_with(SK, :prefix)',
    values: { ':pk': pk, ':prefix': prefix },
    limit,
    cursor,
    scope: `${ag}|main|${pk}|${prefix}`,
  });
  return { items: page.items.map((i) => strip<T>(i)), nextCursor: page.nextCursor };
};

/** Every item of a partition under `prefix` (bounded collections: a unit's sessions, a trainee's file). */
export const allOf = async <T>(
  pk: string,
  prefix: string,
  index?: { name: 'GSI1'; pk: string },
): Promise<T[]> => {
  const out: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await getDocumentClient().send(
      new QueryCommand({
        TableName: table(),
        ...(index
          ? {
              IndexName: index.name,
              KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
              ExpressionAttributeValues: { ':pk': index.pk, ':prefix': prefix },
            }
          : {
              KeyConditionExpression: prefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
              ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':prefix': prefix } : {}) },
              ConsistentRead: true,
            }),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of r.Items ?? []) out.push(strip<T>(i));
    start = r.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return out;
};

export interface Change {
  readonly actor: Actor;
  readonly action: string;
  readonly at: string;
  readonly requestId?: string;
  readonly reason?: string;
}

export const audit = (
  ag: AgencyId,
  entityType: string,
  entityId: string,
  entityPk: string,
  change: Change,
  before: unknown,
  after: unknown,
): TransactItem =>
  auditPut(table(), {
    agencyId: ag,
    entityType,
    entityId,
    entityPk,
    action: change.action,
    actor: change.actor,
    at: change.at,
    ...(change.reason ? { reason: change.reason } : {}),
    ...(change.requestId ? { requestId: change.requestId } : {}),
    before: (before ?? null) as Record<string, unknown> | null,
    after: (after ?? null) as Record<string, unknown> | null,
  });

export const put = (
  item: Record<string, unknown>,
  condition?: string,
  values?: Record<string, unknown>,
  names?: Record<string, string>,
): TransactItem => ({
  Put: {
    TableName: table(),
    Item: item,
    ...(condition ? { ConditionExpression: condition } : {}),
    ...(values ? { ExpressionAttributeValues: values } : {}),
    ...(names ? { ExpressionAttributeNames: names } : {}),
  },
});
