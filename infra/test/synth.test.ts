import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainTable } from '../../packages/data/src/tables';
import { buildApp, stackName } from '../src/app';
import { synthTemplates } from '../src/synth';

describe('synthTemplates', () => {
  const templates = synthTemplates();

  it('returns the data, API and workflow templates', () => {
    expect(Object.keys(templates).sort()).toEqual(['api', 'data', 'workflow']);
    expect(Object.values(templates).every((t) => typeof t.Resources === 'object')).toBe(true);
    expect(
      Object.values(templates.api.Resources).some((r: any) => r.Type === 'AWS::ApiGatewayV2::Route'),
    ).toBe(true);
    expect(
      Object.values(templates.workflow.Resources).some(
        (r: any) => r.Type === 'AWS::StepFunctions::StateMachine',
      ),
    ).toBe(true);
  });

  it('keeps the main table under the logical id "MainTable"', () => {
    expect(templates.data.Resources[mainTable.logicalId]?.Type).toBe('AWS::DynamoDB::Table');
    expect(mainTable.logicalId).toBe('MainTable');
  });
});

describe('buildApp', () => {
  it('synthesizes with CDK schema validation and cdk-nag reporting nothing', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'talent-validation-test-'));
    try {
      buildApp({ bundling: false, outdir }).app.synth();
      const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
      expect(report.pluginReports).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('names stacks after the stage from context (default dev)', () => {
    const dev = buildApp({ bundling: false });
    expect([dev.data, dev.api, dev.workflow].map((s) => s.stackName)).toEqual([
      'Talent-dev-Data',
      'Talent-dev-Api',
      'Talent-dev-Workflow',
    ]);
    const prod = buildApp({ bundling: false, context: { stage: 'prod' } });
    expect(prod.api.stackName).toBe(stackName('prod', 'Api'));
  });

  it('rejects a stage that cannot name stacks and resources', () => {
    expect(() => buildApp({ bundling: false, context: { stage: 'Prod_1' } })).toThrow(/stage/);
  });

  it('skips esbuild when bundling is off', () => {
    const { app } = buildApp({ bundling: false });
    expect(app.node.tryGetContext('aws:cdk:bundling-stacks')).toEqual([]);
  });
});
