/**
 * Storage of the selection work (see docs/data-model.md): the reviewer registry, reviews, objections,
 * the per-category selection counters that hold quotas under concurrency, the objection counter the
 * lifecycle reads, and the per-address rate limit of public objections. Every change is one
 * transaction with its audit record (X-AUDIT) and the conditions of the invariants it touches.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AgencyId,
  auditPut,
  getDocumentClient,
  mainTableName,
  type Page,
  personFingerprint,
  queryPage,
  type TransactItem,
  TransactionConditionFailed,
  tenantKey,
  transactWrite,
} from '@talent/data';
import { ConflictError, PreconditionFailedError } from '@talent/kernel';
import { DuplicateReviewError, QuotaFullError, SelectionChangedError } from '../errors';
import type { Nomination } from '../nomination';
import type { ObjectionStatus } from '../schemas/selection';
import { SELECTED } from '../selection';
import { cyclePk } from './cycle-repository';
import {
  type Change,
  type NominationWrite,
  nominationKey,
  nominationWriteItems,
} from './nomination-repository';

export interface Reviewer {
  readonly agencyId: AgencyId;
  readonly reviewerId: string;
  readonly name: string;
  readonly unitId?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** One reviewer's review of one nomination in one round; never changed. */
export interface Review {
  readonly agencyId: AgencyId;
  readonly nominationId: string;
  readonly reviewerId: string;
  readonly round: number;
  readonly score: number;
  readonly qualificationPassed: boolean;
  readonly recommendation: 'recommend' | 'not-recommend';
  readonly comment: string;
  readonly at: string;
}

/** An objection (异议) lodged during a publicity period. `name` and `contact` are personal data. */
export interface Objection {
  readonly objectionId: string;
  readonly agencyId: AgencyId;
  readonly reference: string;
  readonly cycleId: string;
  readonly stageId: string;
  readonly nominationId: string;
  readonly name: string;
  readonly contact: string;
  readonly grounds: string;
  readonly evidence: readonly { readonly title: string; readonly url?: string }[];
  readonly status: ObjectionStatus;
  readonly receivedAt: string;
  readonly resolution?: {
    readonly outcome: 'upheld' | 'dismissed';
    readonly reason: string;
    readonly by: string;
    readonly at: string;
  };
  readonly version: number;
}

/**
 * A category's enforced quota: the rule that sets it, its number per cycle and, when the seed caps a
 * year, per programme year over all the agency's cycles of it (JS-CATEGORIES: 100 and 100).
 */
export interface QuotaLimit {
  readonly ruleId: string;
  readonly limit: number;
  readonly perYear?: number;
}
export type QuotaLimits = Readonly<Record<string, QuotaLimit | undefined>>;

/**
 * Where a programme year's selections are counted: the cycle's programme and year. Every change of
 * a cycle's listed and official count moves the year's counter too, in the same transaction, so a
 * `perYear` quota holds over all the cycles of the year, whichever of them selects.
 */
export interface SelectionPool {
  readonly programmeId: string;
  readonly year: number;
}

/** Listed + official nominations of one category: in the cycle and in its programme year. */
export interface SelectedCount {
  readonly cycle: number;
  readonly year: number;
}

