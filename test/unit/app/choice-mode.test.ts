import { describe, expect, it } from 'vitest';
import { chooseMentor, choiceView } from '../../../functions/app/use-cases/choice/choose';
import { declinePair } from '../../../functions/app/use-cases/choice/decline';
import { runMatching } from '../../../functions/app/use-cases/run-matching';
import { signedLink } from '../../../functions/app/support/links';
import type { Participant } from '../../../functions/domain/participant';
import { memoryDeps, testConfig, MemoryOffers } from '../../support/fakes';
import { mentee, mentor } from '../../support/people';

const AT = new Date('2026-11-30T09:00:00Z');
const DAY = 86_400_000;

async function choiceProgram(mentors = 2, mentees = 3) {
  const env = memoryDeps({ config: testConfig({ matchingMode: 'choice', choiceDays: 7 }) });
  env.clock.current = AT;
  const people = {
    mentors: await Promise.all(Array.from({ length: mentors }, (_, i) => mentor(env.deps, `Mentor ${i}`))),
    mentees: await Promise.all(Array.from({ length: mentees }, (_, i) => mentee(env.deps, `Mentee ${i}`))),
  };
  const offers = env.deps.offers as MemoryOffers;
  const choiceEmails = (p: Participant) => env.mailer.sent.filter((m) => m.to.includes(p.email) && m.tags?.template === 'mentor-choice');
  const tokenFor = async (menteeId: string, mentorId: string) => (await signedLink(env.deps, 'choose', menteeId, mentorId)).split('/choose/')[1]!;
  return { ...env, ...people, offers, choiceEmails, tokenFor };
}

describe('a matching round in choice mode', () => {
  it('offers each waiting mentee up to three mentors by one email with a link per mentor, and pairs no one', async () => {
    const env = await choiceProgram();
    const summary = await runMatching(env.deps, AT);
    expect(summary).toMatchObject({ pairsCreated: 0, offersMade: 3 });
    expect(env.pairs.byId.size).toBe(0);
    for (const m of env.mentees) {
      const offer = (await env.offers.get(env.deps.config.id, m.id))!;
      expect(offer).toMatchObject({ state: 'open', sentAt: AT.toISOString() });
      expect(offer.mentors.length).toBeGreaterThan(0);
      expect(offer.mentors.length).toBeLessThanOrEqual(3);
      const [email, ...more] = env.choiceEmails(m);
      expect(more).toEqual([]);
      expect(email!.subject).toBe('Choose your mentor');
      expect(email!.text.match(/\/choose\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g)!.length).toBe(offer.mentors.length);
    }
    // No mentor is offered to more than 3 × their one free slot.
    const times = new Map<string, number>();
    for (const o of env.offers.byMentee.values()) for (const m of o.mentors) times.set(m.mentorId, (times.get(m.mentorId) ?? 0) + 1);
    for (const n of times.values()) expect(n).toBeLessThanOrEqual(3);
  });

  it('does not offer again while an offer is open', async () => {
    const env = await choiceProgram();
    await runMatching(env.deps, AT);
    const sent = env.mailer.sent.length;
    const again = await runMatching(env.deps, new Date(AT.getTime() + 3 * DAY));
    expect(again).toMatchObject({ offersMade: 0, offersOpen: 3, pairsCreated: 0 });
    expect(env.mailer.sent.length).toBe(sent);
  });

  it('matches a mentee automatically at the first round at least choiceDays after the offer, and closes the offer', async () => {
    const env = await choiceProgram(2, 2);
    await runMatching(env.deps, AT);
    const early = await runMatching(env.deps, new Date(AT.getTime() + 6 * DAY));
    expect(early.pairsCreated).toBe(0);
    const later = new Date(AT.getTime() + 7 * DAY);
    env.clock.current = later;
    const summary = await runMatching(env.deps, later);
    expect(summary).toMatchObject({ pairsCreated: 2, offersExpired: 2, offersMade: 0 });
    for (const m of env.mentees) expect((await env.offers.get(env.deps.config.id, m.id))!.state).toBe('expired');
    expect(await env.offers.listOpen(env.deps.config.id)).toEqual([]);
  });
});

