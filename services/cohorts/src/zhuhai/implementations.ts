import type { RouteImplementation } from '@talent/http';

/** The code behind `zhuhaiRoutes`. */
export const zhuhaiImplementations: readonly RouteImplementation[] = [];
