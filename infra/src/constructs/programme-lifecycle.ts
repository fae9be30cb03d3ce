import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { LOG_RETENTION } from '../service-function';

/** A stage as the state machine needs it: the programme calendar's id, kind and name. */
export interface LifecycleStage {
  readonly id: string;
  readonly kind: string;
  readonly nameEn: string;
}

export interface ProgrammeLifecycleProps {
  readonly stateMachineName: string;
  /** A built-in programme id, or `registered-programmes` for the machine that reads the stages from the cycle. */
  readonly programmeId: string;
  /** The programme calendar's stages, in order; none: the cycle's own stages, one after the other. */
  readonly stages: readonly LifecycleStage[];
  /** The lifecycle function (services/nominations/src/handlers/lifecycle.ts): every Task calls it. */
  readonly lifecycleFunction: lambda.IFunction;
}

/**
 * Errors worth another try: a cycle written concurrently, Lambda throttling and service faults,
 * and DynamoDB throttling or faults that outlasted the SDK's own retries inside the task (the
 * tasks are idempotent, so a task that wrote and then failed is safe to run again).
 */
const RETRYABLE = [
  'CycleStageError',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'TransactionCanceledException',
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
];

/** The states every lifecycle shares: the task factory, the failure path, completion and hand-over. */
const commonStates = (scope: Construct, props: ProgrammeLifecycleProps) => {
  const invoke = (name: string, payload: Record<string, unknown>, resultPath: string | undefined) =>
    new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: props.lifecycleFunction,
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({
        agencyId: sfn.JsonPath.stringAt('$.agencyId'),
        cycleId: sfn.JsonPath.stringAt('$.cycleId'),
        year: sfn.JsonPath.numberAt('$.year'),
        ...payload,
      }),
      ...(resultPath ? { resultPath } : { resultPath: sfn.JsonPath.DISCARD }),
      retryOnServiceExceptions: false,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
    }).addRetry({
      errors: RETRYABLE,
      interval: Duration.seconds(2),
      maxAttempts: 4,
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    });

  const failed = new sfn.Fail(scope, 'Cycle failed', {
    comment: 'The failure is recorded on the cycle (GET /cycles/{id}: failure)',
    errorPath: '$.error.Error',
    causePath: '$.error.Cause',
  });
  const recordFailure = invoke(
    'Record failure',
    { action: 'record-failure', error: sfn.JsonPath.objectAt('$.error') },
    undefined,
  ).next(failed);
  const guarded = <T extends sfn.TaskStateBase>(task: T): T => {
    task.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });
    return task;
  };

  const complete = guarded(invoke('Cycle complete', { action: 'complete-cycle' }, undefined)).next(
    new sfn.Succeed(scope, 'Year complete'),
  );
  const handOver = guarded(
    invoke(
      'Continue next year',
      { action: 'continue-cycle', stageId: sfn.JsonPath.stringAt('$.step.stageId') },
      undefined,
    ),
  ).next(new sfn.Succeed(scope, 'Handed to next year'));
  return { invoke, guarded, complete, handOver };
};

/**
 * The state machine of one programme's cycle year, built from the programme's stage declaration
 * (never written by hand per programme). Every stage is the same four states:
 *
 *   `<stage>: open` (Task) → `<stage>: wait` (Wait until `$.step.checkAt`) → `<stage>: close`
 *   (Task) → `<stage>: route` (Choice: advance → next stage; continue → next year's execution;
 *   otherwise back to the wait)
 *
 * The tasks decide (deadline reached, decision recorded, publicity over, calendar year known); the
 * machine only routes on their outcome. Transitions per cycle depend on the stages (and the days a
 * decision stage waits, one look a day), never on the number of nominations. A continuation
 * execution (`$.fromStage`) begins at that stage. Every task retries with backoff and catches
 * into `Record failure`, which writes the error on the cycle before the execution fails.
 */
