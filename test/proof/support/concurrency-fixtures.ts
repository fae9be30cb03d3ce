/**
 * Helpers of the concurrency proof suite (test/proof/concurrency.proof.test.ts): the domain clock,
 * 50 clients at once, tallies of their answers, strongly consistent read-back of the table (the
 * items and counters a race could have broken), and a fast-check scheduler over the DynamoDB
 * responses the handlers receive (to explore interleavings, not only the ones a run happens to hit).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient, mainTableName, personFingerprint } from '@talent/data';
import { setClockSource } from '@talent/kernel';
import type { Scheduler } from 'fast-check';
import type { Nomination, Nominee } from '../../../services/nominations/src/nomination';
import { DynamoNominationRepository } from '../../../services/nominations/src/repositories/nomination-repository';
import type { ParsedResponse } from '../../support/api-event';

/** How many clients race in every case. */
export const CLIENTS = 50;

let now = Date.now();
/**
 * Sets the domain clock (`nowIso`, `todayInShanghai`). The services' support modules each install
 * their own clock when imported; this one replaces them, so every case sets the day it needs.
 */
export const useClock = (iso: string): void => {
  now = Date.parse(iso);
  setClockSource(() => now);
};

/** `count` requests started together (plain Promise.all: every one is in flight before any returns). */
export const race = <T>(count: number, request: (i: number) => Promise<T>): Promise<T[]> =>
  Promise.all(Array.from({ length: count }, (_, i) => request(i)));

export interface Tally {
  /** status → how many answered it. */
  readonly byStatus: Record<number, number>;
  /** `status ruleId` → how many, for every non-2xx answer. */
  readonly refusals: Record<string, number>;
}

export const tally = (responses: readonly ParsedResponse[]): Tally => {
  const byStatus: Record<number, number> = {};
  const refusals: Record<string, number> = {};
  for (const r of responses) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.status >= 300) {
      const key = `${r.status} ${r.body?.ruleId ?? r.body?.errors?.[0]?.ruleId ?? '?'}`;
      refusals[key] = (refusals[key] ?? 0) + 1;
    }
  }
  return { byStatus, refusals };
};

/** The answers with this status. */
export const withStatus = (responses: readonly ParsedResponse[], status: number) =>
  responses.filter((r) => r.status === status);

/** Every refusal's `status ruleId`, as a set of distinct values. */
export const refusalKinds = (responses: readonly ParsedResponse[]): string[] =>
  Object.keys(tally(responses).refusals).sort();

// ——— read-back: strongly consistent reads of the one table ———

export type Key = { readonly PK: string; readonly SK: string };

export const getConsistent = async <T = Record<string, any>>(key: Key): Promise<T | undefined> => {
  const out = await getDocumentClient().send(
    new GetCommand({ TableName: mainTableName(), Key: key, ConsistentRead: true }),
  );
  return out.Item as T | undefined;
};

/** Every item of a partition whose sort key starts with `prefix` (strongly consistent, all pages). */
export const queryPartition = async <T = Record<string, any>>(pk: string, prefix = ''): Promise<T[]> => {
  const items: T[] = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: prefix ? 'PK = :pk AND begins_with(SK, :p)' : 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':p': prefix } : {}) },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
};

/**
 * Every item of an index partition (GSI1/GSI2) under `prefix`. Index reads cannot be consistent;
 * callers use them only to find ids and then read the items consistently.
 */
export const queryIndex = async <T = Record<string, any>>(
  index: 'GSI1' | 'GSI2',
  pk: string,
  prefix = '',
): Promise<T[]> => {
  const items: T[] = [];
  let start: QueryCommandInput['ExclusiveStartKey'];
  do {
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        IndexName: index,
        KeyConditionExpression: prefix
          ? `${index}PK = :pk AND begins_with(${index}SK, :p)`
          : `${index}PK = :pk`,
        ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':p': prefix } : {}) },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
};

export interface AuditItem {
  readonly action: string;
  readonly actorId: string;
  readonly entityId: string;
  readonly entityType: string;
  readonly requestId?: string;
  readonly [k: string]: unknown;
}

/** The audit records of an entity partition (X-AUDIT), oldest first. */
export const auditTrail = (entityPk: string): Promise<AuditItem[]> =>
  queryPartition<AuditItem>(entityPk, 'AUDIT#');

