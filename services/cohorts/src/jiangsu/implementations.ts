import type { RouteImplementation } from '@talent/http';

/** The code behind `jiangsuRoutes`. */
export const jiangsuImplementations: readonly RouteImplementation[] = [];
