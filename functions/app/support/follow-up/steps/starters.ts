import { pickQuestions } from '../../../../domain/catalogue-pick';
import { firstName } from '../../../../domain/participant';
import { wording } from '../../../../email-rendering/wording';
import { deliverToBoth, pairReplyTo } from '../members';
import type { FollowUpStep } from '../step';

export const starters: FollowUpStep<'starters'> = {
  milestone: true,
  async run(deps, { pair, members }) {
    // The same prompts for both: they are meant to be talked through together.
    const prompts = pickQuestions(deps.config.conversationStarters, `starters:${pair.id}`, 3);
    await deliverToBoth(deps, members, async (me, partner) => ({
      key: `starters#${pair.id}#${me.id}`,
      template: 'starters',
      to: me,
      replyTo: await pairReplyTo(deps, pair, me, partner),
      vars: { firstName: firstName(me.name), partnerFirstName: firstName(partner.name), prompts, preheader: wording.starters.preheader() },
    }));
    return 'done';
  },
};
