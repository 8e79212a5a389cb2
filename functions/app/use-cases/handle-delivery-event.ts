import { counted, gauge, merge } from '../../domain/kpi/stats-delta';
import type { DeliveryEvent } from '../../ports';
import type { AppDeps } from '../support/deps';

export interface DeliverySummary {
  suppressed: number;
  ignored: number;
}

/**
 * SES told us how a delivery went. A hard bounce or a complaint suppresses the
 * address for good: nothing is sent to it again (transient bounces are SES's to retry).
 */
/** A bounce or complaint only suppresses addresses. */
export type DeliveryEventDeps = Pick<AppDeps, 'config' | 'clock' | 'participants' | 'log'>;

export async function handleDeliveryEvent(deps: DeliveryEventDeps, event: DeliveryEvent): Promise<DeliverySummary> {
  const suppress = event.type === 'complaint' ? 'complaint' : event.type === 'bounce' && event.bounceType === 'Permanent' ? 'bounce' : undefined;
  if (!suppress) return { suppressed: 0, ignored: event.recipients.length };
  let suppressed = 0;
  for (const address of event.recipients) {
    const participant = await deps.participants.findByEmail(deps.config.id, address.trim().toLowerCase());
    if (!participant || participant.suppressed) continue;
    const at = deps.clock.now().toISOString();
    await deps.participants.setFlags(
      participant,
      { suppressed: suppress },
      at,
      merge(counted(suppress === 'bounce' ? 'bounces' : 'complaints', at), gauge('suppressed', 1)),
    );
    suppressed++;
  }
  deps.log?.('delivery_event', { type: event.type, suppressed });
  return { suppressed, ignored: event.recipients.length - suppressed };
}
