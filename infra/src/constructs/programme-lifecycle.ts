import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LOG_RETENTION } from '../service-function';

/**
 * A stage of a programme cycle as the state machine sees it: it opens, then waits for its
 * deadline. The lifecycle issue extends this with the Task that closes a stage and the Choice
 * that routes on decisions recorded through the API.
 */
export interface LifecycleStage {
  /** State-name prefix, e.g. `Notice` (申报通知). */
  readonly name: string;
  /** JSONPath of the ISO 8601 UTC instant at which the stage ends. */
  readonly endsAtPath: string;
}

/** The first skeleton: the notice stage only. */
export const skeletonStages: readonly LifecycleStage[] = [{ name: 'Notice', endsAtPath: '$.stageEndsAt' }];

export interface ProgrammeLifecycleProps {
  readonly stateMachineName: string;
  readonly stages?: readonly LifecycleStage[];
}

/**
 * Builds the chain `<stage> opened (Pass) → <stage> deadline (Wait until timestamp)` for each
 * stage, ending in `Cycle complete (Succeed)`. The number of transitions per cycle depends on
 * the number of stages only, never on the number of nominations.
 */
export const buildLifecycleDefinition = (
  scope: Construct,
  stages: readonly LifecycleStage[],
): sfn.IChainable => {
  const first = stages[0];
  if (!first) throw new Error('A programme lifecycle needs at least one stage');
  const chainStage = (stage: LifecycleStage): sfn.Chain =>
    sfn.Chain.start(
      new sfn.Pass(scope, `${stage.name} opened`, { comment: `The ${stage.name} stage opens` }),
    ).next(
      new sfn.Wait(scope, `${stage.name} deadline`, {
        comment: `Wait until the ${stage.name} stage ends`,
        time: sfn.WaitTime.timestampPath(stage.endsAtPath),
      }),
    );
  let chain = chainStage(first);
  for (const stage of stages.slice(1)) chain = chain.next(chainStage(stage));
  return chain.next(new sfn.Succeed(scope, 'Cycle complete'));
};

/** A Standard state machine for one programme cycle, with ALL-level logging and X-Ray tracing. */
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
      definitionBody: sfn.DefinitionBody.fromChainable(
        buildLifecycleDefinition(this, props.stages ?? skeletonStages),
      ),
      tracingEnabled: true,
      logs: {
        destination: this.logGroup,
        level: sfn.LogLevel.ALL,
        // Task inputs and outputs will carry nomination data later: keep them out of the logs.
        includeExecutionData: false,
      },
    });
  }
}
