import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type LifecycleStage, ProgrammeLifecycle } from '../constructs/programme-lifecycle';

export interface WorkflowStackProps extends StackProps {
  readonly stage: string;
  /** @default the skeleton (notice stage only) */
  readonly lifecycleStages?: readonly LifecycleStage[];
}

/**
 * Workflows: the programme-cycle state machine, the schedule group whose schedules open each
 * cycle on its dates, and the dead-letter queue for schedule targets that cannot be invoked.
 */
export class WorkflowStack extends Stack {
  readonly lifecycle: ProgrammeLifecycle;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly scheduleDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);

    this.lifecycle = new ProgrammeLifecycle(this, 'ProgrammeLifecycle', {
      stateMachineName: `talent-${props.stage}-programme-lifecycle`,
      ...(props.lifecycleStages ? { stages: props.lifecycleStages } : {}),
    });
    Validations.of(this.lifecycle.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions logging needs logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies and DescribeLogGroups, and X-Ray tracing needs xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules and GetSamplingTargets; none of these support resource-level permissions.',
    });

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
  }
}
