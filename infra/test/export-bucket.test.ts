import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EXPORT_OBJECT_ACTIONS } from '../src/grants';
import { services } from '../src/manifest';
import { METADATA_SERVICE } from '../src/service-function';
import {
  asArray,
  type PolicyStatement,
  referencedId,
  resourcesOfType,
  statementsOfRole,
  synthesizeApp,
} from './support';

const { templates, json } = synthesizeApp();

const buckets = () => resourcesOfType(json.data, 'AWS::S3::Bucket');
const exportBucket = () => {
  const found = buckets().find(([, b]) => b.Properties?.LoggingConfiguration);
  if (!found) throw new Error('no export bucket');
  return found;
};
const logBucket = () => {
  const found = buckets().find(([, b]) => !b.Properties?.LoggingConfiguration);
  if (!found) throw new Error('no log bucket');
  return found;
};
const functionOf = (service: string) => {
  const found = resourcesOfType(json.api, 'AWS::Lambda::Function').find(
    ([, fn]) => fn.Metadata?.[METADATA_SERVICE] === service,
  );
  if (!found) throw new Error(`No function for ${service}`);
  return found[1];
};
const s3Statements = (service: string): PolicyStatement[] =>
  statementsOfRole(json.api, referencedId(functionOf(service).Properties.Role)).filter((s) =>
    asArray(s.Action).some((a) => a.startsWith('s3:')),
  );

describe('export bucket (data stack)', () => {
  it('has exactly two buckets: the exports and their access logs', () => {
    expect(buckets()).toHaveLength(2);
  });

  it('encrypts exports with the data key (bucket key on), blocks public access, no versioning, expires after 7 days', () => {
    const [, bucket] = exportBucket();
    const dataKey = resourcesOfType(json.data, 'AWS::KMS::Key');
    expect(dataKey).toHaveLength(1);
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      {
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: {
          SSEAlgorithm: 'aws:kms',
          KMSMasterKeyID: { 'Fn::GetAtt': [dataKey[0]?.[0], 'Arn'] },
        },
      },
    ]);
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({
        ExpirationInDays: 7,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        Status: 'Enabled',
      }),
    ]);
    expect((bucket as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
  });

  it('logs server access to the log bucket, which takes the log delivery by bucket policy and is itself private and TLS-only (AwsSolutions-S1)', () => {
    const [exportId, bucket] = exportBucket();
    const [logId, logs] = logBucket();
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logId },
      LogFilePrefix: 'exports/',
    });
    expect(
      logs.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({
      SSEAlgorithm: 'AES256',
    });
    expect(logs.Properties.AccessControl).toBeUndefined();
    expect(logs.Metadata.cdk_nag.rules_to_suppress.map((r: { id: string }) => r.id)).toContain(
      'AwsSolutions-S1',
    );
    templates.data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: Match.objectLike({
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [exportId, 'Arn'] } },
            }),
          }),
        ]),
      },
    });
  });

  it('denies requests without TLS on both buckets', () => {
    for (const [id] of buckets()) {
      templates.data.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });
});

describe('export bucket grants (api stack)', () => {
  it('gives the funding function EXPORT_BUCKET, 1024 MB and 60 s', () => {
    const fn = functionOf('funding');
    expect(fn.Properties.MemorySize).toBe(1024);
    expect(fn.Properties.Timeout).toBe(60);
    expect(JSON.stringify(fn.Properties.Environment.Variables.EXPORT_BUCKET)).toContain('Fn::ImportValue');
    expect(JSON.stringify(fn.Properties.Environment.Variables.EXPORT_BUCKET)).toContain('ExportsBucket');
  });

  it('lets funding put, get and abort multipart uploads on the export objects, list the bucket, and use the data key — nothing else in S3', () => {
    const statements = s3Statements('funding');
    const objects = statements.find((s) => asArray(s.Action).includes('s3:PutObject'));
    expect(asArray(objects?.Action).sort()).toEqual([...EXPORT_OBJECT_ACTIONS].sort());
    const resource = JSON.stringify(objects?.Resource);
    expect(resource).toContain('ExportsBucket');
    expect(resource).toContain('/*');
    const list = statements.find((s) => asArray(s.Action).includes('s3:ListBucket'));
    expect(asArray(list?.Action)).toEqual(['s3:ListBucket']);
    expect(JSON.stringify(list?.Resource)).not.toContain('/*');
    const all = statements.flatMap((s) => asArray(s.Action));
    expect(all.filter((a) => a.includes('*') || a.startsWith('s3:Delete'))).toEqual([]);
    const kms = statementsOfRole(json.api, referencedId(functionOf('funding').Properties.Role)).filter((s) =>
      asArray(s.Action).includes('kms:Decrypt'),
    );
    expect(kms.length).toBeGreaterThan(0);
  });

  it('gives no other function the bucket or its name', () => {
    for (const service of services.filter((s) => !s.exportBucket)) {
      expect(s3Statements(service.name), service.name).toEqual([]);
      expect(Object.keys(functionOf(service.name).Properties.Environment?.Variables ?? {})).not.toContain(
        'EXPORT_BUCKET',
      );
    }
    expect(services.filter((s) => s.exportBucket).map((s) => s.name)).toEqual(['funding']);
  });
});
