import { counted } from '../../../domain/kpi/stats-delta';
import { FIT_ANSWERS, type FitAnswerValue, type FitCheck, type Pair } from '../../../domain/pair';
import { firstName, type Participant } from '../../../domain/participant';
import { wording } from '../../../email-rendering/wording';
import type { JobDeps } from '../../support/deps';
import { InvalidToken, NotFound } from '../../support/errors';
import { scheduleFitCheck } from '../../support/follow-up/fit-check-schedule';
import { deliverToBoth } from '../../support/follow-up/members';
import { readToken } from '../../support/links';
import { endPair } from '../end-pair';

export const isFitAnswer = (value: unknown): value is FitAnswerValue => (FIT_ANSWERS as readonly unknown[]).includes(value);

/** Two "still deciding" ask again after the next meeting, at most up to this round. */
export const MAX_FIT_ROUNDS = 3;
/** After a "not a good fit", both members are matched with priority this long (two weekly rounds: the next one, and one more if it misses them). */
export const FIT_PRIORITY_DAYS = 14;
const DAY_MS = 86_400_000;
const ANSWER_ATTEMPTS = 5;

/**
 * `recorded`: the answer was stored now; `unchanged`: the member had given it already (a second press);
 * `not_asked`: no fit check awaits an answer; `pair_ended`: the pair is over (by this answer's partner or otherwise).
 */
export type FitOutcome = 'recorded' | 'unchanged' | 'not_asked' | 'pair_ended';

export interface FitContext {
  pair: Pair;
  me: Participant;
  partner: Participant;
}

/** Reads a member's fit link (`s` = pair, `x` = the member) and loads both members. */
export async function fitLinkContext(deps: JobDeps, token: string): Promise<FitContext> {
  const claims = await readToken(deps, token, 'fit');
  const participantId = claims.x;
  if (!participantId) throw new InvalidToken('malformed');
  const pair = await deps.pairs.get(claims.s);
  if (!pair || pair.programId !== deps.config.id || (pair.mentorId !== participantId && pair.menteeId !== participantId)) throw new NotFound('pair not found');
  const [me, partner] = await Promise.all([
    deps.participants.get(participantId),
    deps.participants.get(pair.mentorId === participantId ? pair.menteeId : pair.mentorId),
  ]);
  if (!me || !partner) throw new NotFound('pair member not found');
  return { pair, me, partner };
}

/** A button press on the fit page. */
export async function answerFitCheck(deps: JobDeps, token: string, answer: FitAnswerValue): Promise<FitContext & { outcome: FitOutcome }> {
  const context = await fitLinkContext(deps, token);
  const outcome = await recordFitAnswer(deps, context.pair, context.me.id, answer);
  return { ...context, outcome };
}

/**
 * Stores one member's answer to the pair's current fit-check round (compare-and-set: two answers at
 * once never overwrite each other; on a conflict the pair is read again) and acts on the pair's answers:
 * "not a good fit" from either ends the pair kindly; two "still deciding" ask again after the next
 * meeting; "good fit" is only recorded. A repeated answer acts again only where acting is idempotent
 * (ending, blocking, the keyed emails and counts), so a crash half-way is finished by the next press.
 */
export async function recordFitAnswer(deps: JobDeps, read: Pair, participantId: string, answer: FitAnswerValue): Promise<FitOutcome> {
  const role = read.mentorId === participantId ? 'mentor' : 'mentee';
  let pair: Pair | undefined = read;
  for (let attempt = 1; attempt <= ANSWER_ATTEMPTS; attempt++) {
    if (!pair) return 'pair_ended';
    if (pair.status === 'ended') {
      if (pair.endReason === 'not_fit') await afterNotFit(deps, pair);
      return 'pair_ended';
    }
    const check = pair.fitCheck;
    if (!check) return 'not_asked';
    if (check.answers[role] === answer) {
      await actOn(deps, pair, check, { participantId, answer, fresh: false });
      return 'unchanged';
    }
    const next: FitCheck = { ...check, answers: { ...check.answers, [role]: answer } };
    if ((await deps.pairs.setStart(pair, { fitCheck: next })) === 'updated') {
      await actOn(deps, { ...pair, fitCheck: next, startRev: (pair.startRev ?? 0) + 1 }, next, { participantId, answer, fresh: true });
      deps.log?.('fit_answer', { answer, round: check.round });
      return 'recorded';
    }
    pair = await deps.pairs.get(read.id);
  }
  throw new Error(`pair ${read.id}: its fit check kept changing while an answer was being recorded`);
}

async function actOn(deps: JobDeps, pair: Pair, check: FitCheck, given: { participantId: string; answer: FitAnswerValue; fresh: boolean }): Promise<void> {
  const at = deps.clock.now().toISOString();
  // Counted once per member, round and answer (a changed answer counts again: the digest counts answers given).
  await deps.stats.add(pair.programId, counted(`fit_${given.answer}`, at), `fit#${pair.id}#${given.participantId}#${check.round}#${given.answer}`);
  const { mentor, mentee } = check.answers;
  if (mentor === 'not' || mentee === 'not') {
    // Both count as leaving the pair early (as with a re-match), for the retention cohorts.
    await endPair(deps, pair, 'not_fit', ['mentor', 'mentee']);
    const ended = await deps.pairs.get(pair.id);
    if (ended?.status === 'ended' && ended.endReason === 'not_fit') await afterNotFit(deps, ended);
    return;
  }
  // Scheduled only by the answer that made it two "still deciding" (its basis is now, so a repeat would schedule again).
  if (given.fresh && mentor === 'deciding' && mentee === 'deciding' && check.round < MAX_FIT_ROUNDS) {
    await scheduleFitCheck(deps, pair.id, check.round + 1, new Date(Date.parse(at) + deps.config.meetingCadenceDays * DAY_MS).toISOString());
  }
}

/**
 * After a pair ended as not a good fit: never paired again, both first in line for the next round,
 * and the same kind email to both. Everything here is idempotent and derived from the ended pair
 * (the priority runs from `endedAt`), so a later press or a retry repeats it harmlessly.
 */
async function afterNotFit(deps: JobDeps, pair: Pair): Promise<void> {
  const at = deps.clock.now().toISOString();
  await deps.pairs.block(pair.programId, { mentorId: pair.mentorId, menteeId: pair.menteeId }, at);
  const [mentor, mentee] = await Promise.all([deps.participants.get(pair.mentorId), deps.participants.get(pair.menteeId)]);
  const priorityUntil = new Date(Date.parse(pair.endedAt ?? at) + FIT_PRIORITY_DAYS * DAY_MS).toISOString();
  for (const member of [mentor, mentee]) {
    if (member && (member.status === 'waiting' || member.status === 'matched') && member.priorityUntil !== priorityUntil)
      await deps.participants.setFlags(member, { priorityUntil }, at);
  }
  if (!mentor || !mentee) return;
  await deliverToBoth(deps, { mentor, mentee }, async (me, partner) => ({
    key: `fit-ended#${pair.id}#${me.id}`,
    template: 'fit-ended',
    to: me,
    vars: { firstName: firstName(me.name), partnerFirstName: firstName(partner.name), preheader: wording['fit-ended'].preheader() },
  }));
}
