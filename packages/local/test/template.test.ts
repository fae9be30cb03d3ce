import { describe, expect, it } from 'vitest';
import { buildHandlerEnvironment } from '../src/env';
import { compileRoute, matchRoute } from '../src/gateway';
import { readApiModel, referencedLogicalIds, templateList } from '../src/template';
import { FIXTURE_ENTRY, fixtureTemplates, OTHER_ENTRY } from './fixtures/template';

describe('reading the templates', () => {
  const templates = fixtureTemplates();

  it('accepts one template or several keyed by stack', () => {
    expect(templateList(templates)).toHaveLength(2);
    expect(templateList(templates.api)).toHaveLength(1);
  });

  it('finds the functions with talent metadata and ties every route to one through its integration', () => {
    const model = readApiModel(templates);
    expect([...model.functions.keys()].sort()).toEqual(['EchoFunction', 'OtherFunction']);
    expect(model.functions.get('EchoFunction')).toMatchObject({
      service: 'echo',
      entry: FIXTURE_ENTRY,
      handlerName: 'handler',
    });
    expect(model.functions.get('OtherFunction')).toMatchObject({
      service: 'other',
      entry: OTHER_ENTRY,
      handlerName: 'main',
    });
    const byKey = Object.fromEntries(model.routes.map((r) => [r.routeKey, r]));
    expect(byKey['GET /items/{itemId}']).toMatchObject({
      method: 'GET',
      path: '/items/{itemId}',
      authorization: 'JWT',
      functionLogicalId: 'EchoFunction',
    });
    expect(byKey['GET /items/special']?.functionLogicalId).toBe('OtherFunction');
    expect(byKey['GET /health']?.authorization).toBe('NONE');
    expect(byKey['GET /broken']).toBeUndefined();
    expect(model.warnings).toEqual([expect.stringContaining('GET /broken')]);
  });

  it('collects logical ids from Ref, GetAtt (both forms), Join and Sub', () => {
    expect(
      referencedLogicalIds({
        'Fn::Join': ['', [{ Ref: 'A' }, { 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::GetAtt': 'C.Arn' }]],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
        x: { 'Fn::Sub': ['${D.Arn}/${E}', { v: { Ref: 'F' } }] },
      }),
    ).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });
});

describe('route matching order', () => {
  const r = (routeKey: string) => {
    const [method, path] = routeKey.split(' ') as [string, string];
    return compileRoute({ routeKey, method, path, authorization: 'NONE', functionLogicalId: routeKey });
  };
  const routes = [
    r('ANY /a/{proxy+}'),
    r('GET /a/{id}/c'),
    r('GET /a/{id}'),
    r('GET /a/b'),
    r('ANY /a/b/c'),
    r('GET /a/b/{x}'),
    compileRoute({
      routeKey: '$default',
      method: 'ANY',
      path: '',
      authorization: 'NONE',
      functionLogicalId: 'd',
    }),
  ];
  const key = (method: string, path: string) => matchRoute(routes, method, path)?.route.routeKey;

  it('prefers literal over {param} over {proxy+}, then a method over ANY, then $default', () => {
    expect(key('GET', '/a/b')).toBe('GET /a/b');
    expect(key('GET', '/a/z')).toBe('GET /a/{id}');
    expect(key('GET', '/a/b/c')).toBe('ANY /a/b/c');
    expect(key('GET', '/a/b/d')).toBe('GET /a/b/{x}');
    expect(key('GET', '/a/z/c')).toBe('GET /a/{id}/c');
    expect(key('POST', '/a/z')).toBe('ANY /a/{proxy+}');
    expect(key('GET', '/a/1/2/3')).toBe('ANY /a/{proxy+}');
    expect(key('GET', '/elsewhere')).toBe('$default');
  });
});

describe('handler environment from the templates', () => {
  const env = buildHandlerEnvironment({
    templates: fixtureTemplates(),
    dynamoEndpoint: 'http://127.0.0.1:8000',
    piiHashKey: 'local-pii-key-0123456789',
  });

  it('maps the table variable to the local table name and sets the local AWS values', () => {
    expect(env.common).toMatchObject({
      TABLE_NAME: 'MainTable',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      PII_HASH_KEY: 'local-pii-key-0123456789',
      SHARED_SETTING: 'same-everywhere',
    });
    expect(env.common.POWERTOOLS_LOG_LEVEL).toBe(process.env.LOG_LEVEL ?? 'WARN');
  });

  it('keeps values that differ per function apart and drops unresolvable ones with one warning each', () => {
    expect(env.common).not.toHaveProperty('POWERTOOLS_SERVICE_NAME');
    expect(env.perFunction.get('EchoFunction')).toEqual({ POWERTOOLS_SERVICE_NAME: 'echo' });
    expect(env.perFunction.get('OtherFunction')).toEqual({ POWERTOOLS_SERVICE_NAME: 'other' });
    expect(env.common).not.toHaveProperty('SECRET_ARN');
    expect(env.warnings).toEqual([expect.stringMatching(/^\[local\] env SECRET_ARN \(echo\) dropped/)]);
  });
});