export interface SelectionRepository {
  getReviewer(agency: AgencyId, reviewerId: string): Promise<Reviewer | undefined>;
  /** Registers (`before` undefined) or updates the reviewer if `before` is still the stored version. */
  saveReviewer(before: Reviewer | undefined, after: Reviewer, change: Change): Promise<void>;
  listReviewers(agency: AgencyId, limit: number, cursor?: string): Promise<Page<Reviewer>>;
  /** Adds the review (one per reviewer and round) if the nomination is still the version read. */
  addReview(nomination: Nomination, review: Review, change: Change): Promise<void>;
  reviews(agency: AgencyId, nominationId: string, round?: number): Promise<Review[]>;
  /**
   * Writes nomination changes (one cycle) in as few transactions as fit, each with the selection
   * counters of its categories: a category with a limit never counts more listed and official
   * nominations than the limit (409 with the quota's rule id). Changes that free a place go first.
   */
  applyNominations(
    writes: readonly NominationWrite[],
    pool: SelectionPool,
    limits?: QuotaLimits,
  ): Promise<void>;
  /** The counters of the categories, the cycle's and the year's read together (one snapshot). */
  selectedCounts(
    agency: AgencyId,
    cycleId: string,
    pool: SelectionPool,
    categories: readonly string[],
  ): Promise<Record<string, SelectedCount>>;
  /**
   * Claims the cycle's list draw for `holder` for `leaseMs` (real time): false while another
   * draw holds an unexpired claim. Concurrent draws then stop at once instead of each reading
   * every candidate (P-LIST-DRAW).
   */
  claimDraw(agency: AgencyId, cycleId: string, holder: string, leaseMs: number): Promise<boolean>;
  /** Gives the claim back (only the holder's own). */
  releaseDraw(agency: AgencyId, cycleId: string, holder: string): Promise<void>;
  /** Stores the objection if its nomination is still in `publishedStatus`. */
  createObjection(objection: Objection, publishedStatus: string, change: Change): Promise<void>;
  getObjection(agency: AgencyId, objectionId: string): Promise<Objection | undefined>;
  listObjections(
    agency: AgencyId,
    cycleId: string,
    filter: { status?: ObjectionStatus | undefined; limit: number; cursor?: string | undefined },
  ): Promise<Page<Objection>>;
  /** Resolves the objection (still open, same version) and, when upheld, removes its nomination in the same transaction. */
  resolveObjection(
    before: Objection,
    after: Objection,
    change: Change,
    removal?: { readonly write: NominationWrite; readonly pool: SelectionPool },
  ): Promise<void>;
  /** Objections of the cycle not yet resolved (a counter kept in the same transactions). */
  unresolvedObjections(agency: AgencyId, cycleId: string): Promise<number>;
  /**
   * Counts one attempt from `sourceIp` against the cycle in the current window; refused (without
   * counting) beyond `max`. The address is kept only as a keyed hash, and the window item expires.
   */
  countAttempt(
    agency: AgencyId,
    cycleId: string,
    sourceIp: string,
    limit: { max: number; windowSeconds: number; nowMs: number },
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

const reviewersPk = (agency: AgencyId) => tenantKey(agency, 'REVIEWERS');
const reviewerSk = (reviewerId: string) => `REVIEWER#${reviewerId}`;
const nominationPk = (agency: AgencyId, nominationId: string) => nominationKey(agency, nominationId).PK;
const reviewSk = (round: number, reviewerId?: string) =>
  `REVIEW#${String(round).padStart(3, '0')}#${reviewerId ?? ''}`;
const objectionPk = (agency: AgencyId, objectionId: string) => tenantKey(agency, 'OBJECTION', objectionId);
const OBJECTION_COUNTER = 'OBJECTIONS';
const selectedSk = (category: string) => `SELECTED#${category}`;
/** The partition of a programme year's selection counters (one item per category). */
export const selectionYearPk = (agency: AgencyId, pool: SelectionPool) =>
  tenantKey(agency, 'SELECTION-YEAR', pool.programmeId, String(pool.year));

const strip = <T>(item: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, GSI1PK: _a, GSI1SK: _b, entityKind: _e, ...rest } = item;
  return rest as T;
};

/** The objection as audit records keep it: the objector masked (audit never holds raw personal data). */
const objectionAudit = (o: Objection): Record<string, unknown> => {
  const { name: _n, contact: _c, agencyId: _a, ...rest } = o;
  return { ...rest, objector: 'masked' };
};

/** The refusal of a selection past a quota, the cycle's or the year's. */
const quotaFull = (limit: NonNullable<CounterRef['limit']>, category: string) =>
  new QuotaFullError(limit.ruleId, category, limit.max, limit.scope);

/** Transactions hold at most 100 items; a nomination change is 2–3 of them, a counter 1. */
const MAX_ITEMS = 96;

/** A cancellation still conflicting with concurrent transactions after transactWrite's retries. */
const isTransactionConflict = (error: unknown): boolean =>
  error instanceof Error &&
  error.name === 'TransactionCanceledException' &&
  ((error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
    (r) => r.Code === 'TransactionConflict',
  );

/** Runs the transaction; a conflict unresolved by the retries is a 409 (send again), never a 5xx. */
const commit = async (items: readonly TransactItem[]): Promise<void> => {
  try {
    await transactWrite(items);
  } catch (error) {
    if (isTransactionConflict(error)) throw new SelectionChangedError();
    throw error;
  }
};

interface CounterRef {
  readonly index: number;
  readonly category: string;
  /** The number the counter's condition holds, when it has one. */
  readonly limit?: { readonly ruleId: string; readonly max: number; readonly scope: 'cycle' | 'year' };
}

/** The item that holds a cycle's list draw while it runs (P-LIST-DRAW). */
const DRAW_CLAIM_SK = 'DRAW-CLAIM';

export class DynamoSelectionRepository implements SelectionRepository {
  private readonly tableName = mainTableName();

  async claimDraw(agency: AgencyId, cycleId: string, holder: string, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    try {
      await getDocumentClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { PK: cyclePk(agency, cycleId), SK: DRAW_CLAIM_SK, holder, expiresAtMs: now + leaseMs },
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAtMs < :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseDraw(agency: AgencyId, cycleId: string, holder: string): Promise<void> {
    try {
      await getDocumentClient().send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: cyclePk(agency, cycleId), SK: DRAW_CLAIM_SK },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      // Expired and claimed by a later draw: that claim is not ours to give back.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async getReviewer(agency: AgencyId, reviewerId: string): Promise<Reviewer | undefined> {
    const { Item } = await getDocumentClient().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: reviewersPk(agency), SK: reviewerSk(reviewerId) },
      }),
    );
    return Item ? strip<Reviewer>(Item) : undefined;
  }