/** How many of the records have each action. */
export const actionCounts = (records: readonly { action: string }[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of records) out[r.action] = (out[r.action] ?? 0) + 1;
  return out;
};

/** Runs `f` over `items` at most `size` at a time (fixture building, not the races themselves). */
export const inChunks = async <T, R>(
  items: readonly T[],
  size: number,
  f: (item: T, i: number) => Promise<R>,
): Promise<R[]> => {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => f(item, i + j)))));
  }
  return out;
};

// ——— fast-check: interleavings of DynamoDB responses ———

/**
 * Routes every DynamoDB call of the process's shared document client through `s`: each call is
 * sent at once, but its response (or error) reaches the handler only when the scheduler releases
 * it, one at a time and in the order it picks. So concurrent requests see each other's reads and
 * writes in generated orders (a read answered late is stale by the time it is used). Returns the
 * function that removes the routing.
 */
export const scheduleDynamoResponses = (s: Scheduler): (() => void) => {
  const client = getDocumentClient();
  const name = `fc-scheduler-${randomUUID()}`;
  client.middlewareStack.add(
    (next, context) => (args) => {
      const sent = next(args);
      // The scheduler holds a small stand-in (so a failure's report lists the order of the calls
      // and how each ended, not whole HTTP responses); the handler then gets the real outcome.
      const outcome = sent.then(
        () => 'ok',
        (error: unknown) => `failed: ${error instanceof Error ? error.name : String(error)}`,
      );
      const label = String((context as { commandName?: string }).commandName ?? 'dynamodb');
      return s.schedule(outcome, label).then(() => sent);
    },
    { step: 'initialize', name },
  );
  return () => {
    client.middlewareStack.remove(name);
  };
};

/**
 * `count` distinct random years for budgets (one per agency, programme and year) among those the
 * services' own tests do not use, so parallel test files never share a budget with these cases.
 */
export const freshBudgetYears = (count: number): number[] => {
  const taken = new Set([2071, 2073, 2075, 2099]);
  const free = Array.from({ length: 38 }, (_, i) => 2061 + i).filter((y) => !taken.has(y));
  for (let i = free.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [free[i], free[j]] = [free[j] as number, free[i] as number];
  }
  return free.slice(0, count);
};

// ——— nominations: candidates for a draw, cloned from one made through the API ———

/**
 * `scores.length` more recommended nominations in `template`'s cycle and category, each a copy of
 * `template` (a nomination created, submitted, reviewed and recommended through the API, as stored)
 * with a new id, another person and its own review score. Written through the nominations
 * repository (item, person-cycle claim and audit record in one transaction), as
 * test/support/official-list.ts seeds official lists: the draw then ranks them like any other.
 */
export const cloneRecommended = async (
  template: Nomination,
  scores: readonly number[],
  residentIdOf: () => string,
): Promise<string[]> => {
  const repository = new DynamoNominationRepository();
  const at = template.submittedAt ?? new Date(now).toISOString();
  return inChunks(scores, 10, async (score, i) => {
    const residentId = residentIdOf();
    const nominationId = `n-${randomUUID().slice(0, 12)}`;
    const nominee = template.nominee as Nominee;
    const clone: Nomination = {
      ...template,
      nominationId,
      nominee: {
        ...nominee,
        residentId,
        birthDate: `${residentId.slice(6, 10)}-${residentId.slice(10, 12)}-${residentId.slice(12, 14)}`,
        gender: Number(residentId.charAt(16)) % 2 === 1 ? 'male' : 'female',
      },
      personFingerprint: personFingerprint(template.agencyId, residentId),
      // Later submissions than the template's, one millisecond apart (ties never decide here).
      submittedAt: new Date(Date.parse(at) + i + 1).toISOString(),
      decision: {
        ...(template.decision as NonNullable<Nomination['decision']>),
        scores: [score],
        meanScore: score,
      },
    };
    await repository.create(clone, {
      actor: { userId: 'seed', roles: ['admin'] },
      action: 'nomination.seeded',
      at: clone.submittedAt as string,
    });
    return nominationId;
  });
};

/** A stored item without its keys and index attributes: the entity as the repositories return it. */
export const entityOf = <T>(item: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, entityKind: _e, ...rest } = item;
  return rest as T;
};
