import type { EventBridgeEvent } from 'aws-lambda';
import { handleDeliveryEvent } from '../app/use-cases/handle-delivery-event';
import type { DeliveryEvent } from '../ports';
import { sesEventsDeps } from './wiring/ses-events';
import { Observability } from './observability';

const observability = new Observability('ses-events');
const deps = sesEventsDeps(observability);

/**
 * SES configuration-set events, delivered by an EventBridge rule: `detail-type` is e.g.
 * "Email Bounced", `source` "aws.ses", and `detail` the SES event record (the fields read here).
 */
export interface SesEventDetail {
  eventType?: string;
  mail?: { messageId?: string };
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[] };
  complaint?: { complainedRecipients?: { emailAddress?: string }[] };
  delivery?: { recipients?: string[] };
}

/** `detail` is optional here: a malformed event maps to `other` and changes nothing. */
export type SesEventBridgeEvent = Partial<Omit<EventBridgeEvent<string, SesEventDetail>, 'detail'>> & { detail?: SesEventDetail };

export function toDeliveryEvent(event: SesEventBridgeEvent): DeliveryEvent {
  const d = event.detail ?? {};
  const addresses = (list?: { emailAddress?: string }[]) => (list ?? []).map((r) => r.emailAddress).filter((a): a is string => Boolean(a));
  switch (d.eventType) {
    case 'Bounce':
      return { type: 'bounce', bounceType: d.bounce?.bounceType, recipients: addresses(d.bounce?.bouncedRecipients) };
    case 'Complaint':
      return { type: 'complaint', recipients: addresses(d.complaint?.complainedRecipients) };
    case 'Delivery':
      return { type: 'delivery', recipients: d.delivery?.recipients ?? [] };
    default:
      return { type: 'other', recipients: [] };
  }
}

/** Log lines carry the SES message id of the email the event is about. */
export const handler = observability.handler(
  (event: SesEventBridgeEvent) => event.detail?.mail?.messageId,
  async (event: SesEventBridgeEvent) => {
    const summary = await handleDeliveryEvent(deps, toDeliveryEvent(event));
    observability.log('ses_event', { type: event.detail?.eventType ?? 'unknown', ...summary });
  },
);
