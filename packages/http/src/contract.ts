import type { z } from 'zod';

/**
 * Roles an agency grants its users. Every route names the roles that may call it;
 * `public` routes take no token at all (health, OpenAPI document, publicity pages).
 */
export const ROLES = ['admin', 'reviewer', 'unit', 'finance', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A route's contract: everything but the code that serves it. Infra (API Gateway routes),
 * the local gateway, the OpenAPI document and the handler's validation all read this one object.
 */
export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  /** Stable identifier, unique across the whole API (OpenAPI operationId). */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/nominations/{nominationId}`. */
  readonly path: string;
  /** Roles allowed to call the route, or `'public'` for unauthenticated routes. */
  readonly roles: readonly Role[] | 'public';
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Schema of the success body (documentation only). */
  readonly response?: z.ZodType;
  /** HTTP status of a success (default 200; 201 for creates). */
  readonly successStatus?: number;
  /** Whether the route honours `Idempotency-Key` (default: true for POST). */
  readonly idempotent?: boolean;
  /** Whether the route requires `If-Match` (optimistic locking). */
  readonly requiresIfMatch?: boolean;
  /** Largest request body in bytes (default 64 KiB; spreadsheet imports take more). */
  readonly maxBodyBytes?: number;
}

export const routeKey = (c: Pick<RouteContract, 'method' | 'path'>): string => `${c.method} ${c.path}`;

export const defineRoute = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  c: RouteContract<P, Q, B>,
): RouteContract<P, Q, B> => c;
