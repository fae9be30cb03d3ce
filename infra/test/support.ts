import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import { buildApp, type TalentApp } from '../src/app';
import type { CloudFormationTemplate } from '../src/synth';

export interface SynthesizedApp extends TalentApp {
  readonly assembly: ReturnType<App['synth']>;
  readonly templates: { readonly data: Template; readonly api: Template; readonly workflow: Template };
  readonly json: {
    readonly data: CloudFormationTemplate;
    readonly api: CloudFormationTemplate;
    readonly workflow: CloudFormationTemplate;
  };
}

/**
 * Synthesizes the whole app once per test file, without bundling and without CDK's schema
 * validation (synth.test.ts runs that once), into a temporary cloud assembly removed after the
 * file, and exposes the templates exactly as written to disk.
 */
export const synthesizeApp = (): SynthesizedApp => {
  const outdir = mkdtempSync(join(tmpdir(), 'talent-infra-test-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const talent = buildApp({ bundling: false, cloudFormationValidation: false, outdir });
  const assembly = talent.app.synth();
  const json = {
    data: assembly.getStackByName(talent.data.stackName).template as CloudFormationTemplate,
    api: assembly.getStackByName(talent.api.stackName).template as CloudFormationTemplate,
    workflow: assembly.getStackByName(talent.workflow.stackName).template as CloudFormationTemplate,
  };
  return {
    ...talent,
    assembly,
    json,
    templates: {
      data: Template.fromJSON(json.data),
      api: Template.fromJSON(json.api),
      workflow: Template.fromJSON(json.workflow),
    },
  };
};

/** A template resource; properties are untyped JSON. */
export type Resource = { Type: string; Properties?: any; Metadata?: any; DependsOn?: unknown };

export const resourcesOfType = (template: CloudFormationTemplate, type: string): [string, Resource][] =>
  Object.entries(template.Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

export const resource = (template: CloudFormationTemplate, logicalId: string): Resource => {
  const found = (template.Resources as Record<string, Resource | undefined>)[logicalId];
  if (!found) throw new Error(`No resource ${logicalId} in the template`);
  return found;
};

/** The logical id in `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attr] }`. */
export const referencedId = (value: unknown): string => {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  const id = v.Ref ?? v['Fn::GetAtt']?.[0];
  if (!id) throw new Error(`Not a Ref or Fn::GetAtt: ${JSON.stringify(value)}`);
  return id;
};

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Statements of the inline policies attached to a role (by logical id). */
export const statementsOfRole = (template: CloudFormationTemplate, roleId: string): PolicyStatement[] =>
  resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, p]) => asArray(p.Properties.Roles).some((r) => referencedId(r) === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as PolicyStatement[]);
