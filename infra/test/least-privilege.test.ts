import { describe, expect, it } from 'vitest';
import { services } from '../src/manifest';
import { METADATA_SERVICE } from '../src/service-function';
import {
  asArray,
  type PolicyStatement,
  referencedId,
  resourcesOfType,
  statementsOfRole,
  synthesizeApp,
} from './support';

const { json } = synthesizeApp();
const templates = Object.entries(json);

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

const statementsOfService = (service: string): PolicyStatement[] => {
  const found = resourcesOfType(json.api, 'AWS::Lambda::Function').find(
    ([, fn]) => fn.Metadata?.[METADATA_SERVICE] === service,
  );
  if (!found) throw new Error(`No function for ${service}`);
  return statementsOfRole(json.api, referencedId(found[1].Properties.Role));
};
const actionsOf = (statements: PolicyStatement[]): string[] => statements.flatMap((s) => asArray(s.Action));

describe('least privilege', () => {
  const readOnly = services.filter((s) => s.tableAccess === 'read');
  const readWrite = services.filter((s) => s.tableAccess === 'readwrite');

  it.each(readOnly.map((s) => [s.name]))('gives the read-only %s function no table writes', (name) => {
    const actions = actionsOf(statementsOfService(name));
    expect(actions).toContain('dynamodb:Query');
    for (const write of WRITE_ACTIONS) expect(actions).not.toContain(write);
    expect(actions.filter((a) => a === 'dynamodb:*' || a === '*')).toEqual([]);
  });

  it.each(readWrite.map((s) => [s.name]))('lets the %s function write the table, nothing broader', (name) => {
    const actions = actionsOf(statementsOfService(name));
    for (const write of WRITE_ACTIONS) expect(actions).toContain(write);
    expect(actions.filter((a) => a === 'dynamodb:*' || a === '*')).toEqual([]);
  });

  it.each(services.filter((s) => s.tableAccess === 'none').map((s) => [s.name]))(
    'gives the %s function, which has no data routes yet, no table access and no keys',
    (name) => {
      const actions = actionsOf(statementsOfService(name));
      expect(actions.filter((a) => a.startsWith('dynamodb:') || a.startsWith('kms:'))).toEqual([]);
      const fn = resourcesOfType(json.api, 'AWS::Lambda::Function').find(
        ([, f]) => f.Metadata?.[METADATA_SERVICE] === name,
      );
      const env = fn?.[1].Properties.Environment?.Variables ?? {};
      expect(Object.keys(env)).not.toContain('TABLE_NAME');
      expect(Object.keys(env)).not.toContain('PII_HASH_KEY');
    },
  );

  it('hands the PII hash key only to services that declare they need it', () => {
    for (const service of services) {
      const fn = resourcesOfType(json.api, 'AWS::Lambda::Function').find(
        ([, f]) => f.Metadata?.[METADATA_SERVICE] === service.name,
      );
      const env = Object.keys(fn?.[1].Properties.Environment?.Variables ?? {});
      expect(env.includes('PII_HASH_KEY'), service.name).toBe(service.piiKey === true);
    }
  });

  it('gives no function secret, table-management or cross-service rights', () => {
    for (const service of services) {
      const used = new Set(actionsOf(statementsOfService(service.name)).map((a) => a.split(':')[0]));
      const expected = [
        ...(service.tableAccess === 'none' ? [] : ['dynamodb']),
        ...(service.tableAccess === 'none' && !service.exportBucket ? [] : ['kms']),
        'logs',
        ...(service.exportBucket ? ['s3'] : []),
        ...(service.workflows ? ['states'] : []),
        'xray',
      ];
      expect([...used].sort()).toEqual(expected);
    }
  });

  it('lets functions that start cycle workflows start executions of the programme state machines only', () => {
    const lifecycle = resourcesOfType(json.workflow, 'AWS::Lambda::Function').find(
      ([, f]) => f.Metadata?.[METADATA_SERVICE] === 'lifecycle',
    );
    expect(lifecycle).toBeDefined();
    const roles: [string, PolicyStatement[]][] = [
      ...services
        .filter((s) => s.workflows)
        .map((s): [string, PolicyStatement[]] => [s.name, statementsOfService(s.name)]),
      ['lifecycle', statementsOfRole(json.workflow, referencedId(lifecycle?.[1].Properties.Role))],
    ];
    expect(roles.length).toBeGreaterThan(1);
    for (const [name, statements] of roles) {
      const states = statements.filter((st) => asArray(st.Action).some((a) => a.startsWith('states:')));
      expect(
        states.flatMap((st) => asArray(st.Action)),
        name,
      ).toEqual(['states:StartExecution']);
      expect(JSON.stringify(states[0]?.Resource), name).toContain(':stateMachine:talent-dev-*');
    }
  });

  it('grants no action "*" anywhere', () => {
    for (const [, template] of templates) {
      for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
        for (const statement of policy.Properties.PolicyDocument.Statement as PolicyStatement[]) {
          expect(asArray(statement.Action)).not.toContain('*');
        }
      }
    }
  });

  it('uses Resource "*" only for X-Ray and log delivery APIs, each with a written acknowledgement', () => {
    const wildcardActions = new Set<string>();
    for (const [, template] of templates) {
      for (const [id, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
        const statements = policy.Properties.PolicyDocument.Statement as PolicyStatement[];
        const wildcards = statements.filter((s) => asArray(s.Resource).includes('*'));
        if (wildcards.length === 0) continue;
        for (const action of actionsOf(wildcards)) wildcardActions.add(action);
        const acknowledgement = (policy.Metadata?.cdk_nag?.rules_to_suppress ?? []).find(
          (rule: { id: string }) => rule.id === 'AwsSolutions-IAM5[Resource::*]',
        );
        expect(acknowledgement?.reason, `${id} needs a reason for Resource "*"`).toMatch(/.{60,}/);
      }
    }
    expect(wildcardActions.size).toBeGreaterThan(0);
    for (const action of wildcardActions) expect(action).toMatch(/^(xray|logs):[A-Za-z]+$/);
  });

  it('attaches no AWS managed policy to any role', () => {
    for (const [, template] of templates) {
      for (const [, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    }
  });
});
