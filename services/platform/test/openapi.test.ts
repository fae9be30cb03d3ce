import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRoutes } from '../../../infra/src/manifest';
import { apiEvent, lambdaContext, parseResponse } from '../../../test/support/api-event';
import { handler } from '../src/handlers/api';
import { apiRoutes, openApiDocument } from '../src/openapi';

describe('OpenAPI document', () => {
  const document = openApiDocument();

  it('is committed as docs/openapi.json exactly as generated (run `npm run openapi` after changing a route)', () => {
    const committed = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../../docs/openapi.json'), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('documents every route that infra deploys, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const deployed = allRoutes().map((r) => `${r.method} ${r.path}`);
    expect(new Set(documented)).toEqual(new Set(deployed));
    expect(apiRoutes).toHaveLength(deployed.length);
  });

  it('declares the roles and every path parameter of each operation', () => {
    for (const [path, ops] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops) as {
        'x-roles': unknown;
        parameters: { name: string; in: string }[];
      }[]) {
        expect(op['x-roles']).toBeDefined();
        const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared.sort()).toEqual([...names].sort());
      }
    }
  });

  it('is served at GET /openapi.json without a token', async () => {
    const r = parseResponse(
      await handler(apiEvent({ method: 'GET', route: '/openapi.json' }), lambdaContext()),
    );
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.paths)).toContain('/nominations/{nominationId}');
  });
});

describe('programme catalogue routes', () => {
  it("lists only the caller's agency's programmes", async () => {
    const r = parseResponse(
      await handler(
        apiEvent({ method: 'GET', route: '/programmes', caller: { agency: 'lishui', roles: ['unit'] } }),
        lambdaContext(),
      ),
    );
    expect(r.status).toBe(200);
    expect(r.body.items.map((p: { programmeId: string }) => p.programmeId)).toEqual(['lishui-masters']);
  });

  it("hides another agency's programme (X-TENANT)", async () => {
    const r = parseResponse(
      await handler(
        apiEvent({
          method: 'GET',
          route: '/programmes/{programmeId}',
          pathParameters: { programmeId: 'lishui-masters' },
          caller: { agency: 'jiangsu', roles: ['admin'] },
        }),
        lambdaContext(),
      ),
    );
    expect(r.status).toBe(404);
  });

  it('refuses the programme list without a token', async () => {
    const r = parseResponse(
      await handler(apiEvent({ method: 'GET', route: '/programmes' }), lambdaContext()),
    );
    expect(r.status).toBe(401);
  });
});
