// The request pipeline's own module, not the @talent/http index: through the index, esbuild's code
// splitting would load every module the index re-exports (zod schemas among them) at import.
import { createLazyApi } from '../../../../packages/http/src/api';

const http = () => import('@talent/http');

/**
 * The reporting service: official forms, surveys, KPIs and reports, read from the other services'
 * data. Its import (the Lambda init phase) loads the request pipeline (middy, the logger, problem
 * details, auth, idempotency) and the DynamoDB SDK it uses. The routes are chunks of the bundle
 * loaded on first use (`createLazyApi`) in two groups, forms and KPIs: the first request loads both
 * groups' contracts and the implementations of its own group.
 */
export const handler = createLazyApi([
  {
    contracts: async () => [(await http()).healthRoute('reporting')],
    implementations: async () => [(await http()).healthImplementation('reporting')],
  },
  {
    contracts: async () => (await import('../forms/routes')).formsRoutes,
    implementations: async () => (await import('../forms/implementations')).formsImplementations,
  },
  {
    contracts: async () => (await import('../kpis/routes')).kpisRoutes,
    implementations: async () => (await import('../kpis/implementations')).kpisImplementations,
  },
]);
