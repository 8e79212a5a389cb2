import { introIceBreaker, pickQuestions } from '../domain/catalogue-pick';
import { overlapSummary, toolSuggestion } from '../domain/intro-content';
import { daysQuiet, decideNudge, type NudgeDecision } from '../domain/nudge-ladder';
import { counted, gauge, merge } from '../domain/kpi/stats-delta';
import { scheduleName, type NudgeStep, type Pair, type TimelineStep } from '../domain/pair';
import { firstName, type Participant } from '../domain/participant';
import { memberReplyAddress } from '../domain/reply-address';
import type { JobDeps } from './deps';
import { deliverToAdmins, deliverToParticipant, type DeliveryOutcome } from './deliver-email';
import { endPair } from './end-pair';
import { adminLink, signedLink } from './links';
import { allSettledOrThrow } from './map-limit';

export type FollowUpOutcome = 'done' | 'no_pair' | 'pair_ended' | NudgeDecision['kind'] | `skip_${string}`;

interface Members {
  mentor: Participant;
  mentee: Participant;
}

/**
 * A pair's one-time schedule fired. It always re-reads the pair and its members,
 * acts only if still relevant, and every email has its own key, so a late or
 * repeated firing never sends twice.
 */
export async function runFollowUp(deps: JobDeps, input: { pairId: string; step: TimelineStep; basis?: string }): Promise<FollowUpOutcome> {
  const pair = await deps.pairs.get(input.pairId);
  if (!pair) return 'no_pair';
  if (pair.status === 'ended') return 'pair_ended';
  const [mentor, mentee] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
  if (!mentor || !mentee) return 'no_pair';
  const members = { mentor, mentee };
  if (!input.step.startsWith('nudge-')) await deps.pairs.recordStep(pair.id, input.step, deps.clock.now().toISOString());

  if (input.step === 'icebreakers') await sendIceBreakers(deps, pair, members);
  else if (input.step === 'starters') await sendStarters(deps, pair, members);
  else if (input.step === 'end') await closePair(deps, pair, members);
  else if (input.step.startsWith('checkin-')) await sendCheckIns(deps, pair, members, Number(input.step.slice('checkin-'.length)));
  else return climbLadder(deps, pair, members, input.step as NudgeStep, input.basis);
  deps.log?.('follow_up', { step: input.step });
  return 'done';
}

// Both members' emails are sent with allSettledOrThrow: if one fails to claim (database gone), the other's
// claimed email is still sent and marked before the firing fails, instead of being left `sending` for good.
const both = (m: Members) => [
  { me: m.mentor, partner: m.mentee },
  { me: m.mentee, partner: m.mentor },
];

/** Replies reach the partner and the system; the system's address is the recipient's own (per member, not per pair). */
async function pairReplyTo(deps: JobDeps, pair: Pair, me: Participant, partner: Participant) {
  return [memberReplyAddress(pair, me.id, await deps.secrets.tokenSecret(), deps.config.replyDomain), partner.email];
}

function sendIceBreakers(deps: JobDeps, pair: Pair, m: Members): Promise<DeliveryOutcome[]> {
  // Six distinct questions, none of them the intro's: three for each member.
  const questions = pickQuestions(deps.config.iceBreakers, `icebreakers:${pair.id}`, 6, [introIceBreaker(deps.config.iceBreakers, pair.id)]);
  return allSettledOrThrow(
    both(m).map(async ({ me, partner }, i) =>
      deliverToParticipant(deps, {
        key: `icebreakers#${pair.id}#${me.id}`,
        template: 'icebreakers',
        to: me,
        replyTo: await pairReplyTo(deps, pair, me, partner),
        vars: {
          firstName: firstName(me.name),
          partnerFirstName: firstName(partner.name),
          questions: questions.slice(i * 3, i * 3 + 3),
          preheader: `Three easy questions for your next call with ${firstName(partner.name)}.`,
        },
      }),
    ),
  );
}

function sendStarters(deps: JobDeps, pair: Pair, m: Members): Promise<DeliveryOutcome[]> {
  // The same prompts for both: they are meant to be talked through together.
  const prompts = pickQuestions(deps.config.conversationStarters, `starters:${pair.id}`, 3);
  return allSettledOrThrow(
    both(m).map(async ({ me, partner }) =>
      deliverToParticipant(deps, {
        key: `starters#${pair.id}#${me.id}`,
        template: 'starters',
        to: me,
        replyTo: await pairReplyTo(deps, pair, me, partner),
        vars: { firstName: firstName(me.name), partnerFirstName: firstName(partner.name), prompts, preheader: 'From getting to know each other to what you want to work on.' },
      }),
    ),
  );
}

async function sendCheckIns(deps: JobDeps, pair: Pair, m: Members, meeting: number): Promise<DeliveryOutcome[]> {
  const outcomes = await allSettledOrThrow(
    both(m).map(async ({ me, partner }) => {
      const base = await signedLink(deps, 'checkin', pair.id, `${me.id}.${meeting}`);
      const answer = (a: string) => `${base}?answer=${a}`;
      const key = `checkin#${pair.id}#${me.id}#${meeting}`;
      const outcome = await deliverToParticipant(deps, {
        key,
        template: 'checkin',
        to: me,
        replyTo: await pairReplyTo(deps, pair, me, partner),
        vars: {
          firstName: firstName(me.name),
          partnerFirstName: firstName(partner.name),
          meetingNumber: meeting,
          metUrl: answer('met'),
          notYetUrl: answer('not_yet'),
          rate1Url: answer('1'),
          rate2Url: answer('2'),
          rate3Url: answer('3'),
          rate4Url: answer('4'),
          rate5Url: answer('5'),
          feedbackUrl: await signedLink(deps, 'feedback', pair.id, me.id),
          preheader: 'One click tells us how it went.',
        },
      });
      // Check-in requests are the denominator of the satisfaction response rate. Each is counted once, under
      // its email's key: a firing that died after queueing and before counting (found by the fault tests)
      // is counted by its re-fire, where the same email is `skipped` but already queued, sending or sent.
      const state = outcome === 'skipped' ? (await deps.emailLog.get(key))?.state : undefined;
      if (outcome === 'queued' || state === 'queued' || state === 'sending' || state === 'sent') {
        await deps.stats.add(pair.programId, counted('checkin_requests', deps.clock.now().toISOString()), key);
      }
      return outcome;
    }),
  );
  return outcomes;
}

