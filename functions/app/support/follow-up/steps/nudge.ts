import { overlapSummary, toolSuggestion } from '../../../../domain/intro-content';
import { counted, gauge, merge } from '../../../../domain/kpi/stats-delta';
import { daysQuiet, decideNudge } from '../../../../domain/nudge-ladder';
import { scheduleName } from '../../../../domain/pair';
import { firstName } from '../../../../domain/participant';
import { wording } from '../../../../email-rendering/wording';
import { deliverToAdmins, deliverToParticipant } from '../../deliver-email';
import { consoleLink } from '../../links';
import { allSettledOrThrow } from '../../../../lib/map-limit';
import { both, pairReplyTo } from '../members';
import type { FollowUpStep } from '../step';

/** A rung of the nudge ladder: wait for the cadence, nudge both (twice), then escalate to the admins. */
export const nudge: FollowUpStep<'nudge'> = {
  milestone: false,
  async run(deps, { pair, members: m, step: { step }, basis }) {
    const now = deps.clock.now().toISOString();
    const pausedUntil = [m.mentor.pausedUntil, m.mentee.pausedUntil]
      .filter((p): p is string => Boolean(p))
      .sort()
      .pop();
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
                  toolSuggestion: toolSuggestion(
                    { firstName: firstName(me.name), preferredTools: me.preferredTools },
                    { firstName: firstName(partner.name), preferredTools: partner.preferredTools },
                  ),
                  preheader: wording.nudge.preheader(quiet),
                },
              })
            : deliverToParticipant(deps, {
                key: `nudge-2#${pair.id}#${basis}#${me.id}`,
                template: 'nudge-second',
                to: me,
                vars: {
                  firstName: firstName(me.name),
                  partnerFirstName: firstName(partner.name),
                  daysQuiet: quiet,
                  preheader: wording['nudge-second'].preheader(),
                },
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
          lastActivity: wording.escalation.lastActivity(pair.lastActivityAt === pair.createdAt ? null : formatDay(pair.lastActivityAt)),
          nudgesSent: 2,
          pairUrl: consoleLink(deps, `/admin/pairs/${pair.id}`),
          adminReason: wording.escalation.adminReason(quiet, deps.config.meetingCadenceDays),
          preheader: wording.escalation.preheader(quiet),
        },
      });
    }
    deps.log?.('nudge', { step, decision: decision.kind });
    return decision.kind === 'skip' ? `skip_${decision.reason}` : decision.kind;
  },
};

const formatDay = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
