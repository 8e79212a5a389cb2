import type { SESEvent } from 'aws-lambda';
import { inboundMailOf } from '../adapters/email/ses-receipt';
import { handleReply } from '../app/use-cases/handle-reply';
import { withCurrentConfig } from '../app/support/current-config';
import { MAX_INBOUND_BYTES } from '../domain/reply/limits';
import { Observability } from './observability';
import { inboundDeps } from './wiring/inbound';

const observability = new Observability('inbound');
const { deps, stored } = inboundDeps(observability);

/**
 * SES receipt rule: the S3 action stored the raw message under
 * `<prefix><messageId>`, then this Lambda action runs with the notification.
 * A message over the size limit is not read at all (the use case refuses it).
 * Log lines carry SES's message id as their correlation id.
 */
export const handler = observability.handler(
  (event: SESEvent) => event.Records?.[0]?.ses?.mail?.messageId,
  async (event: SESEvent) => {
    // Read once per invocation: a reply counts meetings and rewards by the program's current settings.
    const live = await withCurrentConfig(deps);
    for (const record of event.Records ?? []) {
      const messageId = record.ses?.mail?.messageId;
      if (!messageId) continue;
      observability.correlate(messageId);
      const { raw, size } = await stored.read(messageId, MAX_INBOUND_BYTES);
      await handleReply(live, inboundMailOf(record.ses, raw, size));
    }
  },
);
