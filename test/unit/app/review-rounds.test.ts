import { adminDeps } from '../../support/memory-exports';
import { describe, expect, it } from 'vitest';
import { excludePair, pinPair, publishRound, roundSuggestions, viewRound } from '../../../functions/app/use-cases/admin/rounds';
import { runMatching } from '../../../functions/app/use-cases/run-matching';
import type { AdminDeps } from '../../../functions/app/support/deps';
import { AdminRequestRefused } from '../../../functions/app/support/errors';
import type { AdminPrincipal } from '../../../functions/ports';
import { MemoryAuditLog, memoryDeps, testConfig } from '../../support/fakes';
import { mentee, mentor } from '../../support/people';

const AT = new Date('2026-11-30T09:00:00Z');
const admin: AdminPrincipal = { adminId: 'adm-1', email: 'boss@example.com', via: 'session', credentialId: 's-1' };

async function reviewProgram(mentors = 2, mentees = 3) {
  const audit = new MemoryAuditLog();
  const env = memoryDeps({ config: testConfig({ matchingMode: 'review', admins: ['boss@example.com'] }) });
  env.clock.current = AT;
  const deps: AdminDeps = adminDeps(env.deps, { audit });
  const people = {
    mentors: await Promise.all(Array.from({ length: mentors }, (_, i) => mentor(deps, `Mentor ${i}`))),
    mentees: await Promise.all(Array.from({ length: mentees }, (_, i) => mentee(deps, `Mentee ${i}`))),
  };
  return { ...env, deps, audit, ...people };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof AdminRequestRefused ? { status: e.status, code: e.code } : Promise.reject(e)),
  );

