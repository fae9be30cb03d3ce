import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { services } from './manifest';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { WorkflowStack } from './stacks/workflow-stack';

export interface BuildAppOptions {
  /** Run esbuild for the functions (default true). `false` synthesizes in a fraction of the time. */
  readonly bundling?: boolean;
  /** Cloud assembly directory (default: the CLI's, or a temporary one). */
  readonly outdir?: string;
  /** Extra context, e.g. `{ stage: 'prod' }`. */
  readonly context?: Record<string, unknown>;
  /**
   * CDK's built-in CloudFormation schema validation of the templates (default true). It only
   * reports (as warnings) and never changes a template; turning it off saves ~2 s per synth.
   * cdk-nag runs either way.
   */
  readonly cloudFormationValidation?: boolean;
}

export interface TalentApp {
  readonly app: App;
  readonly data: DataStack;
  readonly api: ApiStack;
  readonly workflow: WorkflowStack;
}

/** Context key listing the stacks whose assets are bundled; empty means none. */
const BUNDLING_STACKS_CONTEXT = 'aws:cdk:bundling-stacks';
const DEFAULT_STAGE = 'dev';

/**
 * Context set in code rather than cdk.json so that `cdk synth`, the tests and `synthTemplates`
 * (the local stack) synthesize the same templates. Strong cross-stack references: the data
 * stack cannot lose an export while the API imports it.
 */
const APP_CONTEXT: Record<string, unknown> = {
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
  // Server access logs of the export bucket are delivered under a bucket policy for
  // logging.s3.amazonaws.com, not an ACL (the log bucket keeps BucketOwnerEnforced: no ACLs).
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
};

/** Stack names are `Talent-<stage>-<Concern>`. */
export const stackName = (stage: string, concern: 'Data' | 'Api' | 'Workflow'): string =>
  `Talent-${stage}-${concern}`;

const readStage = (app: App): string => {
  const stage: unknown = app.node.tryGetContext('stage') ?? DEFAULT_STAGE;
  if (typeof stage !== 'string' || !/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(
      `Context "stage" must be lowercase letters, digits and dashes (got ${JSON.stringify(stage)})`,
    );
  }
  return stage;
};

/**
 * The CDK app: one stack per concern, env-agnostic (no lookups), checked by cdk-nag's AWS
 * Solutions pack. cdk-nag 3 runs as a CDK policy-validation plugin: unacknowledged errors fail
 * `app.synth()`; acknowledgements are written into resource Metadata (`cdk_nag`) for audit.
 */
export function buildApp(options: BuildAppOptions = {}): TalentApp {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    builtinCloudFormationValidation: options.cloudFormationValidation ?? true,
    context: {
      ...APP_CONTEXT,
      ...options.context,
      ...(options.bundling === false ? { [BUNDLING_STACKS_CONTEXT]: [] } : {}),
    },
  });
  const stage = readStage(app);

  const data = new DataStack(app, stackName(stage, 'Data'), {
    stackName: stackName(stage, 'Data'),
    description: `Talent platform (${stage}): stateful data — table, key, secrets`,
    stage,
  });
  const api = new ApiStack(app, stackName(stage, 'Api'), {
    stackName: stackName(stage, 'Api'),
    description: `Talent platform (${stage}): HTTP API, user pool and service functions`,
    stage,
    table: data.table,
    piiHashKey: data.piiHashKey,
    dataKey: data.dataKey,
    exportBucket: data.exports.bucket,
    services,
  });
  const workflow = new WorkflowStack(app, stackName(stage, 'Workflow'), {
    stackName: stackName(stage, 'Workflow'),
    description: `Talent platform (${stage}): programme lifecycle workflows and schedules`,
    stage,
    table: data.table,
    dataKey: data.dataKey,
  });

  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
  return { app, data, api, workflow };
}
