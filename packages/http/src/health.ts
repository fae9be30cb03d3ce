import * as z from 'zod';
import { implement } from './api';
import { defineRoute } from './contract';

/** Pure: an entry module that imports `@talent/http` without the health route leaves zod out. */
export const healthResponse = /* @__PURE__ */ z.lazy(() =>
  z.object({
    status: z.literal('ok'),
    service: z.string(),
    time: z.string(),
  }),
);

/** Each service answers `GET /<service>/health` without a token. */
export const healthRoute = (service: string) =>
  defineRoute({
    operationId: `${service}Health`,
    method: 'GET',
    path: `/${service}/health`,
    roles: 'public',
    summary: `Health of the ${service} service`,
    tags: [service],
    response: healthResponse,
  });

/** The health route's implementation, the same in every service. */
export const healthImplementation = (service: string) =>
  implement(healthRoute(service), async () => ({
    body: { status: 'ok' as const, service, time: new Date().toISOString() },
  }));
