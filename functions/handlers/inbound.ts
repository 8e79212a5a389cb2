import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SESEvent } from 'aws-lambda';
import { mimeMessages } from '../adapters/email/parse-message';
import { inboundMailOf } from '../adapters/email/ses-receipt';
import { handleReply, type InboundDeps } from '../app/handle-reply';
import { MAX_INBOUND_BYTES } from '../domain/reply/limits';
import { awsJobDeps } from './aws-deps';
import { Observability } from './observability';

const observability = new Observability('inbound');
const deps: InboundDeps = { ...awsJobDeps(process.env, observability), messages: mimeMessages };
const s3 = new S3Client({});
const bucket = process.env.INBOUND_BUCKET;
const prefix = process.env.INBOUND_PREFIX ?? '';

/**
 * SES receipt rule: the S3 action stored the raw message under
 * `<prefix><messageId>`, then this Lambda action runs with the notification.
 * A message over the size limit is not read at all (the use case refuses it).
 * Log lines carry SES's message id as their correlation id.
 */
export const handler = observability.handler(
  (event: SESEvent) => event.Records?.[0]?.ses?.mail?.messageId,
  async (event: SESEvent) => {
    if (!bucket) throw new Error('INBOUND_BUCKET is not set');
    for (const record of event.Records ?? []) {
      const messageId = record.ses?.mail?.messageId;
      if (!messageId) continue;
      observability.correlate(messageId);
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${messageId}` }));
      const size = object.ContentLength ?? 0;
      let raw = Buffer.alloc(0);
      if (size <= MAX_INBOUND_BYTES) raw = Buffer.from(await object.Body!.transformToByteArray());
      else (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
      await handleReply(deps, inboundMailOf(record.ses, raw, size));
    }
  },
);
