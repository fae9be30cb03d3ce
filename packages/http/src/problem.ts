import { type DomainError, isDomainError } from '@talent/kernel';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Problem types are relative URIs documented in docs/api.md. */
export const problemTypeUri = (slug: string): string => `/problems/${slug}`;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  ruleId?: string;
  field?: string;
  errors?: { field: string; ruleId: string; message: string; messageZh?: string }[];
  requestId?: string;
}

export const problemBody = (error: DomainError, instance?: string, requestId?: string): ProblemBody => ({
  type: problemTypeUri(error.type),
  title: error.title,
  status: error.status,
  detail: error.message,
  ...(instance ? { instance } : {}),
  ...(error.ruleId ? { ruleId: error.ruleId } : {}),
  ...(error.field ? { field: error.field } : {}),
  ...(error.violations.length > 0
    ? {
        errors: error.violations.map((v) => ({
          field: v.path,
          ruleId: v.ruleId,
          message: v.message,
          ...(v.messageZh ? { messageZh: v.messageZh } : {}),
        })),
      }
    : {}),
  ...(requestId ? { requestId } : {}),
});

export const problemResponse = (
  error: DomainError,
  instance?: string,
  requestId?: string,
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: error.status,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...error.headers },
  body: JSON.stringify(problemBody(error, instance, requestId)),
});

/** A 500 that says nothing about the cause; the cause goes to the log (redacted). */
export const internalErrorResponse = (
  instance?: string,
  requestId?: string,
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 500,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE },
  body: JSON.stringify({
    type: problemTypeUri('internal'),
    title: 'Internal error',
    status: 500,
    detail: 'The request could not be completed; it has been logged. Retry later or quote the request id.',
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
  }),
});

/** Error names of AWS services that mean "too many requests now": retried by the SDK, then ours to answer. */
const THROTTLING_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
]);

/**
 * An AWS SDK error that still means "try again shortly" once the SDK's own retries are spent: a
 * throttle (DynamoDB's ProvisionedThroughputExceededException, ThrottlingException …), a
 * transaction cancelled because an item was throttled, a 5xx of the service. Such a request was
 * not (or, for a 5xx, may not have been) applied; a retry with the same Idempotency-Key is safe.
 */
export const isRetryableServiceError = (error: unknown): boolean => {
  if (!(error instanceof Error) || typeof (error as { $metadata?: unknown }).$metadata !== 'object')
    return false;
  const e = error as Error & {
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
    CancellationReasons?: readonly { Code?: string }[];
  };
  if (THROTTLING_ERRORS.has(e.name) || e.$retryable?.throttling === true) return true;
  if (e.name === 'TransactionCanceledException')
    return (e.CancellationReasons ?? []).some((r) => r.Code === 'ThrottlingError');
  return (e.$metadata?.httpStatusCode ?? 0) >= 500;
};

/** 503 with Retry-After: the platform is busy (throttled downstream); the request may be sent again. */
export const serviceUnavailableResponse = (
  instance?: string,
  requestId?: string,
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 503,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'retry-after': '1' },
  body: JSON.stringify({
    type: problemTypeUri('service-unavailable'),
    title: 'Service unavailable',
    status: 503,
    detail:
      'The service is busy and did not complete the request. Send it again shortly, with the same Idempotency-Key.',
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
  }),
});

export const toProblemResponse = (error: unknown, instance?: string, requestId?: string) =>
  isDomainError(error)
    ? problemResponse(error, instance, requestId)
    : isRetryableServiceError(error)
      ? serviceUnavailableResponse(instance, requestId)
      : internalErrorResponse(instance, requestId);
