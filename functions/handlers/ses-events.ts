import { handleDeliveryEvent } from '../app/handle-delivery-event';
import type { DeliveryEvent } from '../ports';
import { awsDeps } from './aws-deps';

const deps = awsDeps(process.env);

/** SES configuration-set events, delivered by an EventBridge rule (detail = the SES event record). */
interface SesEventBridgeEvent {
  detail?: {
    eventType?: string;
    bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[] };
    complaint?: { complainedRecipients?: { emailAddress?: string }[] };
    delivery?: { recipients?: string[] };
  };
}

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

export async function handler(event: SesEventBridgeEvent): Promise<void> {
  const summary = await handleDeliveryEvent(deps, toDeliveryEvent(event));
  console.log(JSON.stringify({ event: 'ses_event', type: event.detail?.eventType ?? 'unknown', ...summary }));
}
