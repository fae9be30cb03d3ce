import type { RouteContract } from '@talent/http';

/** The reporting service's forms routes (contracts only). */
export const formsRoutes: readonly RouteContract[] = [];
