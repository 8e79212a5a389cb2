import { S3Client } from '@aws-sdk/client-s3';
import { S3ExportFiles } from '../../adapters/aws/s3-export-files';
import { S3InboundMessages } from '../../adapters/aws/s3-inbound-messages';
import { loadAwsInboundConfig } from '../../config';
import type { Env } from './common';

/** Where SES stored the inbound messages (INBOUND_BUCKET, INBOUND_PREFIX). */
export function inboundMessages(env: Env): S3InboundMessages {
  const { bucket, prefix } = loadAwsInboundConfig(env);
  return new S3InboundMessages(new S3Client({}), bucket, prefix);
}

/** The console's large exports: the program's export bucket (EXPORT_BUCKET), presigned links. */
export function exportFiles(env: Env): S3ExportFiles {
  const bucket = env.EXPORT_BUCKET;
  if (!bucket) throw new Error('EXPORT_BUCKET is not set (the API function gets it from infra/constructs/export-files.ts)');
  return new S3ExportFiles(new S3Client({}), bucket);
}