describe('a mentee’s choice', () => {
  it('pairs them with the chosen mentor (origin chosen), closes the offer and sends intros; the mentor’s has a decline link', async () => {
    const env = await choiceProgram();
    await runMatching(env.deps, AT);
    const ada = env.mentees[0]!;
    const offer = (await env.offers.get(env.deps.config.id, ada.id))!;
    const chosen = offer.mentors[0]!.mentorId;
    const token = await env.tokenFor(ada.id, chosen);
    expect(await choiceView(env.deps, token)).toMatchObject({ kind: 'open' });
    expect(env.pairs.byId.size).toBe(0); // reading changes nothing
    const outcome = await chooseMentor(env.deps, token);
    expect(outcome.kind).toBe('paired');
    const pair = [...env.pairs.byId.values()][0]!;
    expect(pair).toMatchObject({ mentorId: chosen, menteeId: ada.id, origin: 'chosen', score: offer.mentors[0]!.score });
    expect((await env.offers.get(env.deps.config.id, ada.id))!).toMatchObject({ state: 'chosen', pairId: pair.id });
    const mentorEmail = env.participants.byId.get(chosen)!.email;
    const intros = env.mailer.sent.filter((m) => m.tags?.template === 'intro');
    expect(intros).toHaveLength(2);
    expect(intros.find((m) => m.to.includes(mentorEmail))!.text).toMatch(/\/decline\//);
    expect(intros.find((m) => m.to.includes(ada.email))!.text).not.toMatch(/\/decline\//);
    // Choosing again does nothing more.
    expect((await chooseMentor(env.deps, token)).kind).toBe('already_paired');
    expect(env.pairs.byId.size).toBe(1);
  });

  it('first choice wins: two mentees choosing the last slot at once give one pair; the other is offered the next best mentor', async () => {
    const env = await choiceProgram(2, 3);
    await runMatching(env.deps, AT);
    const [m0] = env.mentors;
    const both = env.mentees.filter((m) => env.offers.byMentee.get(`${env.deps.config.id}#${m.id}`)!.mentors.some((o) => o.mentorId === m0!.id));
    expect(both.length).toBeGreaterThanOrEqual(2);
    const [first, second] = both;
    // A choice is one request about one mentee: it reads their pairs, never the program's whole history.
    env.pairs.history = () => Promise.reject(new Error('a choice read every pair of the program'));
    const outcomes = await Promise.all([
      chooseMentor(env.deps, await env.tokenFor(first!.id, m0!.id)),
      chooseMentor(env.deps, await env.tokenFor(second!.id, m0!.id)),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['late', 'paired']);
    expect([...env.pairs.byId.values()].filter((p) => p.mentorId === m0!.id)).toHaveLength(1);
    const late = outcomes.find((o) => o.kind === 'late')!;
    if (late.kind !== 'late') throw new Error('unreachable');
    expect(late.next?.mentor.id).toBe(env.mentors[1]!.id);
    // The next best is in the offer, so its link works.
    const offer = (await env.offers.get(env.deps.config.id, late.mentee.id))!;
    expect(offer.mentors.map((m) => m.mentorId)).toContain(env.mentors[1]!.id);
    expect((await chooseMentor(env.deps, await env.tokenFor(late.mentee.id, env.mentors[1]!.id))).kind).toBe('paired');
  });

  it('refuses a mentor who was not offered, and a closed offer', async () => {
    const env = await choiceProgram(2, 2);
    await runMatching(env.deps, AT);
    const ada = env.mentees[0]!;
    const stranger = await mentor(env.deps, 'Not Offered');
    expect((await chooseMentor(env.deps, await env.tokenFor(ada.id, stranger.id))).kind).toBe('closed');
    const later = new Date(AT.getTime() + 7 * DAY);
    env.clock.current = later;
    await runMatching(env.deps, later);
    const offer = (await env.offers.get(env.deps.config.id, ada.id))!;
    expect(offer.state).toBe('expired');
    const outcome = await chooseMentor(env.deps, await env.tokenFor(ada.id, offer.mentors[0]!.mentorId));
    expect(['closed', 'already_paired']).toContain(outcome.kind);
    expect(env.pairs.byId.size).toBe(2);
  });
});

describe('a mentor’s decline', () => {
  async function chosenPair() {
    const env = await choiceProgram(2, 2);
    await runMatching(env.deps, AT);
    const ada = env.mentees[0]!;
    const offer = (await env.offers.get(env.deps.config.id, ada.id))!;
    const out = await chooseMentor(env.deps, await env.tokenFor(ada.id, offer.mentors[0]!.mentorId));
    if (out.kind !== 'paired') throw new Error(out.kind);
    const declineToken = (await signedLink(env.deps, 'decline', out.pair.id, out.pair.mentorId)).split('/decline/')[1]!;
    return { ...env, ada, pair: out.pair, declineToken };
  }

  it('ends the pair, blocks it, keeps the reason, and offers the mentee a new choice without that mentor, blaming no one', async () => {
    const env = await chosenPair();
    env.pairs.history = () => Promise.reject(new Error("a decline read every pair of the program for one mentee's new offer"));
    const outcome = await declinePair(env.deps, env.declineToken, 'Too busy this quarter');
    expect(outcome.kind).toBe('declined');
    expect(env.pairs.byId.get(env.pair.id)).toMatchObject({ status: 'ended', endReason: 'declined' });
    expect(await env.deps.pairs.blocked(env.deps.config.id)).toContainEqual({ mentorId: env.pair.mentorId, menteeId: env.ada.id });
    expect(await env.offers.declineOf(env.deps.config.id, env.pair.mentorId)).toMatchObject({ pairId: env.pair.id, reason: 'Too busy this quarter' });
    expect(env.participants.byId.get(env.ada.id)).toMatchObject({ status: 'waiting', activePairs: 0 });
    const offer = (await env.offers.get(env.deps.config.id, env.ada.id))!;
    expect(offer).toMatchObject({ state: 'open', roundId: `decline:${env.pair.id}` });
    expect(offer.mentors.map((m) => m.mentorId)).not.toContain(env.pair.mentorId);
    const emails = env.choiceEmails(env.ada);
    expect(emails).toHaveLength(2);
    expect(emails[1]!.text).toContain("it's nothing you did");
    expect(emails[1]!.text).not.toMatch(/declin|Too busy/i);
    // The same link again: the pair has ended, nothing more happens.
    expect((await declinePair(env.deps, env.declineToken, 'again')).kind).toBe('ended');
    expect(env.choiceEmails(env.ada)).toHaveLength(2);
  });

  it('allows one decline per mentor in the program', async () => {
    const env = await chosenPair();
    await declinePair(env.deps, env.declineToken, 'Too busy');
    // Ada chooses the same mentor's colleague; then someone else chooses the mentor who declined, who tries again.
    const other = env.mentees[1]!;
    const stored = (await env.offers.get(env.deps.config.id, other.id))!;
    const pick = stored.mentors.find((m) => m.mentorId === env.pair.mentorId) ?? stored.mentors[0]!;
    const out = await chooseMentor(env.deps, await env.tokenFor(other.id, pick.mentorId));
    if (out.kind !== 'paired' || out.pair.mentorId !== env.pair.mentorId) throw new Error('the set-up should pair the declining mentor again');
    const token = (await signedLink(env.deps, 'decline', out.pair.id, out.pair.mentorId)).split('/decline/')[1]!;
    expect((await declinePair(env.deps, token, 'Again')).kind).toBe('used');
    expect(env.pairs.byId.get(out.pair.id)!.status).toBe('active');
  });
});
