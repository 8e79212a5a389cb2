import { describe, expect, it } from 'vitest';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import type { JobDeps } from '../../functions/app/support/deps';
import type { PairStore } from '../../functions/ports';
import { FixedClock } from '../support/fakes';
import { inbox, integrationDeps } from '../support/local-services';
import { mentee, mentor } from '../support/people';

const AT = new Date('2026-11-30T09:00:00Z');

async function program(mentors: number, mentees: number, capacity = 1) {
  const env = await integrationDeps(new FixedClock(AT));
  const people = {
    mentors: await Promise.all(Array.from({ length: mentors }, (_, i) => mentor(env.deps, `Mentor ${i}`, { capacity }))),
    mentees: await Promise.all(Array.from({ length: mentees }, (_, i) => mentee(env.deps, `Mentee ${i}`))),
  };
  return { ...env, ...people };
}

async function pairsOf(deps: JobDeps) {
  const refs = await deps.pairs.history(deps.config.id);
  return refs;
}

function assertNobodyOverbooked(refs: { mentorId: string; menteeId: string }[], capacity: number) {
  const menteeCounts = new Map<string, number>();
  const mentorCounts = new Map<string, number>();
  for (const r of refs) {
    menteeCounts.set(r.menteeId, (menteeCounts.get(r.menteeId) ?? 0) + 1);
    mentorCounts.set(r.mentorId, (mentorCounts.get(r.mentorId) ?? 0) + 1);
  }
  expect([...menteeCounts.values()].every((c) => c === 1)).toBe(true);
  expect([...mentorCounts.values()].every((c) => c <= capacity)).toBe(true);
}

describe('matching job on DynamoDB Local + SES emulator', () => {
  it('pairs the pool, emails each member one intro with their own reply address, and schedules the timeline', async () => {
    const { deps, mentors, mentees } = await program(2, 3, 1);
    const summary = await runMatching(deps, AT);
    expect(summary).toMatchObject({ pairsCreated: 2, conflicts: 0, pairsSetUp: 2, introsQueued: 4, unmatched: 1, unmatchedNotified: 1 });

    const refs = await pairsOf(deps);
    assertNobodyOverbooked(refs, 1);
    for (const m of mentors) expect(await deps.participants.get(m.id)).toMatchObject({ status: 'matched', activePairs: 1 });
    const left = mentees.find((e) => !refs.some((r) => r.menteeId === e.id))!;
    expect((await deps.participants.get(left.id))?.status).toBe('waiting');

    const ref = refs[0]!;
    const [mentorP, menteeP] = [mentors.find((m) => m.id === ref.mentorId)!, mentees.find((m) => m.id === ref.menteeId)!];
    const [toMentor] = await inbox(mentorP.email);
    expect(toMentor?.subject).toContain(menteeP.name);
    // Each member's copy carries their own reply address (per member, not per pair), and the partner's.
    expect(toMentor?.replyTo).toEqual([expect.stringMatching(/^reply\+mentor-[0-9a-z]+-[0-9a-f]{16}@reply\.example\.com$/), menteeP.email]);
    expect(toMentor?.body.text).toContain('shares 1 skill: sql');
    const [toMentee] = await inbox(menteeP.email);
    expect(toMentee?.replyTo).toEqual([expect.stringMatching(/^reply\+mentee-[0-9a-z]+-[0-9a-f]{16}@reply\.example\.com$/), mentorP.email]);
    const pairIdOf = (address: string) => address.split('-')[1];
    expect(pairIdOf(toMentee!.replyTo[0]!)).toBe(pairIdOf(toMentor!.replyTo[0]!));

    // Per pair: ice-breakers, starters, 5 check-ins, the end, and the first nudge of the ladder.
    const due = await deps.scheduler.due('2027-12-31T00:00:00.000Z');
    expect(due).toHaveLength(2 * 9);
    expect(due.filter((s) => s.payload.step === 'nudge-1').map((s) => s.payload.basis)).toEqual([AT.toISOString(), AT.toISOString()]);
    expect((await inbox(left.email)).map((m) => m.subject)).toHaveLength(1);
  });

  it('never double-matches anyone when two runs race', async () => {
    const { deps } = await program(6, 6, 1);
    const [a, b] = await Promise.all([runMatching(deps, AT), runMatching(deps, AT)]);
    expect(a.pairsCreated + b.pairsCreated).toBe(6);
    const refs = await pairsOf(deps);
    expect(refs).toHaveLength(6);
    assertNobodyOverbooked(refs, 1);
  });

  it('fills mentor capacity across pairs of one run', async () => {
    const { deps, mentors } = await program(1, 3, 3);
    expect((await runMatching(deps, AT)).pairsCreated).toBe(3);
    expect(await deps.participants.get(mentors[0]!.id)).toMatchObject({ status: 'matched', activePairs: 3 });
  });

  it('converges after a crash between transactions: re-running finishes the setup and sends nothing twice', async () => {
    const { deps, mentees } = await program(4, 4, 1);
    let writes = 0;
    const inFlight: Promise<unknown>[] = [];
    const crashing: PairStore = Object.create(deps.pairs, {
      createPair: {
        value: (...args: Parameters<PairStore['createPair']>) => {
          // The process dies at the third write: that one and every later one never happen.
          if (++writes >= 3) return Promise.reject(new Error('simulated crash'));
          const write = deps.pairs.createPair(...args);
          inFlight.push(write);
          return write;
        },
      },
    });
    await expect(runMatching({ ...deps, pairs: crashing }, AT)).rejects.toThrow('simulated crash');
    // Writes already sent when the process died still land (DynamoDB finishes them).
    await Promise.allSettled(inFlight);
    const afterCrash = await pairsOf(deps);
    expect(afterCrash.length).toBeGreaterThanOrEqual(1);
    expect(await deps.pairs.pendingSetup(deps.config.id)).toHaveLength(afterCrash.length);

    const rerun = await runMatching(deps, AT);
    const refs = await pairsOf(deps);
    expect(refs).toHaveLength(4);
    assertNobodyOverbooked(refs, 1);
    expect(rerun.pairsSetUp).toBe(4);
    expect(await deps.pairs.pendingSetup(deps.config.id)).toEqual([]);
    // The intro and the first-meeting invitation, each once.
    for (const e of mentees) expect(await inbox(e.email)).toHaveLength(2);

    const third = await runMatching(deps, AT);
    expect(third).toMatchObject({ pairsCreated: 0, pairsSetUp: 0, introsQueued: 0 });
    for (const e of mentees) expect(await inbox(e.email)).toHaveLength(2);
  });

  it('never repeats a previous pair', async () => {
    const { deps, mentors, mentees } = await program(1, 1, 2);
    expect((await runMatching(deps, AT)).pairsCreated).toBe(1);
    // The mentor still has capacity and the mentee is back in the pool: they must not be paired again.
    await deps.participants.transition(mentees[0]!.id, ['matched'], 'waiting', AT.toISOString());
    const again = await runMatching(deps, new Date('2026-12-07T09:00:00Z'));
    expect(again.pairsCreated).toBe(0);
    expect(mentors).toHaveLength(1);
  });
});
