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

export const toProblemResponse = (error: unknown, instance?: string, requestId?: string) =>
  isDomainError(error)
    ? problemResponse(error, instance, requestId)
    : internalErrorResponse(instance, requestId);
