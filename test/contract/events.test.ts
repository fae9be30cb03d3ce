import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../infra/src/manifest';
import { repoRoot } from '../../infra/src/paths';
import { apiEvent, lambdaContext } from '../support/api-event';
import { jiangsuCycle } from '../support/cycles';

// Contract: every sample event in events/api/ is one the deployed routes accept, and its
// service's handler answers it with the status the sample promises.

type Handler = (
  e: APIGatewayProxyEventV2WithJWTAuthorizer,
  c: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const dir = join(repoRoot, 'events', 'api');
const samples = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }));

describe('sample API events (events/api)', () => {
  // The nomination samples nominate into cycle js-2026: open it, as an agency would first.
  beforeAll(async () => {
    const { handler } = (await import(join(repoRoot, 'services/nominations/src/handlers/api.ts'))) as {
      handler: Handler;
    };
    const event = apiEvent({
      method: 'POST',
      route: '/cycles',
      body: jiangsuCycle('js-2026'),
      caller: { agency: 'jiangsu', roles: ['admin'], user: 'contract-setup' },
    });
    const r = await handler(event, lambdaContext('nominations'));
    expect([201, 409]).toContain(r.statusCode);
  });

  it('exist', () => expect(samples.length).toBeGreaterThan(0));

  it.each(samples)('$file answers $expectedStatus', async (sample) => {
    const event = sample.event as APIGatewayProxyEventV2WithJWTAuthorizer;
    const service = services.find((s) => s.routes.some((r) => `${r.method} ${r.path}` === event.routeKey));
    expect(service, `no deployed route ${event.routeKey}`).toBeDefined();
    const { handler } = (await import(join(repoRoot, service!.entry))) as { handler: Handler };
    const result = await handler(event, lambdaContext(service!.name));
    expect(result.statusCode).toBe(sample.expectedStatus);
  });
});