describe('matching in review mode', () => {
  it('proposes pairs with score and reasons and creates or sends nothing', async () => {
    const env = await reviewProgram();
    const summary = await runMatching(env.deps, AT);
    expect(summary).toMatchObject({ pairsCreated: 0, introsQueued: 0, unmatchedNotified: 0, unmatched: 1, roundId: expect.any(String) });
    const round = (await env.deps.rounds.get(env.deps.config.id, summary.roundId!))!;
    expect(round).toMatchObject({ status: 'proposed', createdAt: AT.toISOString(), pins: [], exclusions: [], version: 1 });
    expect(round.pairs).toHaveLength(2);
    for (const pair of round.pairs)
      expect(pair).toMatchObject({ score: expect.any(Number), reasons: expect.arrayContaining([expect.any(String)]), pinned: false });
    expect(round.unmatched).toHaveLength(1);
    expect(env.pairs.byId.size).toBe(0);
    expect(env.emailQueue.enqueued).toHaveLength(0);
  });

  it('leaves auto mode as it was: no round stored', async () => {
    const env = await reviewProgram();
    const auto = { ...env.deps, config: { ...env.deps.config, matchingMode: 'auto' as const } };
    const summary = await runMatching(auto, AT);
    expect(summary).toMatchObject({ pairsCreated: 2 });
    expect(summary).not.toHaveProperty('roundId');
    expect((await env.deps.rounds.list(env.deps.config.id, { limit: 10 })).rounds).toEqual([]);
  });

  it('a new round supersedes the proposal still unpublished, which can then no longer be published', async () => {
    const env = await reviewProgram();
    const first = (await runMatching(env.deps, AT)).roundId!;
    const second = await runMatching(env.deps, new Date(AT.getTime() + 86_400_000));
    expect(second.superseded).toBe(1);
    expect(await env.deps.rounds.get(env.deps.config.id, first)).toMatchObject({ status: 'superseded', supersededBy: second.roundId });
    expect(await refusal(publishRound(env.deps, admin, first))).toEqual({ status: 409, code: 'round_superseded' });
    const list = await env.deps.rounds.list(env.deps.config.id, { limit: 10 });
    expect(list.rounds.map((r) => [r.id, r.status])).toEqual([
      [second.roundId, 'proposed'],
      [first, 'superseded'],
    ]);
  });

  it('reminds the admins once of a proposal left a week unpublished', async () => {
    const env = await reviewProgram();
    const { roundId } = await runMatching(env.deps, AT);
    const later = { ...env.deps, config: { ...env.deps.config, matchingMode: 'auto' as const } };
    const reminders = () => env.emailQueue.enqueued.filter((e) => e.template === 'round-reminder');
    await runMatching(later, new Date(AT.getTime() + 6 * 86_400_000));
    expect(reminders()).toHaveLength(0);
    // Auto mode again: nobody left to pair, the old proposal stays open.
    await runMatching(later, new Date(AT.getTime() + 7 * 86_400_000));
    await runMatching(later, new Date(AT.getTime() + 8 * 86_400_000));
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]!.email).toMatchObject({ to: ['boss@example.com'] });
    expect(JSON.stringify(reminders()[0]!.email)).toContain(`/admin/rounds/${roundId}`);
  });

  it('exclude and pin re-solve the round around the admin’s choices, and are audited with ids only', async () => {
    const env = await reviewProgram(2, 2);
    const { roundId } = await runMatching(env.deps, AT);
    const round = (await env.deps.rounds.get(env.deps.config.id, roundId!))!;
    const [a, b] = round.pairs;
    // Swap the partners: exclude one proposed pair, the solver finds the other arrangement.
    const excluded = await excludePair(env.deps, admin, roundId!, a!);
    expect(excluded.exclusions).toEqual([{ mentorId: a!.mentorId, menteeId: a!.menteeId }]);
    expect(excluded.pairs.map((p) => [p.mentorId, p.menteeId])).toEqual(
      [
        [a!.mentorId, b!.menteeId],
        [b!.mentorId, a!.menteeId],
      ].sort(),
    );
    // Pinning it back lifts the exclusion.
    const pinned = await pinPair(env.deps, admin, roundId!, a!);
    expect(pinned.exclusions).toEqual([]);
    expect(pinned.pairs).toContainEqual(expect.objectContaining({ mentorId: a!.mentorId, menteeId: a!.menteeId, pinned: true }));
    expect(env.audit.entries.map((e) => [e.action, e.targets])).toEqual([
      ['round.pin', [roundId, a!.mentorId, a!.menteeId]],
      ['round.exclude', [roundId, a!.mentorId, a!.menteeId]],
    ]);
    expect(JSON.stringify(env.audit.entries)).not.toMatch(/Mentor|Mentee|@/);
  });

  it('refuses a pin the round cannot take, and ranks suggestions with reasons', async () => {
    const env = await reviewProgram(1, 2);
    const lonely = await mentee(env.deps, 'German speaker', { languages: ['de'] });
    const { roundId } = await runMatching(env.deps, AT);
    expect(await refusal(pinPair(env.deps, admin, roundId!, { mentorId: env.mentors[0]!.id, menteeId: lonely.id }))).toEqual({
      status: 422,
      code: 'not_a_candidate',
    });
    const { suggestions } = await roundSuggestions(env.deps, roundId!, env.mentors[0]!.id);
    expect(suggestions.map((s) => s.partnerId).sort()).toEqual(env.mentees.map((m) => m.id).sort());
    expect(suggestions[0]!.reasons.length).toBeGreaterThan(0);
  });

  it('publishes once: pairs created and intros queued exactly once, even when published twice', async () => {
    const env = await reviewProgram();
    const { roundId } = await runMatching(env.deps, AT);
    const [first, second] = await Promise.all([publishRound(env.deps, admin, roundId!), publishRound(env.deps, admin, roundId!)]);
    expect([first.publishedNow, second.publishedNow].sort()).toEqual([false, true]);
    expect(env.pairs.byId.size).toBe(2);
    expect(first.pairsCreated + second.pairsCreated).toBe(2);
    expect(first.introsQueued + second.introsQueued).toBe(4);
    const third = await publishRound(env.deps, admin, roundId!);
    expect(third).toMatchObject({ publishedNow: false, pairsCreated: 0, introsQueued: 0 });
    expect(env.pairs.byId.size).toBe(2);
    expect(env.emailQueue.enqueued.filter((e) => e.template === 'intro')).toHaveLength(4);
    expect(env.emailQueue.enqueued.filter((e) => e.template === 'not-this-round')).toHaveLength(1);
    expect(env.audit.entries.filter((e) => e.action === 'round.publish')).toHaveLength(1);
    expect(await env.deps.rounds.get(env.deps.config.id, roundId!)).toMatchObject({ status: 'published', publishedBy: 'adm-1' });
    expect(await refusal(excludePair(env.deps, admin, roundId!, { mentorId: 'x', menteeId: 'y' }))).toEqual({ status: 409, code: 'round_closed' });
  });

  it('publishing re-checks every member: a paused or unsubscribed member’s pair is skipped, the others are created', async () => {
    const env = await reviewProgram(2, 2);
    const { roundId } = await runMatching(env.deps, AT);
    const round = (await env.deps.rounds.get(env.deps.config.id, roundId!))!;
    const [a, b] = round.pairs;
    await env.deps.participants.setFlags({ id: a!.menteeId, programId: env.deps.config.id }, { pausedUntil: '2027-01-01T00:00:00.000Z' }, AT.toISOString());
    await env.deps.participants.transition(b!.mentorId, ['waiting'], 'unsubscribed', AT.toISOString());
    const outcome = await publishRound(env.deps, admin, roundId!);
    expect(outcome.pairsCreated).toBe(0);
    expect(outcome.skipped).toEqual([
      { mentorId: a!.mentorId, menteeId: a!.menteeId, reason: 'paused' },
      { mentorId: b!.mentorId, menteeId: b!.menteeId, reason: 'not_waiting' },
    ]);
    expect(env.emailQueue.enqueued.filter((e) => e.template === 'intro')).toHaveLength(0);
  });
});

