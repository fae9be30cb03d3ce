import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AgencyId, getDocumentClient, mainTableName, tenantKey } from '@talent/data';
import { ConflictError, DomainError, ValidationFailedError } from '@talent/kernel';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** How long a key is remembered, and how long an unfinished first request holds it. */
const RETENTION_SECONDS = 24 * 60 * 60;
const LOCK_MILLIS = 30_000;
const WAIT_FOR_FIRST_MILLIS = 10_000;
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      422,
      'idempotency-key-reused',
      'Idempotency-Key reused with a different request',
      'This Idempotency-Key was first used with a different request; use a new key for a new request',
      { ruleId: 'P-IDEMPOTENCY', field: 'Idempotency-Key' },
    );
  }
}

interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyClaim {
  readonly pk: string;
}

/** Text written as is by `canonical` (brackets, commas, keys). */
class Literal {
  constructor(readonly text: string) {}
}

/**
 * The request body with object keys sorted, as one string (the request fingerprint). Written
 * without recursion: a body nested 10,000 levels deep (that its route's schema lets through, e.g.
 * a nomination's open `attributes`) must not exhaust the stack and turn a 4xx into a 500
 * (P-IDEMPOTENCY, found by test/proof/hostile.proof.test.ts). Same output as the recursive form.
 */
const canonical = (root: unknown): string => {
  const out: string[] = [];
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const value = todo.pop();
    if (value instanceof Literal) out.push(value.text);
    else if (Array.isArray(value)) {
      todo.push(new Literal(']'));
      for (let i = value.length - 1; i >= 0; i--) {
        todo.push(i in value ? value[i] : new Literal(''));
        if (i > 0) todo.push(new Literal(','));
      }
      todo.push(new Literal('['));
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      todo.push(new Literal('}'));
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i] as [string, unknown];
        todo.push(v, new Literal(`${JSON.stringify(k)}:`));
        if (i > 0) todo.push(new Literal(','));
      }
      todo.push(new Literal('{'));
    } else out.push(JSON.stringify(value) ?? 'null');
  }
  return out.join('');
};

export const validateIdempotencyKey = (key: string): void => {
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-IDEMPOTENCY',
        path: 'Idempotency-Key',
        message: 'Idempotency-Key must be 1–128 characters of letters, digits, _ . : -',
        messageZh: 'Idempotency-Key 须为 1–128 位字母、数字或 _ . : -',
      },
    ]);
  }
};

/** Whose keys these are: keys never cross agencies, and never cross users within one. */
export interface IdempotencyScope {
  readonly agency: AgencyId | 'public';
  /** The caller's user id (or, for public routes, the client address). */
  readonly principal: string;
}

/**
 * `Idempotency-Key` on POST: the first request with a key claims it (conditional put); a
 * replay of the same request gets the first response, byte for byte; the same key with a
 * different request is 422; a replay that arrives while the first is still running waits for
 * it (up to 10 s) and then gets its response, or 409 if it is still running.
 * Keys are per agency, per caller and per route: one agency's keys never meet another's
 * (X-TENANT), and a replay can only return a response to the user who caused it, so a user with
 * a narrower view (masked personal data, one unit) never receives someone else's response.
 */
export const claimIdempotencyKey = async (
  scope: IdempotencyScope,
  routeKey: string,
  key: string,
  request: { path: string; body: unknown },
): Promise<{ claim: IdempotencyClaim } | { replay: APIGatewayProxyStructuredResultV2 }> => {
  validateIdempotencyKey(key);
  const { agency } = scope;
  const keyHash = createHash('sha256')
    .update(`${routeKey}\u0000${scope.principal}\u0000${key}`)
    .digest('base64url');
  const requestHash = createHash('sha256')
    .update(`${request.path}\u0000${canonical(request.body)}`)
    .digest('base64url');
  const pk = agency === 'public' ? `PUBLIC#IDEM#${keyHash}` : tenantKey(agency, 'IDEM', keyHash);
  const now = Date.now();
  const client = getDocumentClient();
  const TableName = mainTableName();
  try {
    await client.send(
      new PutCommand({
        TableName,
        Item: {
          PK: pk,
          SK: 'IDEM',
          entityKind: 'IdempotencyRecord',
          status: 'IN_PROGRESS',
          requestHash,
          lockExpiresAt: now + LOCK_MILLIS,
          expiresAt: Math.floor(now / 1000) + RETENTION_SECONDS,
        },
        ConditionExpression:
          'attribute_not_exists(PK) OR expiresAt < :nowSeconds OR (#status = :inProgress AND lockExpiresAt < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':now': now,
          ':nowSeconds': Math.floor(now / 1000),
          ':inProgress': 'IN_PROGRESS',
        },
      }),
    );
    return { claim: { pk } };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const deadline = now + WAIT_FOR_FIRST_MILLIS;
  for (;;) {
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: { PK: pk, SK: 'IDEM' }, ConsistentRead: true }),
    );
    if (!Item) {
      // The first request failed and released the key: this one may run.
      return claimIdempotencyKey(scope, routeKey, key, request);
    }
    if (Item.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    if (Item.status === 'COMPLETED') {
      const stored = Item.response as StoredResponse;
      return {
        replay: {
          statusCode: stored.statusCode,
          headers: { ...stored.headers, 'idempotent-replayed': 'true' },
          body: stored.body,
        },
      };
    }
    if (Date.now() > deadline) {
      throw new ConflictError(
        'P-IDEMPOTENCY',
        'A request with this Idempotency-Key is still in progress',
        'Idempotency-Key',
      );
    }
    await sleep(50);
  }
};

/** Remembers the response of the first request (2xx and 4xx alike: a replay gets the same answer). */
export const completeIdempotencyKey = async (
  claim: IdempotencyClaim,
  response: APIGatewayProxyStructuredResultV2,
): Promise<void> => {
  const stored: StoredResponse = {
    statusCode: response.statusCode ?? 200,
    headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body: typeof response.body === 'string' ? response.body : '',
  };
  await getDocumentClient().send(
    new UpdateCommand({
      TableName: mainTableName(),
      Key: { PK: claim.pk, SK: 'IDEM' },
      UpdateExpression: 'SET #status = :completed, #response = :response REMOVE lockExpiresAt',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'COMPLETED', ':response': stored },
    }),
  );
};

/** After an unexpected failure the key is released, so the client can retry with it. */
export const releaseIdempotencyKey = async (claim: IdempotencyClaim): Promise<void> => {
  await getDocumentClient().send(
    new DeleteCommand({ TableName: mainTableName(), Key: { PK: claim.pk, SK: 'IDEM' } }),
  );
};
