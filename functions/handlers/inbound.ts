import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseInboundMessage } from '../adapters/email/parse-message';
import { handleReply } from '../app/handle-reply';
import { awsJobDeps } from './aws-deps';

const deps = awsJobDeps(process.env);
const s3 = new S3Client({});
const bucket = process.env.INBOUND_BUCKET;
const prefix = process.env.INBOUND_PREFIX ?? '';

interface SesReceiptEvent {
  Records?: { ses?: { mail?: { messageId?: string } } }[];
}

/**
 * SES receipt rule: the S3 action stored the raw message under
 * `<prefix><messageId>`, then this Lambda action runs with the notification.
 */
export async function handler(event: SesReceiptEvent): Promise<void> {
  if (!bucket) throw new Error('INBOUND_BUCKET is not set');
  for (const record of event.Records ?? []) {
    const messageId = record.ses?.mail?.messageId;
    if (!messageId) continue;
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${messageId}` }));
    const raw = Buffer.from(await object.Body!.transformToByteArray());
    await handleReply(deps, await parseInboundMessage(raw));
  }
}
