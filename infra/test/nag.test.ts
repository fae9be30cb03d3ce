import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synthesizeApp } from './support';

const talent = synthesizeApp();
const stacks = [talent.data, talent.api, talent.workflow];

/**
 * cdk-nag 3 is a CDK policy-validation plugin: findings go to the validation report (and fail
 * `app.synth()` when they are errors), not to construct annotations. `validateScope` runs the
 * same pack directly and returns every finding that is not acknowledged, warnings included.
 */
describe('cdk-nag AwsSolutions', () => {
  it('leaves no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(talent.app);
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it('records no error or warning annotation, AwsSolutions or other, on any stack', () => {
    for (const stack of stacks) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
      expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
      expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
    }
  });

  it('writes every acknowledgement into the template with a specific reason', () => {
    const acknowledged = Object.values(talent.json).flatMap((template) =>
      Object.values(
        template.Resources as Record<
          string,
          { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }
        >,
      ).flatMap((r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? []),
    );
    expect(new Set(acknowledged.map((a) => a.id.replace(/\[.*$/, '')))).toEqual(
      new Set([
        'AwsSolutions-L1',
        'AwsSolutions-IAM5',
        'AwsSolutions-SMG4',
        'AwsSolutions-COG8',
        'AwsSolutions-APIG4',
        'AwsSolutions-SQS3',
        'AwsSolutions-S1',
      ]),
    );
    for (const { id, reason } of acknowledged) expect(reason, id).toMatch(/.{80,}/);
  });

  it('does flag an unacknowledged wildcard policy (the check is live)', () => {
    const stack = new Stack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining(['AwsSolutions-IAM5[Action::dynamodb:*]', 'AwsSolutions-IAM5[Resource::*]']),
    );

    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'test' });
    const after = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(after).not.toContain('AwsSolutions-IAM5[Resource::*]');
    expect(after).toContain('AwsSolutions-IAM5[Action::dynamodb:*]');
  });
});