  async saveReviewer(before: Reviewer | undefined, after: Reviewer, change: Change): Promise<void> {
    try {
      await commit([
        {
          Put: {
            TableName: this.tableName,
            Item: {
              PK: reviewersPk(after.agencyId),
              SK: reviewerSk(after.reviewerId),
              entityKind: 'Reviewer',
              ...after,
            },
            ...(before
              ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } }
              : { ConditionExpression: 'attribute_not_exists(PK)' }),
          },
        },
        auditPut(this.tableName, {
          agencyId: after.agencyId,
          entityType: 'Reviewer',
          entityId: after.reviewerId,
          entityPk: reviewersPk(after.agencyId),
          before: before ? { ...before } : null,
          after: { ...after },
          ...change,
        }),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new PreconditionFailedError();
      throw error;
    }
  }

  async listReviewers(agency: AgencyId, limit: number, cursor?: string): Promise<Page<Reviewer>> {
    const page = await queryPage({
      tableName: this.tableName,
      keyCondition: 'PK = :pk AND begins_with(SK, :prefix)',
      values: { ':pk': reviewersPk(agency), ':prefix': 'REVIEWER#' },
      limit,
      cursor,
      scope: `${agency}|reviewers`,
    });
    return { items: page.items.map((i) => strip<Reviewer>(i)), nextCursor: page.nextCursor };
  }

