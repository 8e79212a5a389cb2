import type { Pair } from '../../../domain/pair';
import type { Participant } from '../../../domain/participant';
import { memberReplyAddress } from '../../../domain/reply-address';
import type { ParticipantTemplateName } from '../../../email-rendering/render';
import { allSettledOrThrow } from '../../../lib/map-limit';
import type { JobDeps } from '../deps';
import { deliverToParticipant, type DeliveryOutcome, type EmailToParticipant } from '../deliver-email';
import type { Members } from './step';

/**
 * Each member with their partner. Steps send both members' emails with allSettledOrThrow: if one fails
 * to claim (database gone), the other's claimed email is still sent and marked before the firing fails,
 * instead of being left `sending` for good.
 */
export const both = (m: Members) => [
  { me: m.mentor, partner: m.mentee },
  { me: m.mentee, partner: m.mentor },
];

/** Replies reach the partner and the system; the system's address is the recipient's own (per member, not per pair). */
export async function pairReplyTo(deps: JobDeps, pair: Pair, me: Participant, partner: Participant) {
  return [memberReplyAddress(pair, me.id, await deps.secrets.tokenSecret(), deps.config.replyDomain), partner.email];
}

/** Each member's own email of a step, built from them, their partner and their place in `both` (hence allSettledOrThrow). */
export function deliverToBoth<T extends ParticipantTemplateName>(
  deps: JobDeps,
  members: Members,
  emailFor: (me: Participant, partner: Participant, i: number) => Promise<EmailToParticipant<T>>,
): Promise<DeliveryOutcome[]> {
  return allSettledOrThrow(both(members).map(async ({ me, partner }, i) => deliverToParticipant(deps, await emailFor(me, partner, i))));
}
