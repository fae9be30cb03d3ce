// The request pipeline's own module, not the @talent/http index: through the index, esbuild's code
// splitting would load every module the index re-exports (zod schemas among them) at import.
import { createLazyApi } from '../../../../packages/http/src/api';

const http = () => import('@talent/http');

/**
 * The cohorts service: Jiangsu trainees, Beijing teachers and teams, Guangdong pilot classes, Zhuhai
 * records. Its import (the Lambda init phase) loads the request pipeline (middy, the logger, problem
 * details, auth, idempotency) and the DynamoDB SDK it uses. The routes are chunks of the bundle
 * loaded on first use (`createLazyApi`), one group per programme family: the first request loads
 * every family's contracts and the implementations (use cases, catalogue) of its own family.
 */
export const handler = createLazyApi([
  {
    contracts: async () => [(await http()).healthRoute('cohorts')],
    implementations: async () => [(await http()).healthImplementation('cohorts')],
  },
  {
    contracts: async () => (await import('../jiangsu/routes')).jiangsuRoutes,
    implementations: async () => (await import('../jiangsu/implementations')).jiangsuImplementations,
  },
  {
    contracts: async () => (await import('../beijing/routes')).beijingRoutes,
    implementations: async () => (await import('../beijing/implementations')).beijingImplementations,
  },
  {
    contracts: async () => (await import('../guangdong/routes')).guangdongRoutes,
    implementations: async () => (await import('../guangdong/implementations')).guangdongImplementations,
  },
  {
    contracts: async () => (await import('../zhuhai/routes')).zhuhaiRoutes,
    implementations: async () => (await import('../zhuhai/implementations')).zhuhaiImplementations,
  },
]);
