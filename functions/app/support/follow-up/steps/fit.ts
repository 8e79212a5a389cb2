import type { Pair } from '../../../../domain/pair';
import { firstName } from '../../../../domain/participant';
import { wording } from '../../../../email-rendering/wording';
import type { JobDeps } from '../../deps';
import { signedLink } from '../../links';
import { deliverToBoth, pairReplyTo } from '../members';
import type { FollowUpStep } from '../step';

/** Compare-and-set attempts before giving up (the schedule's retry fires again). */
const ASK_ATTEMPTS = 5;

/**
 * The `round`-th fit check: "How is it going with <partner>?", one link per answer. It is
 * scheduled from two places (the first meeting accepted in both calendars, or first reported
 * as met), so it may fire twice: the round is stored once (compare-and-set on the pair) and the
 * emails have one key per member and round. A later round already asked makes it stale.
 * Not a milestone: a stale firing must not appear on the pair's timeline.
 */
export const fit: FollowUpStep<'fit'> = {
  milestone: false,
  async run(deps, { pair, members, step: { round } }) {
    const asked = await markAsked(deps, pair, round);
    if (asked !== 'asked') return asked;
    await deliverToBoth(deps, members, async (me, partner) => {
      const link = await signedLink(deps, 'fit', pair.id, me.id);
      return {
        key: `fit-check#${pair.id}#${me.id}#${round}`,
        template: 'fit-check',
        to: me,
        // The member's own reply address first: a reply "good fit" is their answer (the partner is not copied:
        // the answer is private).
        replyTo: (await pairReplyTo(deps, pair, me, partner)).slice(0, 1),
        vars: {
          firstName: firstName(me.name),
          partnerFirstName: firstName(partner.name),
          goodUrl: `${link}?answer=good`,
          decidingUrl: `${link}?answer=deciding`,
          notUrl: `${link}?answer=not`,
          preheader: wording['fit-check'].preheader(),
        },
      };
    });
    deps.log?.('follow_up', { step: `fit-${round}` });
    return 'done';
  },
};

/** Stores `fitCheck` for this round unless a later one was asked; `asked` also when this round was stored before (the emails are keyed). */
async function markAsked(deps: JobDeps, read: Pair, round: number): Promise<'asked' | 'skip_stale' | 'pair_ended'> {
  let pair: Pair | undefined = read;
  for (let attempt = 1; attempt <= ASK_ATTEMPTS; attempt++) {
    if (!pair || pair.status === 'ended') return 'pair_ended';
    const current = pair.fitCheck?.round ?? 0;
    if (current > round) return 'skip_stale';
    if (current === round) return 'asked';
    const written = await deps.pairs.setStart(pair, { fitCheck: { round, askedAt: deps.clock.now().toISOString(), answers: {} } });
    if (written === 'updated') return 'asked';
    pair = await deps.pairs.get(read.id);
  }
  throw new Error(`pair ${read.id}: its fit check kept changing while it was being asked`);
}
