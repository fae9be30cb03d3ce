import type { RouteImplementation } from '@talent/http';

/** The code behind `beijingRoutes`. */
export const beijingImplementations: readonly RouteImplementation[] = [];
