import type { RouteImplementation } from '@talent/http';

/** The code behind `guangdongRoutes`. */
export const guangdongImplementations: readonly RouteImplementation[] = [];
