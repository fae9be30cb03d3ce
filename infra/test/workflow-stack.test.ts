import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { referencedId, resource, resourcesOfType, synthesizeApp } from './support';

const { templates, json } = synthesizeApp();

describe('WorkflowStack', () => {
  it('has a Standard programme-lifecycle state machine that logs ALL events and traces', () => {
    const [[, machine] = []] = resourcesOfType(json.workflow, 'AWS::StepFunctions::StateMachine');
    expect(machine?.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      StateMachineName: 'talent-dev-programme-lifecycle',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL' },
    });
    const destination =
      machine?.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn;
    expect(resource(json.workflow, referencedId(destination))).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 365 },
    });
  });

  it('waits for the notice stage to end at the $.stageEndsAt instant, then succeeds', () => {
    const [[, machine] = []] = resourcesOfType(json.workflow, 'AWS::StepFunctions::StateMachine');
    const definition = JSON.parse(machine?.Properties.DefinitionString);
    expect(definition.StartAt).toBe('Notice opened');
    expect(definition.States).toEqual({
      'Notice opened': expect.objectContaining({ Type: 'Pass', Next: 'Notice deadline' }),
      'Notice deadline': expect.objectContaining({
        Type: 'Wait',
        TimestampPath: '$.stageEndsAt',
        Next: 'Cycle complete',
      }),
      'Cycle complete': { Type: 'Succeed' },
    });
  });

  it('has a schedule group for programme cycles', () => {
    templates.workflow.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'talent-dev-cycles' });
  });

  it('has an encrypted, TLS-only dead-letter queue for schedule targets', () => {
    templates.workflow.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    templates.workflow.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});
