/**
 * Typed domain errors. Each carries the HTTP status it maps to, a stable problem `type`
 * slug (documented in docs/api.md) and, for rule violations, the rule id from DOMAIN.md.
 * One place (packages/http) turns them into RFC 9457 problem+json responses.
 */
export interface Violation {
  /** Rule id from DOMAIN.md (e.g. `X-RESIDENT-ID`) or a platform rule id (`P-…`). */
  readonly ruleId: string;
  /** Dotted path of the offending field (`nominee.residentId`), or '' for the whole request. */
  readonly path: string;
  readonly message: string;
  readonly messageZh?: string;
}

export interface DomainErrorOptions {
  readonly ruleId?: string;
  readonly field?: string;
  readonly violations?: readonly Violation[];
  readonly headers?: Readonly<Record<string, string>>;
}

export class DomainError extends Error {
  readonly ruleId: string | undefined;
  readonly field: string | undefined;
  readonly violations: readonly Violation[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    detail: string,
    options: DomainErrorOptions = {},
  ) {
    super(detail);
    this.name = new.target.name;
    this.ruleId = options.ruleId ?? options.violations?.[0]?.ruleId;
    this.field = options.field ?? options.violations?.[0]?.path;
    this.violations = options.violations ?? [];
    this.headers = options.headers ?? {};
  }
}

/** 422: the request is well-formed but breaks one or more rules. */
export class ValidationFailedError extends DomainError {
  constructor(violations: readonly Violation[], detail?: string) {
    super(
      422,
      'validation',
      'Request breaks one or more rules',
      detail ?? violations.map((v) => `${v.path || '(request)'}: ${v.message}`).join('; '),
      { violations },
    );
  }
}

/** 400: the request cannot be read at all (malformed JSON, bad encoding). */
export class MalformedRequestError extends DomainError {
  constructor(detail: string, field?: string) {
    super(400, 'malformed-request', 'Request could not be read', detail, {
      ruleId: 'P-REQUEST-FORMAT',
      field,
    });
  }
}

export class UnauthorizedError extends DomainError {
  constructor(detail = 'A valid bearer token is required') {
    super(401, 'unauthorized', 'Not authenticated', detail, { headers: { 'www-authenticate': 'Bearer' } });
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail: string, ruleId = 'P-ROLE') {
    super(403, 'forbidden', 'Not allowed', detail, { ruleId });
  }
}

/** 404. Also used for another agency's resources, so that their existence is not revealed (X-TENANT). */
export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super(404, 'not-found', 'Not found', `${entity} ${id} was not found`);
  }
}

/** 409: the request conflicts with the current state (uniqueness, caps, quotas, wrong status). */
export class ConflictError extends DomainError {
  constructor(ruleId: string, detail: string, field?: string) {
    super(409, 'conflict', 'Conflicts with the current state', detail, { ruleId, field });
  }
}

/** 412: `If-Match` does not match the current version (optimistic locking). */
export class PreconditionFailedError extends DomainError {
  constructor(detail = 'The resource has changed since it was read; fetch it again and retry') {
    super(412, 'precondition-failed', 'Version mismatch', detail, {
      ruleId: 'P-VERSION-MATCH',
      field: 'If-Match',
    });
  }
}

/** 428: an update was sent without `If-Match`. */
export class PreconditionRequiredError extends DomainError {
  constructor() {
    super(428, 'precondition-required', 'If-Match required', 'Send the ETag you read in an If-Match header', {
      ruleId: 'P-VERSION-MATCH',
      field: 'If-Match',
    });
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super(413, 'payload-too-large', 'Request body too large', `The body exceeds ${limitBytes} bytes`, {
      ruleId: 'P-REQUEST-SIZE',
      field: 'body',
    });
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(expected: string) {
    super(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as ${expected}`, {
      ruleId: 'P-REQUEST-FORMAT',
      field: 'content-type',
    });
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Too many requests', 'Slow down and retry later', {
      ruleId: 'P-RATE-LIMIT',
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
