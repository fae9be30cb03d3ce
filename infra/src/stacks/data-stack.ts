import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { mainTable, type TableDefinition } from '../../../packages/data/src/tables';
import { ExportBucket } from '../constructs/export-bucket';

export interface DataStackProps extends StackProps {
  readonly stage: string;
}

const stringAttribute = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * Stateful resources: the data key, the main table, the personal-data hashing secret and the
 * export bucket (funding exports, with its access-log bucket).
 * Everything here is retained when the stack is deleted.
 */
export class DataStack extends Stack {
  /** Customer-managed key for the table and the secret (rotated yearly by KMS). */
  readonly dataKey: kms.Key;
  readonly table: dynamodb.Table;
  /**
   * HMAC key used to hash resident IDs (居民身份证号) into lookup keys, so the table can
   * enforce "one nomination per person per cycle" without storing the ID in a key.
   */
  readonly piiHashKey: secretsmanager.Secret;
  /** Funding exports (7 days, data key) and the bucket of their access logs. */
  readonly exports: ExportBucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: `Talent platform (${props.stage}) data key: main table and personal-data hashing secret`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = this.createTable(mainTable);

    this.piiHashKey = new secretsmanager.Secret(this, 'PiiHashKey', {
      description: 'HMAC key for hashing resident IDs; never rotate without re-hashing every stored hash',
      encryptionKey: this.dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.exports = new ExportBucket(this, 'Exports', { encryptionKey: this.dataKey });

    Validations.of(this.piiHashKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is an HMAC key whose outputs are stored as lookup keys (hashed resident IDs). Rotating it silently would orphan every stored hash, so it rotates only through a planned re-hashing migration, not on a schedule.',
    });
  }

  private createTable(definition: TableDefinition): dynamodb.Table {
    const table = new dynamodb.Table(this, definition.logicalId, {
      partitionKey: stringAttribute(definition.partitionKey),
      sortKey: stringAttribute(definition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
    });
    for (const index of definition.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringAttribute(index.partitionKey),
        sortKey: stringAttribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    // The local stack names its DynamoDB Local table after this logical id.
    (table.node.defaultChild as dynamodb.CfnTable).overrideLogicalId(definition.logicalId);
    return table;
  }
}
