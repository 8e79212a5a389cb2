import { introIceBreaker } from '../../domain/catalogue-pick';
import { overlapSummary, toolSuggestion } from '../../domain/intro-content';
import { nudgeAt } from '../../domain/nudge-ladder';
import { pairTimeline, scheduleName, type Pair } from '../../domain/pair';
import { firstName, type Participant } from '../../domain/participant';
import { memberReplyAddress } from '../../domain/reply-address';
import { wording } from '../../email-rendering/wording';
import type { JobDeps } from '../support/deps';
import { deliverToParticipant, type DeliveryOutcome } from '../support/deliver-email';
import { signedLink } from '../support/links';
import { allSettledOrThrow } from '../../lib/map-limit';
import { proposeFirstMeeting } from './first-meeting/propose';
import { dateFormat } from '../../lib/date-format';

export interface SetUpResult {
  intros: DeliveryOutcome[];
  schedules: number;
}

/** Reasons about waiting rounds help the matcher explain itself to admins, not to the pair. */
export const forThePair = (reasons: readonly string[]) => reasons.filter((r) => !/ has waited \d+ rounds?$/.test(r));

const meetingBy = (createdAt: string, timeZone: string) =>
  dateFormat({ weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(new Date(Date.parse(createdAt) + 7 * 86_400_000));

const startsAt = (at: string, timeZone: string) =>
  dateFormat({
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(at));

/**
 * After a pair is written: each member gets their own copy of the introduction
 * (so each has a working one-click unsubscribe, and an unsubscribed member gets
 * nothing), replying reaches the partner and the system, and the pair's
 * follow-up timeline is scheduled. Safe to repeat: emails are keyed per pair
 * and member, schedules by name.
 */
export async function setUpPair(deps: JobDeps, pair: Pair): Promise<SetUpResult> {
  const [mentor, mentee] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
  if (!mentor || !mentee) throw new Error(`pair ${pair.id} has a missing member`);
  const secret = await deps.secrets.tokenSecret();
  // Each copy carries its recipient's own reply address, so a reply is known to come from them (see handleReply).
  const replyFor = (member: Participant) => memberReplyAddress(pair, member.id, secret, deps.config.replyDomain);
  const iceBreaker = introIceBreaker(deps.config.iceBreakers, pair.id);
  const webinar = deps.config.webinar;

  const introTo = async (recipient: Participant, partner: Participant) =>
    deliverToParticipant(deps, {
      key: `intro#${pair.id}#${recipient.id}`,
      template: 'intro',
      to: recipient,
      replyTo: [replyFor(recipient), partner.email],
      vars: {
        recipientFirstName: firstName(recipient.name),
        recipientRole: recipient.role,
        partnerName: partner.name,
        partnerFirstName: firstName(partner.name),
        partnerRole: partner.role,
        mentorName: mentor.name,
        menteeName: mentee.name,
        reasons: forThePair(pair.reasons),
        toolSuggestion: toolSuggestion(
          { firstName: firstName(recipient.name), preferredTools: recipient.preferredTools },
          { firstName: firstName(partner.name), preferredTools: partner.preferredTools },
        ),
        overlapSummary: overlapSummary(
          { firstName: firstName(recipient.name), timezone: recipient.timezone, availability: recipient.availability },
          { firstName: firstName(partner.name), timezone: partner.timezone, availability: partner.availability },
          Date.parse(pair.createdAt),
        ),
        cadenceDays: deps.config.meetingCadenceDays,
        durationWeeks: deps.config.mentorshipWeeks,
        bestPractices: deps.config.guidelines.bestPractices,
        goalTemplate: deps.config.guidelines.goalTemplate,
        incentiveLine: wording.intro.incentiveLine(deps.config.incentiveMeetings, deps.config.rewardDescription),
        // Mentioned only while it is still ahead.
        webinar: webinar && webinar.at > pair.createdAt ? [{ title: webinar.title, url: webinar.url, when: startsAt(webinar.at, recipient.timezone) }] : [],
        firstMeetingBy: meetingBy(pair.createdAt, recipient.timezone),
        iceBreaker,
        feedbackUrl: await signedLink(deps, 'feedback', pair.id, recipient.id),
        // Choice mode: the mentor of a pair the mentee chose may decline it once (see use-cases/choice/decline.ts).
        decline:
          pair.origin === 'chosen' && recipient.id === pair.mentorId
            ? [{ menteeFirstName: firstName(mentee.name), url: await signedLink(deps, 'decline', pair.id, mentor.id) }]
            : [],
        preheader: wording.intro.preheader(firstName(partner.name)),
      },
    });

  // Settled before any failure is thrown: a claimed intro is never abandoned unsent (see mapLimit).
  const intros = await allSettledOrThrow([introTo(mentor, mentee), introTo(mentee, mentor)]);
  // The first meeting as a calendar invitation, a separate email after the intros (keyed per pair, member and SEQUENCE).
  await proposeFirstMeeting(deps, pair);
  const timeline = pairTimeline(pair.createdAt, deps.config);
  await Promise.all(
    timeline.map((t) => deps.scheduler.scheduleOnce({ name: scheduleName(pair.id, t.step), at: t.at, payload: { pairId: pair.id, step: t.step } })),
  );
  // The nudge ladder starts at pairing; any activity restarts it (see recordActivity).
  const nudge = scheduleName(pair.id, 'nudge-1', pair.createdAt);
  await deps.scheduler.scheduleOnce({
    name: nudge,
    at: nudgeAt(pair.createdAt, 1, deps.config.meetingCadenceDays),
    payload: { pairId: pair.id, step: 'nudge-1', basis: pair.createdAt },
  });
  await deps.pairs.setLadder(pair, { nudgeSchedule: nudge });
  // Only a pair whose intros went out (or were deliberately skipped) leaves the to-do list; a failed send is retried next run.
  if (!intros.includes('failed')) await deps.pairs.markSetUp(pair.id);
  return { intros, schedules: timeline.length + 1 };
}
