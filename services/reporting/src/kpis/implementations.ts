import type { RouteImplementation } from '@talent/http';

/** The code behind `kpisRoutes`. */
export const kpisImplementations: readonly RouteImplementation[] = [];
