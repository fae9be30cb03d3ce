import { AssetHashType, Duration, type ILocalBundling, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUNDLING, bundleFunction } from './bundling';
import { repoRoot } from './paths';

/**
 * CloudFormation Metadata keys written on every function. The local stack reads them to find
 * the source of a function from the synthesized template (Route → Integration → Function).
 */
export const METADATA_SERVICE = 'talent:service';
export const METADATA_ENTRY = 'talent:entry';
export const METADATA_HANDLER = 'talent:handler';

/** Name of the exported handler in every entry module. */
export const HANDLER_EXPORT = 'handler';

/** API Gateway HTTP APIs give up on an integration after 30 s; stop the function first. */
export const API_FUNCTION_TIMEOUT = Duration.seconds(29);
export const DEFAULT_MEMORY_MB = 512;
/** Government audit: keep function logs for one year. */
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/**
 * The shared bundling settings in NodejsFunction's terms. Functions are no longer built by
 * NodejsFunction's esbuild command (it writes one `--outfile`, and a function's asset is split
 * into an entry and chunks: see `functionCode`); kept as the statement of the settings that
 * `esbuildOptionsFor` gives esbuild.
 */
export const cdkBundlingOptions = (): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: BUNDLING.target,
  minify: BUNDLING.minify,
  sourceMap: BUNDLING.sourceMap,
  sourcesContent: BUNDLING.sourcesContent,
  mainFields: [...BUNDLING.mainFields],
  externalModules: [...BUNDLING.externalModules],
  banner: BUNDLING.banner,
});

/**
 * CDK local bundling of one function: esbuild's API in process (offline, no Docker). The entry is
 * an own property so that CDK's asset cache, keyed by the bundling options, tells functions apart.
 */
class FunctionBundler implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    bundleFunction(this.entry, outputDir);
    return true;
  }
}

/**
 * A function's code: the esbuild output of its entry (`index.mjs` and the `chunks/` it imports
 * on demand; `functionBuildOptions` in bundling.ts), hashed by output like NodejsFunction's asset.
 * With bundling skipped (`aws:cdk:bundling-stacks` empty: tests, the local stack) CDK stages
 * nothing and uses a placeholder hash.
 */
export const functionCode = (entry: string): lambda.Code =>
  lambda.Code.fromAsset(repoRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; never pulled: local bundling always succeeds or throws.
      image: lambda.Runtime.NODEJS_22_X.bundlingImage,
      local: new FunctionBundler(entry),
    },
  });

export interface ServiceFunctionProps {
  /** Service name (manifest), used for POWERTOOLS_SERVICE_NAME and the metadata. */
  readonly service: string;
  /** Handler module, relative to the repository root (manifest `entry`). */
  readonly entry: string;
  readonly description?: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 29 seconds (API functions) */
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** Customer-managed key for the environment variables (default: the AWS managed Lambda key). */
  readonly environmentEncryption?: kms.IKey;
}

/**
 * The one Lambda function shape of the platform: Node.js 22 on arm64, ESM bundle with source
 * maps, X-Ray tracing, a one-year log group, and a role that starts with nothing but the right
 * to write its own log group (grants add table access per service).
 *
 * The log group and the role are created next to the function in `scope` (as `<id>LogGroup` and
 * `<id>Role`) because both must exist before the function is constructed.
 */
export class ServiceFunction extends NodejsFunction {
  readonly service: string;
  /** Repository-relative entry, as written into the `talent:entry` metadata. */
  readonly entryPath: string;
  readonly functionLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, { retention: LOG_RETENTION });
    // An own role instead of the default one: the default attaches the AWS managed policy
    // AWSLambdaBasicExecutionRole (logs:* on every log group, cdk-nag IAM4).
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.service} function`,
    });

    super(scope, id, {
      code: functionCode(props.entry),
      // The entry module is index.mjs (BUNDLING.outputFile).
      handler: `index.${HANDLER_EXPORT}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      timeout: props.timeout ?? API_FUNCTION_TIMEOUT,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      description: props.description ?? `${props.service} service`,
      ...(props.environmentEncryption ? { environmentEncryption: props.environmentEncryption } : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.service,
        ...props.environment,
      },
    });

    this.service = props.service;
    this.entryPath = props.entry;
    this.functionLogGroup = logGroup;
    logGroup.grantWrite(role);

    const cfn = this.node.defaultChild as lambda.CfnFunction;
    cfn.addMetadata(METADATA_SERVICE, props.service);
    cfn.addMetadata(METADATA_ENTRY, props.entry);
    cfn.addMetadata(METADATA_HANDLER, HANDLER_EXPORT);

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the platform runtime by design (DESIGN.md): the local stack, tests and benchmarks run on Node 22, so AWS runs what local runs. Move every function together when the platform moves to Node 24.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions (Resource must be *). It is the only wildcard statement in the role.',
    });
  }
}