  async addReview(nomination: Nomination, review: Review, change: Change): Promise<void> {
    const pk = nominationPk(review.agencyId, review.nominationId);
    try {
      await commit([
        {
          Put: {
            TableName: this.tableName,
            Item: { PK: pk, SK: reviewSk(review.round, review.reviewerId), entityKind: 'Review', ...review },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          // Nothing moved since the checks (assignment, status, round): parallel reviews all pass.
          ConditionCheck: {
            TableName: this.tableName,
            Key: nominationKey(nomination.agencyId, nomination.nominationId),
            ConditionExpression: 'version = :v AND #status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':v': nomination.version, ':status': nomination.status },
          },
        },
        auditPut(this.tableName, {
          agencyId: review.agencyId,
          entityType: 'Nomination',
          entityId: review.nominationId,
          entityPk: pk,
          before: null,
          after: { review: { ...review } },
          ...change,
        }),
      ]);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedIndexes.includes(0)) throw new DuplicateReviewError();
      throw new SelectionChangedError();
    }
  }

  async reviews(agency: AgencyId, nominationId: string, round?: number): Promise<Review[]> {
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': nominationPk(agency, nominationId),
          ':prefix': round === undefined ? 'REVIEW#' : reviewSk(round),
        },
        ConsistentRead: true,
      }),
    );
    // At most 3 reviewers a round: one page always holds them. In the order they were made.
    return (out.Items ?? [])
      .map((i) => strip<Review>(i))
      .sort((a, b) => a.round - b.round || a.at.localeCompare(b.at));
  }

  /**
   * The update of one category's counter, the cycle's or the year's, in one transaction (`delta`
   * listed + official); with `max`, an increase past it fails the transaction.
   */
  private counterItem(
    key: { PK: string; SK: string },
    kind: string,
    category: string,
    delta: number,
    limit?: CounterRef['limit'],
  ) {
    const guarded = limit !== undefined && delta > 0;
    if (guarded && limit.max - delta < 0) throw quotaFull(limit, category);
    return {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD #count :delta SET entityKind = :kind',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: {
          ':delta': delta,
          ':kind': kind,
          ...(guarded ? { ':max': limit.max - delta } : {}),
        },
        ...(guarded ? { ConditionExpression: 'attribute_not_exists(#count) OR #count <= :max' } : {}),
      },
    } satisfies TransactItem;
  }

  /**
   * Items of a batch of nomination writes plus, per category whose count moves, the update of the
   * cycle's counter and of the programme year's.
   */
  private batchItems(writes: readonly NominationWrite[], pool: SelectionPool, limits: QuotaLimits) {
    const items: TransactItem[] = [];
    const deltas = new Map<string, number>();
    const counted = (n: Nomination) => (SELECTED.includes(n.status) ? 1 : 0);
    for (const w of writes) {
      items.push(...nominationWriteItems(this.tableName, w).items);
      deltas.set(
        w.after.category,
        (deltas.get(w.after.category) ?? 0) + counted(w.after) - counted(w.before),
      );
    }
    const counters: CounterRef[] = [];
    const first = writes[0]?.after;
    for (const [category, delta] of deltas) {
      if (delta === 0 || !first) continue;
      const quota = limits[category];
      const cycleRef: CounterRef = {
        index: items.length,
        category,
        ...(quota ? { limit: { ruleId: quota.ruleId, max: quota.limit, scope: 'cycle' as const } } : {}),
      };
      counters.push(cycleRef);
      items.push(
        this.counterItem(
          { PK: cyclePk(first.agencyId, first.cycleId), SK: selectedSk(category) },
          'SelectionCounter',
          category,
          delta,
          cycleRef.limit,
        ),
      );
      const yearRef: CounterRef = {
        index: items.length,
        category,
        ...(quota?.perYear !== undefined
          ? { limit: { ruleId: quota.ruleId, max: quota.perYear, scope: 'year' as const } }
          : {}),
      };
      counters.push(yearRef);
      items.push(
        this.counterItem(
          { PK: selectionYearPk(first.agencyId, pool), SK: selectedSk(category) },
          'SelectionYearCounter',
          category,
          delta,
          yearRef.limit,
        ),
      );
    }
    return { items, counters };
  }

  /** Maps a failed condition of a batch to the rule it protects. */
  private batchError(error: TransactionConditionFailed, counters: readonly CounterRef[]): Error {
    const full = counters.find((c) => c.limit && error.failedIndexes.includes(c.index));
    if (full?.limit) return quotaFull(full.limit, full.category);
    return new SelectionChangedError();
  }

  async selectedCounts(
    agency: AgencyId,
    cycleId: string,
    pool: SelectionPool,
    categories: readonly string[],
  ): Promise<Record<string, SelectedCount>> {
    const counts: Record<string, SelectedCount> = {};
    // TransactGetItems reads at most 100 items: 50 categories a request (a programme has a few).
    for (let i = 0; i < categories.length; i += 50) {
      const slice = categories.slice(i, i + 50);
      const out = await getDocumentClient().send(
        new TransactGetCommand({
          TransactItems: slice.flatMap((category) => [
            {
              Get: {
                TableName: this.tableName,
                Key: { PK: cyclePk(agency, cycleId), SK: selectedSk(category) },
              },
            },
            {
              Get: {
                TableName: this.tableName,
                Key: { PK: selectionYearPk(agency, pool), SK: selectedSk(category) },
              },
            },
          ]),
        }),
      );
      const responses = out.Responses ?? [];
      slice.forEach((category, k) => {
        const count = (r: (typeof responses)[number] | undefined) => Number(r?.Item?.count ?? 0);
        counts[category] = { cycle: count(responses[2 * k]), year: count(responses[2 * k + 1]) };
      });
    }
    return counts;
  }

  async applyNominations(
    writes: readonly NominationWrite[],
    pool: SelectionPool,
    limits: QuotaLimits = {},
  ): Promise<void> {
    const delta = (w: NominationWrite) =>
      (SELECTED.includes(w.after.status) ? 1 : 0) - (SELECTED.includes(w.before.status) ? 1 : 0);
    const ordered = [...writes].sort((a, b) => delta(a) - delta(b));
    let batch: NominationWrite[] = [];
    let size = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const { items, counters } = this.batchItems(batch, pool, limits);
      batch = [];
      size = 0;
      try {
        await commit(items);
      } catch (error) {
        if (error instanceof TransactionConditionFailed) throw this.batchError(error, counters);
        throw error;
      }
    };
    for (const w of ordered) {
      const itemCount = nominationWriteItems(this.tableName, w).items.length;
      // Room for the counters of the batch's categories (at most two per write: cycle and year).
      if (size + itemCount + 2 * (batch.length + 1) > MAX_ITEMS) await flush();
      batch.push(w);
      size += itemCount;
    }
    await flush();
  }

  async createObjection(o: Objection, publishedStatus: string, change: Change): Promise<void> {
    try {
      await commit([
        {
          Put: {
            TableName: this.tableName,
            Item: {
              PK: objectionPk(o.agencyId, o.objectionId),
              SK: 'OBJECTION',
              entityKind: 'Objection',
              GSI1PK: cyclePk(o.agencyId, o.cycleId),
              GSI1SK: `OBJ#${o.objectionId}`,
              ...o,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: nominationKey(o.agencyId, o.nominationId),
            ConditionExpression: '#status = :published AND cycleId = :cycle',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':published': publishedStatus, ':cycle': o.cycleId },
          },
        },
        this.objectionCounter(o, 1),
        auditPut(this.tableName, {
          agencyId: o.agencyId,
          entityType: 'Objection',
          entityId: o.objectionId,
          entityPk: objectionPk(o.agencyId, o.objectionId),
          before: null,
          after: objectionAudit(o),
          ...change,
        }),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) {
        throw new ConflictError(
          'P-OBJECTION-TARGET',
          'The nomination left the list meanwhile',
          'body.nominationId',
        );
      }
      throw error;
    }
  }

  private objectionCounter(o: Objection, unresolved: number): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: { PK: cyclePk(o.agencyId, o.cycleId), SK: OBJECTION_COUNTER },
        UpdateExpression: `ADD unresolved :u${unresolved > 0 ? ', received :one' : ''} SET entityKind = :kind`,
        ExpressionAttributeValues: {
          ':u': unresolved,
          ':kind': 'ObjectionCounter',
          ...(unresolved > 0 ? { ':one': 1 } : {}),
        },
      },
    };
  }

  async getObjection(agency: AgencyId, objectionId: string): Promise<Objection | undefined> {
    const { Item } = await getDocumentClient().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: objectionPk(agency, objectionId), SK: 'OBJECTION' },
      }),
    );
    return Item ? strip<Objection>(Item) : undefined;
  }

  async listObjections(
    agency: AgencyId,
    cycleId: string,
    f: { status?: ObjectionStatus | undefined; limit: number; cursor?: string | undefined },
  ): Promise<Page<Objection>> {
    const page = await queryPage({
      tableName: this.tableName,
      indexName: 'GSI1',
      keyCondition: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      values: {
        ':pk': cyclePk(agency, cycleId),
        ':prefix': 'OBJ#',
        ...(f.status ? { ':status': f.status } : {}),
      },
      ...(f.status ? { filter: '#status = :status', names: { '#status': 'status' } } : {}),
      limit: f.limit,
      cursor: f.cursor,
      scope: `${agency}|objections|${cycleId}|${f.status ?? '*'}`,
    });
    return { items: page.items.map((i) => strip<Objection>(i)), nextCursor: page.nextCursor };
  }

  async resolveObjection(
    before: Objection,
    after: Objection,
    change: Change,
    removal?: { readonly write: NominationWrite; readonly pool: SelectionPool },
  ) {
    const removalItems = removal ? this.batchItems([removal.write], removal.pool, {}) : undefined;
    try {
      await commit([
        {
          Put: {
            TableName: this.tableName,
            Item: {
              PK: objectionPk(after.agencyId, after.objectionId),
              SK: 'OBJECTION',
              entityKind: 'Objection',
              GSI1PK: cyclePk(after.agencyId, after.cycleId),
              GSI1SK: `OBJ#${after.objectionId}`,
              ...after,
            },
            ConditionExpression: 'version = :v AND #status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':v': before.version, ':open': 'open' },
          },
        },
        this.objectionCounter(after, -1),
        auditPut(this.tableName, {
          agencyId: after.agencyId,
          entityType: 'Objection',
          entityId: after.objectionId,
          entityPk: objectionPk(after.agencyId, after.objectionId),
          before: objectionAudit(before),
          after: objectionAudit(after),
          ...change,
        }),
        ...(removalItems?.items ?? []),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) throw new SelectionChangedError();
      throw error;
    }
  }

  async unresolvedObjections(agency: AgencyId, cycleId: string): Promise<number> {
    const { Item } = await getDocumentClient().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: cyclePk(agency, cycleId), SK: OBJECTION_COUNTER },
        ConsistentRead: true,
      }),
    );
    return Number(Item?.unresolved ?? 0);
  }

  async countAttempt(
    agency: AgencyId,
    cycleId: string,
    sourceIp: string,
    limit: { max: number; windowSeconds: number; nowMs: number },
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    const windowMs = limit.windowSeconds * 1000;
    const windowStart = Math.floor(limit.nowMs / windowMs) * windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - limit.nowMs) / 1000));
    try {
      await getDocumentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: {
            PK: tenantKey(agency, 'RATE', cycleId, personFingerprint(agency, `ip\u0000${sourceIp}`)),
            SK: `W#${windowStart}`,
          },
          UpdateExpression: 'ADD hits :one SET expiresAt = :expires, entityKind = :kind',
          ConditionExpression: 'attribute_not_exists(hits) OR hits < :max',
          ExpressionAttributeValues: {
            ':one': 1,
            ':max': limit.max,
            ':expires': Math.ceil((windowStart + 2 * windowMs) / 1000),
            ':kind': 'RateWindow',
          },
        }),
      );
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { allowed: false, retryAfterSeconds };
      throw error;
    }
  }
}
