import type { RouteImplementation } from '@talent/http';

/** The code behind `formsRoutes`. */
export const formsImplementations: readonly RouteImplementation[] = [];
