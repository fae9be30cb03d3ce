import type { RouteContract } from '@talent/http';

/** The reporting service's kpis routes (contracts only). */
export const kpisRoutes: readonly RouteContract[] = [];
