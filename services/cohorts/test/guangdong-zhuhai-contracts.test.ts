import { buildOpenApi } from '@talent/http';
import { describe, expect, it } from 'vitest';
import { guangdongRoutes } from '../src/guangdong/routes';
import { routes } from '../src/routes';
import { zhuhaiRoutes } from '../src/zhuhai/routes';

describe('Guangdong and Zhuhai route contracts', () => {
  it('build into the OpenAPI document with unique operation ids and declared roles', () => {
    const mine = [...guangdongRoutes, ...zhuhaiRoutes];
    const doc = buildOpenApi(mine, { title: 't', version: '0' }) as unknown as {
      paths: Record<string, Record<string, { operationId: string; 'x-roles'?: unknown }>>;
    };
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(ops).toHaveLength(mine.length);
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(mine.length);
    const all = routes.map((r) => r.operationId);
    expect(new Set(all).size).toBe(all.length);
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of mine) expect(r.roles === 'public' ? [] : r.roles.length).not.toBe(0);
  });
});
