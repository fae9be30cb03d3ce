import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { builtInDefinitions } from '../../packages/catalogue/src/catalogue';
import { cycleSchedules } from '../src/cycle-schedules';
import { METADATA_ENTRY, METADATA_SERVICE } from '../src/service-function';
import { referencedId, resource, resourcesOfType, synthesizeApp } from './support';

const { templates, json } = synthesizeApp();

const machines = resourcesOfType(json.workflow, 'AWS::StepFunctions::StateMachine');
const definitionOf = (programmeId: string) => {
  const found = machines.find(([, m]) => m.Metadata?.['talent:programme'] === programmeId);
  if (!found) throw new Error(`no state machine for ${programmeId}`);
  const text = found[1].Properties.DefinitionString;
  // Lambda ARNs are tokens: `{ "Fn::Join": ["", [ …json text…, { "Fn::GetAtt": … }, … ]] }`.
  const joined =
    typeof text === 'string'
      ? text
      : (text['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : '"LAMBDA"')).join('');
  return JSON.parse(joined.replaceAll('""LAMBDA""', '"LAMBDA"'));
};

describe('WorkflowStack', () => {
  it('has one Standard state machine per built-in programme, logging ALL events, traced, ≤ 1 year', () => {
    expect(machines.map(([, m]) => m.Properties.StateMachineName).sort()).toEqual(
      [...builtInDefinitions.map((d) => `talent-dev-${d.id}`), 'talent-dev-registered-programmes'].sort(),
    );
    for (const [, machine] of machines) {
      expect(machine.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      });
      const destination =
        machine.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn;
      expect(resource(json.workflow, referencedId(destination))).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 365 },
      });
    }
  });

  it.each(builtInDefinitions.map((d) => [d.id, d]))(
    'builds %s from its stage declaration: open, wait, close and route per stage',
    (id, programme) => {
      const definition = definitionOf(id);
      expect(definition.StartAt).toBe('Start');
      expect(definition.TimeoutSeconds).toBe(365 * 24 * 3600);
      const stages = programme.calendar.stages.map((s) => s.id);
      for (const [i, stage] of stages.entries()) {
        const open = definition.States[`${stage}: open`];
        expect(open).toMatchObject({ Type: 'Task', Next: `${stage}: wait`, ResultPath: '$.step' });
        expect(open.Parameters).toMatchObject({
          action: 'open-stage',
          stageId: stage,
          'cycleId.$': '$.cycleId',
        });
        expect(open.Retry[0]).toMatchObject({
          ErrorEquals: expect.arrayContaining(['CycleStageError']),
          BackoffRate: 2,
        });
        expect(open.Catch).toEqual([
          { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Record failure' },
        ]);
        expect(definition.States[`${stage}: wait`]).toMatchObject({
          Type: 'Wait',
          TimestampPath: '$.step.checkAt',
          Next: `${stage}: close`,
        });
        expect(definition.States[`${stage}: close`]).toMatchObject({ Type: 'Task', Next: `${stage}: route` });
        const route = definition.States[`${stage}: route`];
        expect(route.Choices).toEqual([
          {
            Variable: '$.step.outcome',
            StringEquals: 'advance',
            Next: stages[i + 1] ? `${stages[i + 1]}: open` : 'Cycle complete',
          },
          { Variable: '$.step.outcome', StringEquals: 'continue', Next: 'Continue next year' },
        ]);
        expect(route.Default).toBe(`${stage}: wait`);
      }
      // A continuation execution begins at the stage still open.
      expect(definition.States.Start.Choices).toHaveLength(stages.length);
      expect(definition.States.Start.Default).toBe(`${stages[0]}: open`);
      expect(definition.States['Record failure']).toMatchObject({ Type: 'Task', Next: 'Cycle failed' });
      expect(definition.States['Cycle failed']).toMatchObject({ Type: 'Fail' });
      // The states are the stages' four plus a fixed few: transitions grow with stages, not nominations.
      expect(Object.keys(definition.States)).toHaveLength(4 * stages.length + 7);
    },
  );

  it('carries registered programmes on one machine that asks the cycle for its next stage', () => {
    const definition = definitionOf('registered-programmes');
    expect(definition.StartAt).toBe('Next stage');
    expect(definition.States['Next stage']).toMatchObject({
      Type: 'Task',
      Parameters: expect.objectContaining({ action: 'open-next-stage' }),
      Next: 'Any stage left?',
    });
    expect(definition.States['Any stage left?'].Choices[0]).toEqual({
      Variable: '$.step.outcome',
      StringEquals: 'complete',
      Next: 'Cycle complete',
    });
    expect(definition.States['Stage: close'].Parameters).toMatchObject({ 'stageId.$': '$.step.stageId' });
    expect(definition.States['Stage: route'].Choices[0]).toMatchObject({
      StringEquals: 'advance',
      Next: 'Next stage',
    });
  });

  it('calls the lifecycle function (services/nominations/src/handlers/lifecycle.ts) from every task', () => {
    const [[lifecycleId] = []] = resourcesOfType(json.workflow, 'AWS::Lambda::Function').filter(
      ([, f]) => f.Metadata?.[METADATA_SERVICE] === 'lifecycle',
    );
    expect(resource(json.workflow, lifecycleId as string).Metadata[METADATA_ENTRY]).toBe(
      'services/nominations/src/handlers/lifecycle.ts',
    );
    for (const [, machine] of machines) {
      expect(JSON.stringify(machine.Properties.DefinitionString)).toContain(
        `"Fn::GetAtt":["${lifecycleId}","Arn"]`,
      );
    }
  });

  it.each(cycleSchedules.map((s) => [s.programmeId, s]))(
    'opens %s by schedule in Asia/Shanghai, retrying then dead-lettering',
    (_id, s) => {
      templates.workflow.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        ScheduleExpression: Match.stringLikeRegexp(`^cron\\(0 ${s.hour} ${s.day} ${s.month} \\? `),
        GroupName: Match.anyValue(),
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({
          Input: Match.serializedJson(
            Match.objectLike({
              action: 'open-scheduled-cycle',
              programmeId: s.programmeId,
              agencyId: s.agencyId,
            }),
          ),
          RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      });
    },
  );

  it('sends a scheduled opening that still fails after Lambda’s async retries to the dead-letter queue', () => {
    templates.workflow.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('opens Beijing rounds every 2 years from 2026 (BJ-SELECTION-FLOW)', () => {
    templates.workflow.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 1 3 ? 2026/2)',
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
