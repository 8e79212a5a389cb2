/**
 * Large CSV exports (admin console): an HTTP API buffers a response (and caps
 * it at a few MB), so an export above EXPORT_INLINE_MAX_BYTES is written here
 * and the admin is redirected to a presigned GET URL valid five minutes. The
 * bucket is private, encrypted, TLS-only and empties itself: objects expire
 * after a day (the smallest lifecycle unit), long after their link did.
 */
import { CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export const EXPORT_PREFIX = 'exports/';
export const EXPORT_RETENTION_DAYS = 1;

export class ExportFiles extends Construct {
  readonly bucket: s3.Bucket;
  readonly prefix = EXPORT_PREFIX;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [{ id: 'expire-exports', expiration: Duration.days(EXPORT_RETENTION_DAYS), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // Only copies of table data, gone within a day: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the API function can put and get objects (exports/* only, TLS only), each object is a CSV export reached ' +
        'through a five-minute presigned link and deleted by the lifecycle rule after a day. Every export is recorded in ' +
        "the program's audit log with the admin's id; server access logs would add a second, unlogged bucket for the same record.",
    });
  }

  /** Write and read exports (s3:PutObject and s3:GetObject under exports/ only: no list, no delete) and the bucket's name. */
  grantExports(fn: lambda.Function): void {
    const objects = this.bucket.arnForObjects(`${this.prefix}*`);
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'WriteAndReadExports', actions: ['s3:PutObject', 's3:GetObject'], resources: [objects] }));
    fn.addEnvironment('EXPORT_BUCKET', this.bucket.bucketName);
    if (fn.role) {
      const bucketId = Stack.of(this.bucket).getLogicalId(this.bucket.node.defaultChild as CfnElement);
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${this.prefix}*]`,
        reason:
          "Put and get the CSV exports under exports/ in the program's own export bucket. Each key names one export, " +
          'made when an admin asks for it, so keys cannot be listed at deploy time; the wildcard covers that one prefix ' +
          'of that one bucket, with no list or delete.',
      });
    }
  }
}