async function closePair(deps: JobDeps, pair: Pair, m: Members): Promise<void> {
  await allSettledOrThrow(
    both(m).map(async ({ me, partner }) =>
      deliverToParticipant(deps, {
        key: `closing#${pair.id}#${me.id}`,
        template: 'closing-survey',
        to: me,
        vars: {
          firstName: firstName(me.name),
          partnerFirstName: firstName(partner.name),
          weeks: deps.config.mentorshipWeeks,
          feedbackUrl: await signedLink(deps, 'feedback', pair.id, me.id),
          rejoinUrl: await signedLink(deps, 'rejoin', me.id),
          preheader: 'Two minutes of feedback, and a seat in the next round if you want one.',
        },
      }),
    ),
  );
  await endPair(deps, pair, 'completed', []);
}

async function climbLadder(deps: JobDeps, pair: Pair, m: Members, step: NudgeStep, basis: string | undefined): Promise<FollowUpOutcome> {
  const now = deps.clock.now().toISOString();
  const pausedUntil = [m.mentor.pausedUntil, m.mentee.pausedUntil].filter((p): p is string => Boolean(p)).sort().pop();
  const decision = decideNudge(pair, step, basis, now, deps.config.meetingCadenceDays, pausedUntil);
  const quiet = daysQuiet(pair.lastActivityAt, now);

  if (decision.kind === 'wait') {
    // A fresh name: the firing schedule still exists while it runs.
    await deps.scheduler.scheduleOnce({ name: scheduleName(pair.id, step, decision.until), at: decision.until, payload: { pairId: pair.id, step, basis } });
  } else if (decision.kind === 'nudge') {
    await allSettledOrThrow(
      both(m).map(async ({ me, partner }) =>
        decision.level === 1
          ? deliverToParticipant(deps, {
              key: `nudge-1#${pair.id}#${basis}#${me.id}`,
              template: 'nudge',
              to: me,
              replyTo: await pairReplyTo(deps, pair, me, partner),
              vars: {
                firstName: firstName(me.name),
                partnerFirstName: firstName(partner.name),
                daysQuiet: quiet,
                overlapSummary: overlapSummary(
                  { firstName: firstName(me.name), timezone: me.timezone, availability: me.availability },
                  { firstName: firstName(partner.name), timezone: partner.timezone, availability: partner.availability },
                  Date.parse(now),
                ),
                toolSuggestion: toolSuggestion({ firstName: firstName(me.name), preferredTools: me.preferredTools }, { firstName: firstName(partner.name), preferredTools: partner.preferredTools }),
                preheader: `It has been ${quiet} days: here is when you are both free.`,
              },
            })
          : deliverToParticipant(deps, {
              key: `nudge-2#${pair.id}#${basis}#${me.id}`,
              template: 'nudge-second',
              to: me,
              vars: { firstName: firstName(me.name), partnerFirstName: firstName(partner.name), daysQuiet: quiet, preheader: 'A short call is enough to get going again.' },
            }),
      ),
    );
    const next = scheduleName(pair.id, decision.next.step, basis);
    await deps.scheduler.scheduleOnce({ name: next, at: decision.next.at, payload: { pairId: pair.id, step: decision.next.step, basis } });
    // Nudged since its last activity: the pair no longer counts as on track.
    await deps.pairs.setLadder(pair, { nudgeLevel: decision.level, nudgeSchedule: next }, decision.level === 1 ? gauge('pairs_quiet', 1) : undefined);
  } else if (decision.kind === 'escalate') {
    await deps.pairs.setLadder(pair, { nudgeLevel: 3, status: 'at_risk' }, merge(counted('escalations', now), gauge('pairs_at_risk', 1)));
    await deliverToAdmins(deps, {
      key: `escalation#${pair.id}#${basis}`,
      template: 'escalation',
      vars: {
        mentorName: m.mentor.name,
        menteeName: m.mentee.name,
        daysQuiet: quiet,
        pairedOn: formatDay(pair.createdAt),
        lastActivity: pair.lastActivityAt === pair.createdAt ? 'no activity since pairing' : `last activity ${formatDay(pair.lastActivityAt)}`,
        nudgesSent: 2,
        rematchUrl: await adminLink(deps, 'rematch', pair.id),
        adminReason: `Neither of them has checked in, given feedback or replied for ${quiet} days, three times the program's ${deps.config.meetingCadenceDays}-day meeting cadence, and two reminders went unanswered.`,
        preheader: `${quiet} days without activity after two reminders.`,
      },
    });
  }
  deps.log?.('nudge', { step, decision: decision.kind });
  return decision.kind === 'skip' ? `skip_${decision.reason}` : decision.kind;
}

const formatDay = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
