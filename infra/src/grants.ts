import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ServiceFunction } from './service-function';

/**
 * The table's index resource as cdk-nag renders it in IAM5 findings. The table lives in the data
 * stack, so the ARN reaches this stack as an import of the export CDK generates for the
 * reference; `exportValue` returns that same import, which gives the export name.
 */
const tableIndexesResource = (table: dynamodb.ITable): string => {
  const producer = Stack.of(table);
  const imported: unknown = producer.resolve(producer.exportValue(table.tableArn));
  const exportName = (imported as { 'Fn::ImportValue'?: unknown })['Fn::ImportValue'];
  if (typeof exportName !== 'string') throw new Error('Expected the table ARN to be exported by its stack');
  return `${exportName}/index/*`;
};

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