describe('a very large round', () => {
  it('is viewed a page at a time, with one batch read of the page’s people and none per person', async () => {
    const env = memoryDeps({ config: testConfig({ matchingMode: 'review' }) });
    const deps = adminDeps(env.deps);
    const programId = deps.config.id;
    const mentors = await Promise.all(Array.from({ length: 450 }, (_, i) => mentor(deps, `Mentor ${i}`)));
    const mentees = await Promise.all(Array.from({ length: 460 }, (_, i) => mentee(deps, `Mentee ${i}`)));
    const pairs = mentors.map((m, i) => ({ mentorId: m.id, menteeId: mentees[i]!.id, score: 1, reasons: [], pinned: false }));
    const unmatched = mentees.slice(450).map((m) => m.id);
    await deps.rounds.create({
      id: 'r-big',
      programId,
      createdAt: AT.toISOString(),
      status: 'proposed',
      version: 1,
      pairs,
      unmatched,
      pins: [],
      exclusions: [],
      totalScore: 450,
    });
    let gets = 0;
    const batches: number[] = [];
    const participants = env.participants;
    const counted = {
      ...deps,
      participants: Object.assign(Object.create(Object.getPrototypeOf(participants) as object) as typeof participants, participants, {
        get: async (id: string) => (gets++, participants.get(id)),
        getMany: async (ids: readonly string[]) => (batches.push(ids.length), participants.getMany(ids)),
      }),
    };
    const first = await viewRound(counted, 'r-big');
    expect(first).toMatchObject({ page: 0, pages: 3 });
    expect(first.pairs).toHaveLength(200);
    expect(first.unmatched).toHaveLength(10);
    expect(Object.keys(first.people)).toHaveLength(410);
    expect(first.people[mentors[0]!.id]).toMatchObject({ name: 'Mentor 0', role: 'mentor' });
    const last = await viewRound(counted, 'r-big', 2);
    expect(last.pairs.map((p) => p.mentorId)).toEqual(mentors.slice(400).map((m) => m.id));
    expect(last.unmatched).toEqual([]);
    // Past the end: the last page.
    expect((await viewRound(counted, 'r-big', 99)).page).toBe(2);
    expect(gets).toBe(0);
    expect(batches).toEqual([410, 100, 100]);
  });
});
