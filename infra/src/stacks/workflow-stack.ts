import { Duration, Stack, type StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { builtInDefinitions } from '../../../packages/catalogue/src/catalogue';
import { mainTable } from '../../../packages/data/src/tables';
import { REGISTERED_PROGRAMMES_MACHINE } from '../../../services/nominations/src/cycle';
import { ProgrammeLifecycle } from '../constructs/programme-lifecycle';
import { cronExpression, cycleSchedules } from '../cycle-schedules';
import {
  grantStartCycleExecutions,
  grantTableAccess,
  stateMachineArnPrefix,
  stateMachineNamePrefix,
} from '../grants';
import { lifecycleFunction } from '../manifest';
import { ServiceFunction } from '../service-function';
import { STATE_MACHINE_ARN_PREFIX_ENV } from './api-stack';

export interface WorkflowStackProps extends StackProps {
  readonly stage: string;
  readonly table: dynamodb.ITable;
  /** Encrypts the lifecycle function's environment. */
  readonly dataKey: kms.IKey;
}

const pascalCase = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/**
 * Workflows: one state machine per built-in programme (built from its stage declaration), the
 * lifecycle function their tasks call, the schedules that open each programme's cycle on its date
 * (retries, then a dead-letter queue), and the schedule group.
 */
export class WorkflowStack extends Stack {
  readonly lifecycleFunction: ServiceFunction;
  readonly lifecycles: ReadonlyMap<string, ProgrammeLifecycle>;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly scheduleDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);

    this.lifecycleFunction = new ServiceFunction(this, 'LifecycleFunction', {
      service: lifecycleFunction.name,
      entry: lifecycleFunction.entry,
      description: 'Cycle lifecycle: state machine tasks and scheduled cycle openings',
      timeout: Duration.seconds(60),
      environmentEncryption: props.dataKey,
      environment: {
        [mainTable.envVar]: props.table.tableName,
        [STATE_MACHINE_ARN_PREFIX_ENV]: stateMachineArnPrefix(this, props.stage),
      },
    });
    grantTableAccess(this.lifecycleFunction, props.table, 'readwrite');
    grantStartCycleExecutions(this.lifecycleFunction, props.stage);

    const lifecycleLogicalId = this.resolve(
      (this.lifecycleFunction.node.defaultChild as lambda.CfnFunction).logicalId,
    ) as string;
    const lifecycles = new Map<string, ProgrammeLifecycle>();
    const machines = [
      ...builtInDefinitions.map((p) => ({ id: p.id, stages: p.calendar.stages })),
      // Agency-registered programmes: their stages come from each cycle.
      { id: REGISTERED_PROGRAMMES_MACHINE, stages: [] },
    ];
    for (const programme of machines) {
      const lifecycle = new ProgrammeLifecycle(this, `${pascalCase(programme.id)}Lifecycle`, {
        stateMachineName: `${stateMachineNamePrefix(props.stage)}${programme.id}`,
        programmeId: programme.id,
        stages: programme.stages,
        lifecycleFunction: this.lifecycleFunction,
      });
      Validations.of(lifecycle.stateMachine.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Step Functions logging needs logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies and DescribeLogGroups, and X-Ray tracing needs xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules and GetSamplingTargets; none of these support resource-level permissions.',
      });
      Validations.of(lifecycle.stateMachine.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${lifecycleLogicalId}.Arn>:*]`,
        reason:
          'CDK grants lambda:InvokeFunction on the lifecycle function and its versions (<arn>:*); the wildcard covers only that one function.',
      });
      lifecycles.set(programme.id, lifecycle);
    }
    this.lifecycles = lifecycles;

    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'CycleSchedules', {
      scheduleGroupName: `talent-${props.stage}-cycles`,
    });

    // SSE-SQS rather than a KMS key: EventBridge Scheduler delivers to it without key grants.
    this.scheduleDeadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.scheduleDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the EventBridge Scheduler targets (cdk-nag only recognises queues named in another queue’s redrive policy); a DLQ of a DLQ would add nothing.',
    });

    // EventBridge Scheduler invokes Lambda asynchronously: the schedule's retry policy covers the
    // delivery, Lambda's own async retries cover an opening that throws, and an opening that still
    // fails lands in the same dead-letter queue (nothing is only logged).
    this.lifecycleFunction.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.scheduleDeadLetterQueue),
    });

    // One role for every cycle schedule: it may invoke the lifecycle function and nothing else.
    const schedulerRole = new iam.Role(this, 'CycleScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'EventBridge Scheduler: invoke the lifecycle function to open cycles',
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${lifecycleLogicalId}.Arn>:*]`,
      reason:
        'CDK grants lambda:InvokeFunction on the lifecycle function and its versions (<arn>:*); the wildcard covers only that one function.',
    });

    for (const s of cycleSchedules) {
      new scheduler.Schedule(this, `${pascalCase(s.programmeId)}Opening`, {
        scheduleGroup: this.scheduleGroup,
        description: `Opens the ${s.programmeId} cycle of ${s.agencyId} (${cronExpression(s)} Asia/Shanghai)`,
        schedule: scheduler.ScheduleExpression.expression(cronExpression(s), TimeZone.ASIA_SHANGHAI),
        target: new targets.LambdaInvoke(this.lifecycleFunction, {
          input: scheduler.ScheduleTargetInput.fromObject({
            action: 'open-scheduled-cycle',
            agencyId: s.agencyId,
            programmeId: s.programmeId,
            cyclePrefix: s.cyclePrefix,
            ...(s.stages ? { stages: s.stages } : {}),
          }),
          role: schedulerRole,
          deadLetterQueue: this.scheduleDeadLetterQueue,
          retryAttempts: 5,
          maxEventAge: Duration.hours(24),
        }),
      });
    }
  }
}
