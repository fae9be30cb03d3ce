import { buildOpenApi } from '@talent/http';
import { describe, expect, it } from 'vitest';
import { jiangsuRoutes } from '../src/jiangsu/routes';

describe('Jiangsu contracts', () => {
  it('build an OpenAPI document with unique Js operation ids and 4 MiB import bodies', () => {
    const doc = buildOpenApi(jiangsuRoutes, { title: 'jiangsu', version: '0' }) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
    const ids = jiangsuRoutes.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of jiangsuRoutes.filter((x) => x.path.endsWith('-imports')))
      expect(r.maxBodyBytes).toBe(4 * 1024 * 1024);
  });
});
