import type { RouteContract } from '@talent/http';

/** The beijing programme's cohort routes (contracts only: OpenAPI, infra and the gateway read them). */
export const beijingRoutes: readonly RouteContract[] = [];
