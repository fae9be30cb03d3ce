import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mainTable } from '../../data/src/tables';
import { tableSpecFromResource, templateFromTableDefinitions } from '../src/dynamo';
import { buildHandlerEnvironment } from '../src/env';
import { REPO_ROOT } from '../src/paths';
import { type LocalStack, startLocalStack, synthesizeTemplates } from '../src/stack';
import { readApiModel, resourcesOfType, TABLE_TYPES, type Templates } from '../src/template';
import { captureLogger, send, tempDir } from './helpers';

/** The local stack against what infra really synthesizes (CDK app, bundling off). */
describe('the synthesized templates', () => {
  let templates: Templates;
  let stack: LocalStack;
  const log = captureLogger();

  beforeAll(async () => {
    templates = await synthesizeTemplates();
    stack = await startLocalStack({
      port: 0,
      dataDir: tempDir('real'),
      dynamoEndpoint: inject('dynamoEndpoint'),
      templates,
      logger: log.logger,
    });
  }, 60_000);
  afterAll(() => stack?.stop());

  it('tie every route to a function whose entry exists', () => {
    const model = readApiModel(templates);
    expect(model.warnings).toEqual([]);
    expect(model.routes.length).toBeGreaterThan(0);
    const routeKeys = model.routes.map((r) => r.routeKey);
    expect(routeKeys).toContain('GET /health');
    expect(routeKeys).toContain('POST /nominations/{nominationId}/submit');
    for (const route of model.routes) {
      const fn = model.functions.get(route.functionLogicalId);
      expect(fn, route.routeKey).toBeDefined();
      expect(existsSync(resolve(REPO_ROOT, fn?.entry ?? '')), fn?.entry).toBe(true);
    }
  });

  it('declare the main table exactly as the shared definition (what tests create) does', () => {
    const fromTemplate = resourcesOfType(templates, TABLE_TYPES).map(([id, r]) =>
      tableSpecFromResource(id, r.Properties ?? {}),
    );
    const fromDefinitions = resourcesOfType(templateFromTableDefinitions([mainTable]), TABLE_TYPES).map(
      ([id, r]) => tableSpecFromResource(id, r.Properties ?? {}),
    );
    const normalise = (specs: typeof fromTemplate) =>
      specs.map((s) => ({
        ...s,
        input: {
          ...s.input,
          AttributeDefinitions: [...(s.input.AttributeDefinitions ?? [])].sort((a, b) =>
            String(a.AttributeName).localeCompare(String(b.AttributeName)),
          ),
        },
      }));
    expect(normalise(fromTemplate)).toEqual(normalise(fromDefinitions));
  });

  it('resolve every function environment variable locally', () => {
    const env = buildHandlerEnvironment({
      templates,
      dynamoEndpoint: 'http://x',
      piiHashKey: 'k'.repeat(32),
    });
    expect(env.warnings).toEqual([]);
    expect(env.common.TABLE_NAME).toBe('MainTable');
  });

  it('serve GET /health and a JWT route through the real handlers', async () => {
    const health = await send(stack.url, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });

    const token = await stack.issueToken({ agency: 'jiangsu', roles: ['admin'] });
    const me = await send(stack.url, 'GET', '/agencies/me', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({ agencyId: 'jiangsu', roles: ['admin'], userId: 'dev-jiangsu-admin' });
    expect((await send(stack.url, 'GET', '/agencies/me')).status).toBe(401);
  });
});
