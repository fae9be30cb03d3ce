import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Exports are working files for finance: a download link is valid 5 minutes, the file 7 days. */
export const EXPORT_EXPIRY_DAYS = 7;
/** Server access logs of the export bucket are kept one year (government audit, like function logs). */
export const ACCESS_LOG_EXPIRY_DAYS = 365;

export interface ExportBucketProps {
  /** Encrypts the exports (the data key: exports hold full resident IDs for finance). */
  readonly encryptionKey: kms.IKey;
}

/**
 * The bucket of funding exports (CSV/XLSX of disbursement lines, `<agency>/<exportId>.<format>`):
 * KMS-encrypted with the data key (S3 Bucket Key on, fewer KMS calls), no public access, TLS only,
 * no versioning (an export is written once), objects expire after 7 days, incomplete multipart
 * uploads are aborted after a day, and server access logs go to a log bucket (AwsSolutions-S1).
 */
export class ExportBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ExportBucketProps) {
    super(scope, id);

    // S3 server access logging delivers to SSE-S3 buckets only (not SSE-KMS).
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(ACCESS_LOG_EXPIRY_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the destination of the export bucket’s server access logs; logging the log bucket into itself would loop, and a further log bucket would only move the same finding one level down.',
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'exports/',
      lifecycleRules: [
        {
          id: 'expire-exports',
          expiration: Duration.days(EXPORT_EXPIRY_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
