import { counted } from '../../../../domain/kpi/stats-delta';
import { firstName } from '../../../../domain/participant';
import { wording } from '../../../../email-rendering/wording';
import { deliverToParticipant } from '../../deliver-email';
import { signedLink } from '../../links';
import { allSettledOrThrow } from '../../../../lib/map-limit';
import { both, pairReplyTo } from '../members';
import type { FollowUpStep } from '../step';

export const checkin: FollowUpStep<'checkin'> = {
  milestone: true,
  async run(deps, { pair, members, step: { meeting } }) {
    await allSettledOrThrow(
      both(members).map(async ({ me, partner }) => {
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
            preheader: wording.checkin.preheader(),
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
    return 'done';
  },
};
