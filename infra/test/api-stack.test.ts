import { existsSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { mainTable } from '../../packages/data/src/tables';
import { ROLES, routeKey } from '../../packages/http/src/contract';
import { services } from '../src/manifest';
import { fromRepoRoot } from '../src/paths';
import { METADATA_ENTRY, METADATA_HANDLER, METADATA_SERVICE } from '../src/service-function';
import { type Resource, referencedId, resource, resourcesOfType, synthesizeApp } from './support';

const { templates, json } = synthesizeApp();

const functions = resourcesOfType(json.api, 'AWS::Lambda::Function');
const functionOf = (service: string): [string, Resource] => {
  const found = functions.find(([, fn]) => fn.Metadata?.[METADATA_SERVICE] === service);
  if (!found) throw new Error(`No function for service ${service}`);
  return found;
};
const routes = resourcesOfType(json.api, 'AWS::ApiGatewayV2::Route');
const routeByKey = new Map(routes.map(([, r]) => [r.Properties.RouteKey as string, r]));
const [[authorizerId, authorizer] = []] = resourcesOfType(json.api, 'AWS::ApiGatewayV2::Authorizer');

/** Route.Target `integrations/<id>` → Integration.IntegrationUri (GetAtt Function.Arn) → function id. */
const functionIdBehind = (route: Resource): string => {
  const [, parts] = route.Properties.Target['Fn::Join'] as [string, [string, { Ref: string }]];
  expect(parts[0]).toBe('integrations/');
  const integration = resource(json.api, parts[1].Ref);
  expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  expect(integration.Properties.IntegrationUri['Fn::GetAtt'][1]).toBe('Arn');
  return referencedId(integration.Properties.IntegrationUri);
};

describe('ApiStack functions', () => {
  it('builds one function per service of the manifest', () => {
    expect(functions.map(([, fn]) => fn.Metadata?.[METADATA_SERVICE]).sort()).toEqual(
      services.map((s) => s.name).sort(),
    );
  });

  it.each(services.map((s) => [s.name, s] as const))(
    'runs %s on Node.js 22, arm64, with tracing, its manifest memory and timeout (default 512 MB, 29 s)',
    (name, service) => {
      const [, fn] = functionOf(name);
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: service.memorySize ?? 512,
        Timeout: service.timeoutSeconds ?? 29,
        Handler: 'index.handler',
      });
    },
  );

  it.each(services.map((s) => [s.name, s] as const))(
    'writes the metadata the local stack reads for %s, pointing at an existing entry',
    (name, service) => {
      const [, fn] = functionOf(name);
      expect(fn.Metadata).toMatchObject({
        [METADATA_SERVICE]: name,
        [METADATA_ENTRY]: service.entry,
        [METADATA_HANDLER]: 'handler',
      });
      expect(existsSync(fromRepoRoot(service.entry))).toBe(true);
    },
  );

  it('gives every function its service name and source maps, and the table name and PII key where declared', () => {
    for (const service of services) {
      const [, fn] = functionOf(service.name);
      const variables = fn.Properties.Environment.Variables;
      expect(variables).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: service.name,
      });
      if (service.tableAccess !== 'none') {
        expect(variables[mainTable.envVar]).toEqual({
          'Fn::ImportValue': expect.stringMatching(/MainTable/),
        });
      }
      if (service.piiKey)
        expect(JSON.stringify(variables.PII_HASH_KEY)).toContain('{{resolve:secretsmanager:');
      expect(fn.Properties.KmsKeyArn).toEqual({ 'Fn::ImportValue': expect.stringMatching(/DataKey/) });
    }
  });

  it('logs every function to its own log group kept for one year', () => {
    for (const [, fn] of functions) {
      const logGroup = resource(json.api, referencedId(fn.Properties.LoggingConfig.LogGroup));
      expect(logGroup).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } });
    }
  });
});

describe('ApiStack routes', () => {
  const contracts = services.flatMap((service) => service.routes.map((route) => ({ service, route })));

  it('creates exactly the routes of the manifest', () => {
    expect([...routeByKey.keys()].sort()).toEqual(contracts.map(({ route }) => routeKey(route)).sort());
    expect(routes).toHaveLength(contracts.length);
  });

  it.each(contracts.map(({ service, route }) => [routeKey(route), service.name, route] as const))(
    '%s reaches the %s function with the authorizer its roles require',
    (key, serviceName, route) => {
      const cfnRoute = routeByKey.get(key);
      if (!cfnRoute) throw new Error(`Route ${key} is missing`);
      if (route.roles === 'public') {
        expect(cfnRoute.Properties.AuthorizationType).toBe('NONE');
        expect(cfnRoute.Properties.AuthorizerId).toBeUndefined();
      } else {
        expect(cfnRoute.Properties.AuthorizationType).toBe('JWT');
        expect(referencedId(cfnRoute.Properties.AuthorizerId)).toBe(authorizerId);
      }
      const fn = resource(json.api, functionIdBehind(cfnRoute));
      expect(fn.Metadata[METADATA_SERVICE]).toBe(serviceName);
    },
  );

  it('checks JWTs from the Authorization header against the user pool and its app client', () => {
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    const [[userPoolId] = []] = resourcesOfType(json.api, 'AWS::Cognito::UserPool');
    const [[clientId] = []] = resourcesOfType(json.api, 'AWS::Cognito::UserPoolClient');
    expect(authorizer?.Properties.JwtConfiguration).toEqual({
      Issuer: { 'Fn::GetAtt': [userPoolId, 'ProviderURL'] },
      Audience: [{ Ref: clientId }],
    });
  });

  it('throttles the $default stage and writes JSON access logs', () => {
    const [[, stage] = []] = resourcesOfType(json.api, 'AWS::ApiGatewayV2::Stage');
    expect(stage?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
    });
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey' });
    expect(resource(json.api, referencedId(stage?.Properties.AccessLogSettings.DestinationArn)).Type).toBe(
      'AWS::Logs::LogGroup',
    );
  });

  it('allows API Gateway to invoke each function once for the whole API', () => {
    for (const [functionId] of functions) {
      const permissions = resourcesOfType(json.api, 'AWS::Lambda::Permission').filter(
        ([, p]) => referencedId(p.Properties.FunctionName) === functionId,
      );
      expect(permissions).toHaveLength(1);
      expect(permissions[0]?.[1].Properties.Principal).toBe('apigateway.amazonaws.com');
    }
  });
});

describe('ApiStack user pool', () => {
  it('admits only administrator-created users, with MFA and a strong password policy', () => {
    templates.api.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      DeletionProtection: 'ACTIVE',
    });
  });

  it('carries the agency (immutable) and the unit as custom attributes', () => {
    templates.api.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'agency', AttributeDataType: 'String', Mutable: false }),
        Match.objectLike({ Name: 'unit', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
  });

  it('lets users write none of their own custom attributes, so a unit user cannot move to another unit', () => {
    const [[, client] = []] = resourcesOfType(json.api, 'AWS::Cognito::UserPoolClient');
    const writable: string[] = client?.Properties.WriteAttributes ?? [];
    expect(writable.length).toBeGreaterThan(0);
    expect(writable.filter((a) => a.startsWith('custom:'))).toEqual([]);
    expect(client?.Properties.AllowedOAuthFlows ?? []).toEqual([]);
    expect(client?.Properties.CallbackURLs ?? []).toEqual([]);
  });

  it('has one group per agency role', () => {
    const groups = resourcesOfType(json.api, 'AWS::Cognito::UserPoolGroup').map(
      ([, g]) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
  });
});
