/**
 * Making and sending a mentee's offer (matching mode `choice`): the offer is
 * stored first (one open per mentee), then one `mentor-choice` email keyed by
 * the offer's id, so a crash between the two is healed by the next round
 * sending the same email again (see offer-round.ts).
 */
import { offerExpired, type Offer, type OfferedMentor } from '../../../domain/offer';
import { firstName, type Participant } from '../../../domain/participant';
import { wording } from '../../../email-rendering/wording';
import type { JobDeps } from '../../support/deps';
import { deliverToParticipant, type DeliveryOutcome } from '../../support/deliver-email';
import { signedLink } from '../../support/links';
import { forThePair } from '../set-up-pair';
import { nextRound } from '../run-matching';
import { dateFormat } from '../../../lib/date-format';

const DAY_MS = 86_400_000;

/** Stores a new open offer for the mentee; 'exists' when one is open already (nothing stored). */
export async function createOffer(
  deps: JobDeps,
  menteeId: string,
  mentors: OfferedMentor[],
  roundId: string,
  at: Date,
): Promise<{ outcome: 'created' | 'exists'; offer: Offer }> {
  const offer: Offer = { programId: deps.config.id, menteeId, id: deps.ids.next(), roundId, sentAt: at.toISOString(), state: 'open', mentors, rev: 1 };
  const outcome = await deps.offers.create(offer);
  return { outcome, offer: outcome === 'created' ? offer : ((await deps.offers.get(deps.config.id, menteeId)) ?? offer) };
}

/** The round that will match the mentee if they have not chosen: the first one at least `choiceDays` after the offer. */
export function expiryRound(deps: Pick<JobDeps, 'config'>, sentAt: string): Date {
  let at = new Date(Date.parse(sentAt) + deps.config.choiceDays * DAY_MS - 1);
  // nextRound is strictly after its argument; step on until the offer has expired for that round.
  for (let i = 0; i < 60; i++) {
    const round = nextRound(deps.config.matchingCron, at);
    if (offerExpired(sentAt, round, deps.config.choiceDays)) return round;
    at = round;
  }
  return new Date(Date.parse(sentAt) + deps.config.choiceDays * DAY_MS);
}

const about = (mentor: Participant) =>
  [mentor.department, mentor.yearsExperience !== undefined ? `${mentor.yearsExperience} years of experience` : undefined].filter(Boolean).join(' · ') ||
  'Mentor';

/** The `mentor-choice` email of one offer (at most once per offer id). Mentors who left meanwhile are left out. */
export async function sendOfferEmail(deps: JobDeps, offer: Offer, mentee: Participant): Promise<DeliveryOutcome> {
  const mentors = (await Promise.all(offer.mentors.map(async (m) => ({ offered: m, mentor: await deps.participants.get(m.mentorId) })))).filter(
    (x): x is { offered: OfferedMentor; mentor: Participant } => x.mentor !== undefined && x.mentor.status !== 'deleted',
  );
  if (mentors.length === 0) return 'skipped';
  const again = offer.roundId.startsWith('decline:');
  const day = dateFormat({ weekday: 'long', day: 'numeric', month: 'long', timeZone: mentee.timezone }).format(expiryRound(deps, offer.sentAt));
  const words = wording['mentor-choice'];
  return deliverToParticipant(deps, {
    key: `mentor-choice#${offer.id}`,
    template: 'mentor-choice',
    to: mentee,
    vars: {
      firstName: firstName(mentee.name),
      lead: again ? words.leadAgain(deps.config.name) : words.leadRound(deps.config.name, mentors.length),
      mentors: await Promise.all(
        mentors.slice(0, 3).map(async ({ offered, mentor }) => ({
          name: mentor.name,
          firstNameOf: firstName(mentor.name),
          about: about(mentor),
          reasons: forThePair(offered.reasons).join('; ') || 'a good fit for your availability and languages',
          url: await signedLink(deps, 'choose', mentee.id, mentor.id),
        })),
      ),
      deadlineLine: words.deadlineLine(day),
      preheader: words.preheader(Math.min(3, mentors.length)),
    },
  });
}
