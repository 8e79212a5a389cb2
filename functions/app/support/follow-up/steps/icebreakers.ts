import { introIceBreaker, pickQuestions } from '../../../../domain/catalogue-pick';
import { firstName } from '../../../../domain/participant';
import { wording } from '../../../../email-rendering/wording';
import { deliverToBoth, pairReplyTo } from '../members';
import type { FollowUpStep } from '../step';

export const icebreakers: FollowUpStep<'icebreakers'> = {
  milestone: true,
  async run(deps, { pair, members }) {
    // Six distinct questions, none of them the intro's: three for each member.
    const questions = pickQuestions(deps.config.iceBreakers, `icebreakers:${pair.id}`, 6, [introIceBreaker(deps.config.iceBreakers, pair.id)]);
    await deliverToBoth(deps, members, async (me, partner, i) => ({
      key: `icebreakers#${pair.id}#${me.id}`,
      template: 'icebreakers',
      to: me,
      replyTo: await pairReplyTo(deps, pair, me, partner),
      vars: {
        firstName: firstName(me.name),
        partnerFirstName: firstName(partner.name),
        questions: questions.slice(i * 3, i * 3 + 3),
        preheader: wording.icebreakers.preheader(firstName(partner.name)),
      },
    }));
    return 'done';
  },
};