export const buildLifecycleDefinition = (
  scope: Construct,
  props: ProgrammeLifecycleProps,
): sfn.IChainable => {
  if (props.stages.length === 0) throw new Error(`Programme ${props.programmeId} declares no stages`);
  const ids = new Set<string>();
  for (const s of props.stages) {
    if (ids.has(s.id)) throw new Error(`Programme ${props.programmeId}: stage "${s.id}" declared twice`);
    ids.add(s.id);
  }
  const { invoke, guarded, complete, handOver } = commonStates(scope, props);

  // Build from the last stage back, so each route knows the next stage's first state.
  let next: sfn.IChainable = complete;
  const openStates: { id: string; state: sfn.IChainable }[] = [];
  for (const stage of [...props.stages].reverse()) {
    const open = guarded(invoke(`${stage.id}: open`, { action: 'open-stage', stageId: stage.id }, '$.step'));
    const wait = new sfn.Wait(scope, `${stage.id}: wait`, {
      comment: `${stage.nameEn} (${stage.kind}): until the task's next look`,
      time: sfn.WaitTime.timestampPath('$.step.checkAt'),
    });
    const close = guarded(
      invoke(`${stage.id}: close`, { action: 'close-stage', stageId: stage.id }, '$.step'),
    );
    const route = new sfn.Choice(scope, `${stage.id}: route`)
      .when(sfn.Condition.stringEquals('$.step.outcome', 'advance'), next)
      .when(sfn.Condition.stringEquals('$.step.outcome', 'continue'), handOver)
      .otherwise(wait);
    open.next(wait);
    wait.next(close);
    close.next(route);
    openStates.unshift({ id: stage.id, state: open });
    next = open;
  }

  const start = new sfn.Choice(scope, 'Start', { comment: 'A continuation begins at $.fromStage' });
  for (const { id, state } of openStates) {
    start.when(
      sfn.Condition.and(
        sfn.Condition.isPresent('$.fromStage'),
        sfn.Condition.stringEquals('$.fromStage', id),
      ),
      state,
    );
  }
  return start.otherwise(next);
};

/**
 * The state machine of cycles of agency-registered programmes (their stages are data, not known at
 * synth time): the same four steps, the task naming the stage — `Next stage` opens the first stage
 * not closed (or answers `complete`), and the close and route act on `$.step.stageId`.
 */
export const buildRegisteredLifecycleDefinition = (
  scope: Construct,
  props: ProgrammeLifecycleProps,
): sfn.IChainable => {
  const { invoke, guarded, complete, handOver } = commonStates(scope, props);
  const next = guarded(invoke('Next stage', { action: 'open-next-stage' }, '$.step'));
  const wait = new sfn.Wait(scope, 'Stage: wait', {
    comment: "Until the task's next look",
    time: sfn.WaitTime.timestampPath('$.step.checkAt'),
  });
  const close = guarded(
    invoke(
      'Stage: close',
      { action: 'close-stage', stageId: sfn.JsonPath.stringAt('$.step.stageId') },
      '$.step',
    ),
  );
  const route = new sfn.Choice(scope, 'Stage: route')
    .when(sfn.Condition.stringEquals('$.step.outcome', 'advance'), next)
    .when(sfn.Condition.stringEquals('$.step.outcome', 'continue'), handOver)
    .otherwise(wait);
  const anyLeft = new sfn.Choice(scope, 'Any stage left?')
    .when(sfn.Condition.stringEquals('$.step.outcome', 'complete'), complete)
    .when(sfn.Condition.stringEquals('$.step.outcome', 'continue'), handOver)
    .otherwise(wait);
  next.next(anyLeft);
  wait.next(close);
  close.next(route);
  return next;
};

/** A Standard state machine for one programme's cycles, with ALL-level logging and X-Ray tracing. */
export class ProgrammeLifecycle extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ProgrammeLifecycleProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps CloudWatch Logs resource policies small.
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment:
        props.stages.length > 0
          ? `Cycle year of ${props.programmeId}: ${props.stages.map((s) => s.id).join(' → ')}`
          : 'Cycle year of a registered programme: the stages of the cycle, one after the other',
      definitionBody: sfn.DefinitionBody.fromChainable(
        props.stages.length > 0
          ? buildLifecycleDefinition(this, props)
          : buildRegisteredLifecycleDefinition(this, props),
      ),
      // A cycle year hands over to the next execution after 360 days; this is the hard stop.
      timeout: Duration.days(365),
      tracingEnabled: true,
      logs: {
        destination: this.logGroup,
        level: sfn.LogLevel.ALL,
        // Task inputs and outputs carry cycle data: keep them out of the logs.
        includeExecutionData: false,
      },
    });
    const cfn = this.stateMachine.node.defaultChild as sfn.CfnStateMachine;
    cfn.addMetadata('talent:programme', props.programmeId);
  }
}
