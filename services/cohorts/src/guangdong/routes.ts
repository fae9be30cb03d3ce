import type { RouteContract } from '@talent/http';

/** The guangdong programme's cohort routes (contracts only: OpenAPI, infra and the gateway read them). */
export const guangdongRoutes: readonly RouteContract[] = [];
