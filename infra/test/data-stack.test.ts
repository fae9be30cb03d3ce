import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { mainTable } from '../../packages/data/src/tables';
import { referencedId, resource, resourcesOfType, synthesizeApp } from './support';

const { templates, json } = synthesizeApp();

describe('DataStack', () => {
  it('names the main table with the exact logical id the local stack uses', () => {
    expect(resource(json.data, 'MainTable').Type).toBe('AWS::DynamoDB::Table');
    expect(mainTable.logicalId).toBe('MainTable');
  });

  it('builds the table from the shared definition: keys, GSIs with ALL projection, TTL', () => {
    const table = resource(json.data, mainTable.logicalId).Properties;
    expect(table.KeySchema).toEqual([
      { AttributeName: mainTable.partitionKey, KeyType: 'HASH' },
      { AttributeName: mainTable.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes).toEqual(
      mainTable.globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keyAttributes = [
      mainTable.partitionKey,
      mainTable.sortKey,
      ...mainTable.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ];
    expect(table.AttributeDefinitions).toEqual(
      keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    );
    expect(table.TimeToLiveSpecification).toEqual({
      AttributeName: mainTable.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('bills on demand with point-in-time recovery and deletion protection, and is retained', () => {
    templates.data.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('encrypts the table with a customer-managed key that rotates', () => {
    const table = resource(json.data, mainTable.logicalId).Properties;
    expect(table.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    const keyId = referencedId(table.SSESpecification.KMSMasterKeyId);
    expect(resource(json.data, keyId)).toMatchObject({
      Type: 'AWS::KMS::Key',
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
  });

  it('generates the resident-ID hashing secret, encrypted with the same key and retained', () => {
    const [[, secret] = []] = resourcesOfType(json.data, 'AWS::SecretsManager::Secret');
    expect(secret).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { GenerateSecretString: expect.any(Object) },
    });
    const [[keyId] = []] = resourcesOfType(json.data, 'AWS::KMS::Key');
    expect(referencedId(secret?.Properties.KmsKeyId)).toBe(keyId);
  });
});
