import type { RouteContract } from '@talent/http';

/** The jiangsu programme's cohort routes (contracts only: OpenAPI, infra and the gateway read them). */
export const jiangsuRoutes: readonly RouteContract[] = [];
