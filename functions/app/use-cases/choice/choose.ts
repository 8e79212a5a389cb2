/**
 * A mentee's choice (matching mode `choice`): `/choose/<token>` names the
 * mentee (subject) and the mentor (extra). Reading the link changes nothing;
 * the choice is the POST of its page's button.
 *
 * The first valid choice of a mentor with a free slot wins: the pair is the
 * matcher's conditional write (both members as read), so two mentees choosing
 * a mentor's last slot at once give one pair, and one mentee choosing twice
 * gives one pair. A late choice (that mentor has no room any more) gets the
 * next best mentor with room offered at once, stored in the offer.
 */
import { rankPartners } from '../../../domain/matching';
import { activePairsOf, spareCapacity } from '../../../domain/membership';
import type { Offer, OfferedMentor } from '../../../domain/offer';
import { pairEndsAt, type Pair } from '../../../domain/pair';
import type { Participant } from '../../../domain/participant';
import type { JobDeps } from '../../support/deps';
import { InvalidToken } from '../../support/errors';
import { readToken } from '../../support/links';
import { previousPairsOf, snapshot, toMatchInput } from '../../support/matching-round';
import { setUpPair } from '../set-up-pair';

export type ChoiceView =
  | { kind: 'open'; mentee: Participant; mentor: Participant; offered: OfferedMentor }
  /** The offer expired, was replaced or closed, or the mentor is no longer in the program. */
  | { kind: 'closed'; mentee?: Participant }
  | { kind: 'already_paired'; mentee: Participant };

export type ChoiceOutcome =
  | { kind: 'paired'; mentee: Participant; mentor: Participant; pair: Pair }
  /** Late: `wanted` has no room any more; `next` is offered now (with its own link), or none has room. */
  | { kind: 'late'; mentee: Participant; wanted: Participant; next?: { mentor: Participant; offered: OfferedMentor } }
  | Exclude<ChoiceView, { kind: 'open' }>;

const MAX_ATTEMPTS = 4;

async function read(deps: JobDeps, token: string): Promise<{ view: ChoiceView; offer?: Offer }> {
  const claims = await readToken(deps, token, 'choose');
  if (!claims.x) throw new InvalidToken('malformed');
  const programId = deps.config.id;
  const [mentee, mentor, offer] = await Promise.all([deps.participants.get(claims.s), deps.participants.get(claims.x), deps.offers.get(programId, claims.s)]);
  if (!mentee || mentee.programId !== programId || mentee.role !== 'mentee') return { view: { kind: 'closed' } };
  if (activePairsOf(mentee) > 0) return { view: { kind: 'already_paired', mentee } };
  const offered = offer?.mentors.find((m) => m.mentorId === claims.x);
  if (!offer || offer.state !== 'open' || !offered || !mentor || mentor.status === 'deleted' || mentee.status !== 'waiting')
    return { view: { kind: 'closed', mentee } };
  return { view: { kind: 'open', mentee, mentor, offered }, offer };
}

/** What the link's page shows; never writes. */
export async function choiceView(deps: JobDeps, token: string): Promise<ChoiceView> {
  return (await read(deps, token)).view;
}

/** The best mentor with room now for this mentee, other than `notThis` (feasible and never paired or blocked with them). */
async function nextBest(deps: JobDeps, mentee: Participant, notThis: string): Promise<{ mentor: Participant; offered: OfferedMentor } | undefined> {
  const programId = deps.config.id;
  const [pool, history, blocked] = await Promise.all([
    deps.participants.listByStatus(programId, 'waiting'),
    previousPairsOf(deps, mentee.id),
    deps.pairs.blocked(programId),
  ]);
  const mentors = pool.filter((p) => p.role === 'mentor' && p.id !== notThis && spareCapacity(p) > 0);
  const [best] = rankPartners(
    { participants: [mentee, ...mentors].map((p) => toMatchInput(p)), previousPairs: history, blockedPairs: blocked },
    mentee.id,
    { matchDate: deps.clock.now() },
    1,
  );
  const mentor = best && mentors.find((m) => m.id === best.partnerId);
  return mentor && best ? { mentor, offered: { mentorId: mentor.id, score: best.score, reasons: best.reasons } } : undefined;
}

/** The late choice's answer: the next best mentor, stored in the offer (so its link works) unless it is there already. */
async function offerNext(deps: JobDeps, offer: Offer, mentee: Participant, wanted: Participant): Promise<ChoiceOutcome> {
  const next = await nextBest(deps, mentee, wanted.id);
  if (!next) return { kind: 'late', mentee, wanted };
  let current: Offer | undefined = offer;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && current?.state === 'open'; attempt++) {
    if (current.mentors.some((m) => m.mentorId === next.mentor.id)) return { kind: 'late', mentee, wanted, next };
    if ((await deps.offers.addMentor(current, next.offered)) === 'updated') return { kind: 'late', mentee, wanted, next };
    current = await deps.offers.get(deps.config.id, mentee.id);
  }
  return { kind: 'closed', mentee };
}

/** The choice itself (the POST). */
export async function chooseMentor(deps: JobDeps, token: string, attempt = 1): Promise<ChoiceOutcome> {
  const { view, offer } = await read(deps, token);
  if (view.kind !== 'open' || !offer) return view as Exclude<ChoiceView, { kind: 'open' }>;
  const { mentee, mentor, offered } = view;
  if (mentor.status !== 'waiting' || spareCapacity(mentor) <= 0) return offerNext(deps, offer, mentee, mentor);

  const createdAt = deps.clock.now().toISOString();
  const pair: Pair = {
    id: deps.ids.next(),
    programId: deps.config.id,
    mentorId: mentor.id,
    menteeId: mentee.id,
    score: offered.score,
    reasons: offered.reasons,
    status: 'active',
    createdAt,
    endsAt: pairEndsAt(createdAt, deps.config.mentorshipWeeks),
    lastActivityAt: createdAt,
    origin: 'chosen',
  };
  if ((await deps.pairs.createPair(pair, snapshot(mentor), snapshot(mentee))) === 'conflict') {
    // Someone was quicker: the mentee (another tab, another mentor) or another mentee (the mentor's last slot).
    const [menteeNow, mentorNow] = await Promise.all([deps.participants.get(mentee.id), deps.participants.get(mentor.id)]);
    if (!menteeNow || activePairsOf(menteeNow) > 0) return { kind: 'already_paired', mentee: menteeNow ?? mentee };
    if (menteeNow.status !== 'waiting') return { kind: 'closed', mentee: menteeNow };
    if (!mentorNow || mentorNow.status !== 'waiting' || spareCapacity(mentorNow) <= 0) return offerNext(deps, offer, menteeNow, mentor);
    // Both still free (a counter changed elsewhere): try again on fresh state, a bounded number of times.
    if (attempt >= MAX_ATTEMPTS) throw new Error(`choice of ${mentee.id}: members kept changing`);
    return chooseMentor(deps, token, attempt + 1);
  }
  deps.metrics?.count('PairsCreated', 1);
  // The pair stands whatever happens to the offer; closing it (on its latest revision) only keeps the round from re-offering.
  let current: Offer | undefined = offer;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && current?.state === 'open'; attempt++) {
    if ((await deps.offers.close(current, { state: 'chosen', at: createdAt, pairId: pair.id })) === 'closed') break;
    current = await deps.offers.get(deps.config.id, mentee.id);
  }
  await setUpPair(deps, pair);
  deps.log?.('offer_chosen', { late: false });
  return { kind: 'paired', mentee, mentor, pair };
}
