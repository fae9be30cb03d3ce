import { newId, shanghaiDate } from '@talent/kernel';
import { type AgencyId, tenantKey } from './keys';
import type { TransactItem } from './transact';

/** Who did something, from the verified token. */
export interface Actor {
  readonly userId: string;
  readonly roles: readonly string[];
}

export interface AuditInput {
  readonly agencyId: AgencyId;
  readonly entityType: string;
  readonly entityId: string;
  /** Partition key of the entity; audit records live in the entity's item collection. */
  readonly entityPk: string;
  readonly action: string;
  readonly actor: Actor;
  readonly at: string;
  readonly reason?: string;
  /** Snapshots with personal data already masked (X-RESIDENT-ID): audit never stores raw IDs. */
  readonly before?: Record<string, unknown> | null;
  readonly after?: Record<string, unknown> | null;
  readonly requestId?: string;
}

export interface AuditRecord {
  readonly auditId: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly action: string;
  readonly actorId: string;
  readonly actorRoles: readonly string[];
  readonly at: string;
  readonly reason?: string;
  readonly before?: Record<string, unknown> | null;
  readonly after?: Record<string, unknown> | null;
  readonly requestId?: string;
}

/**
 * The audit record of a change (X-AUDIT), as a Put to add to the same transaction as the
 * change itself, so that no change is ever written without its record (and vice versa).
 * Sort key `AUDIT#<at>#<id>` keeps an entity's history in time order; GSI1 gives the agency's
 * day-by-day feed.
 */
export const auditPut = (tableName: string, input: AuditInput): TransactItem => {
  const auditId = newId();
  const record: AuditRecord = {
    auditId,
    entityType: input.entityType,
    entityId: input.entityId,
    action: input.action,
    actorId: input.actor.userId,
    actorRoles: [...input.actor.roles],
    at: input.at,
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.before !== undefined ? { before: input.before } : {}),
    ...(input.after !== undefined ? { after: input.after } : {}),
    ...(input.requestId ? { requestId: input.requestId } : {}),
  };
  return {
    Put: {
      TableName: tableName,
      Item: {
        PK: input.entityPk,
        SK: `AUDIT#${input.at}#${auditId}`,
        // The feed is by Shanghai calendar day, the day officials work in.
        GSI1PK: tenantKey(input.agencyId, 'AUDIT', shanghaiDate(input.at)),
        GSI1SK: `${input.at}#${auditId}`,
        entityKind: 'Audit',
        ...record,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
};

export const toAuditRecord = (item: Record<string, unknown>): AuditRecord => {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, entityKind: _k, ...record } = item;
  return record as unknown as AuditRecord;
};
