import { firstName } from '../../../../domain/participant';
import { wording } from '../../../../email-rendering/wording';
import { endPair } from '../../../use-cases/end-pair';
import { signedLink } from '../../links';
import { deliverToBoth } from '../members';
import type { FollowUpStep } from '../step';

/** The mentorship's last day: a closing survey to both (no pair reply-to, the pair is over), then the pair ends. */
export const end: FollowUpStep<'end'> = {
  milestone: true,
  async run(deps, { pair, members }) {
    await deliverToBoth(deps, members, async (me, partner) => ({
      key: `closing#${pair.id}#${me.id}`,
      template: 'closing-survey',
      to: me,
      vars: {
        firstName: firstName(me.name),
        partnerFirstName: firstName(partner.name),
        weeks: deps.config.mentorshipWeeks,
        feedbackUrl: await signedLink(deps, 'feedback', pair.id, me.id),
        rejoinUrl: await signedLink(deps, 'rejoin', me.id),
        preheader: wording['closing-survey'].preheader(),
      },
    }));
    await endPair(deps, pair, 'completed', []);
    return 'done';
  },
};
