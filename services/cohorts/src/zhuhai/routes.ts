import type { RouteContract } from '@talent/http';

/** The zhuhai programme's cohort routes (contracts only: OpenAPI, infra and the gateway read them). */
export const zhuhaiRoutes: readonly RouteContract[] = [];
