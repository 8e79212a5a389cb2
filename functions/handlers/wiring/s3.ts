import { S3Client } from '@aws-sdk/client-s3';
import { S3InboundMessages } from '../../adapters/aws/s3-inbound-messages';
import { loadAwsInboundConfig } from '../../config';
import type { Env } from './common';

/** Where SES stored the inbound messages (INBOUND_BUCKET, INBOUND_PREFIX). */
export function inboundMessages(env: Env): S3InboundMessages {
  const { bucket, prefix } = loadAwsInboundConfig(env);
  return new S3InboundMessages(new S3Client({}), bucket, prefix);
}
