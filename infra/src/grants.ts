import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { ServiceFunction } from './service-function';

/**
 * The table's index resource as cdk-nag renders it in IAM5 findings. The table lives in the data
 * stack, so the ARN reaches this stack as an import of the export CDK generates for the
 * reference; `exportValue` returns that same import, which gives the export name.
 */
const importedName = (scope: Construct, arn: string): string => {
  const producer = Stack.of(scope);
  const imported: unknown = producer.resolve(producer.exportValue(arn));
  const exportName = (imported as { 'Fn::ImportValue'?: unknown })['Fn::ImportValue'];
  if (typeof exportName !== 'string') throw new Error('Expected the ARN to be exported by its stack');
  return exportName;
};
const tableIndexesResource = (table: dynamodb.ITable): string =>
  `${importedName(table, table.tableArn)}/index/*`;

/** Least privilege on the main table: read, or read and write, with the acknowledgements cdk-nag needs. */
export const grantTableAccess = (
  fn: ServiceFunction,
  table: dynamodb.ITable,
  access: 'read' | 'readwrite',
): void => {
  if (access === 'readwrite') {
    table.grantReadWriteData(fn);
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(fn.role as iam.IRole).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${action} comes with grantReadWriteData on a table encrypted with a customer-managed key, and is scoped to that one key (Resource is the data key ARN).`,
      });
    }
  } else {
    table.grantReadData(fn);
  }
  Validations.of(fn.role as iam.IRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${tableIndexesResource(table)}]`,
    reason:
      'Queries on the global secondary indexes (GSI1, GSI2) of the main table need <table ARN>/index/*; the wildcard covers only that table’s own indexes.',
  });
};

/** State machines are named `talent-<stage>-<programmeId>`: this is the name prefix. */
export const stateMachineNamePrefix = (stage: string): string => `talent-${stage}-`;

/**
 * The ARN prefix of the programme state machines (`STATE_MACHINE_ARN_PREFIX`): by name, so the API
 * stack needs no reference to the workflow stack.
 */
export const stateMachineArnPrefix = (scope: Stack, stage: string, suffix = ''): string =>
  scope.formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: `${stateMachineNamePrefix(stage)}${suffix}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });

/** `states:StartExecution` on the programme state machines only (by their name prefix). */
export const grantStartCycleExecutions = (fn: ServiceFunction, stage: string): void => {
  const resource = stateMachineArnPrefix(Stack.of(fn), stage, '*');
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [resource] }));
  Validations.of(fn.role as iam.IRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${stateMachineNamePrefix(stage)}*]`,
    reason:
      'The function starts cycle executions of the programme state machines, which are named talent-<stage>-<programmeId>; the wildcard covers those machines only (by name, so the API stack needs no reference to the workflow stack).',
  });
};

/** The S3 actions of the export store: stream in (multipart), read, presign GETs; no delete (lifecycle expires). */
export const EXPORT_OBJECT_ACTIONS = [
  's3:PutObject',
  's3:GetObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
] as const;

/**
 * Read/write on the export bucket only: the object actions on `<bucket ARN>/*`, `s3:ListBucket` on
 * the bucket (so a missing object is NoSuchKey, not AccessDenied), and the data key's
 * `kms:GenerateDataKey` / `kms:Decrypt` (SSE-KMS with that key) — no wildcard actions.
 */
export const grantExportBucket = (fn: ServiceFunction, bucket: s3.IBucket, key: kms.IKey): void => {
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: [...EXPORT_OBJECT_ACTIONS], resources: [bucket.arnForObjects('*')] }),
  );
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
  );
  Validations.of(fn.role as iam.IRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${importedName(bucket, bucket.bucketArn)}/*]`,
    reason:
      'The funding function writes and reads export objects named <agency>/<exportId>.<format> in the export bucket; <bucket ARN>/* covers that one bucket’s objects only, and the actions are listed one by one (no delete).',
  });
};
