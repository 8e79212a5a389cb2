import { adminDeps } from '../support/memory-exports';
import { describe, expect, it } from 'vitest';
import type { AdminDeps } from '../../functions/app/support/deps';
import { excludePair, pinPair, publishRound } from '../../functions/app/use-cases/admin/rounds';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { FixedClock } from '../support/fakes';
import { TEST_ADMIN } from '../support/admin-app';
import { inbox, integrationDeps } from '../support/local-services';
import { mentee, mentor } from '../support/people';

const AT = new Date('2026-11-30T09:00:00Z');

describe('a reviewed matching round on DynamoDB Local + SES emulator', () => {
  it('proposes, re-solves around a pin and an exclusion, and publishes once: intros queued and sent exactly once', async () => {
    const env = await integrationDeps(new FixedClock(AT));
    const deps: AdminDeps = adminDeps({ ...env.deps, config: { ...env.deps.config, matchingMode: 'review' } });
    const mentors = await Promise.all([0, 1, 2].map((i) => mentor(deps, `Mentor ${i}`)));
    const mentees = await Promise.all([0, 1, 2].map((i) => mentee(deps, `Mentee ${i}`)));

    const summary = await runMatching(deps, AT);
    expect(summary).toMatchObject({ pairsCreated: 0, introsQueued: 0 });
    const proposed = (await deps.rounds.get(deps.config.id, summary.roundId!))!;
    expect(proposed.pairs).toHaveLength(3);
    expect(await deps.pairs.history(deps.config.id)).toEqual([]);

    // Exclude one proposed pair, pin another arrangement for its mentee.
    const first = proposed.pairs[0]!;
    const excluded = await excludePair(deps, TEST_ADMIN, proposed.id, first);
    expect(excluded.pairs.some((p) => p.mentorId === first.mentorId && p.menteeId === first.menteeId)).toBe(false);
    const otherMentor = mentors.find((m) => m.id !== first.mentorId)!.id;
    const pinned = await pinPair(deps, TEST_ADMIN, proposed.id, { mentorId: otherMentor, menteeId: first.menteeId });
    expect(pinned.pairs).toContainEqual(expect.objectContaining({ mentorId: otherMentor, menteeId: first.menteeId, pinned: true }));
    expect(pinned.pairs).toHaveLength(3);
    expect(await deps.rounds.get(deps.config.id, proposed.id)).toEqual(pinned);

    const [a, b] = await Promise.all([publishRound(deps, TEST_ADMIN, proposed.id), publishRound(deps, TEST_ADMIN, proposed.id)]);
    expect([a.publishedNow, b.publishedNow].sort()).toEqual([false, true]);
    expect(a.pairsCreated + b.pairsCreated).toBe(3);
    expect(a.introsQueued + b.introsQueued).toBe(6);
    expect(await publishRound(deps, TEST_ADMIN, proposed.id)).toMatchObject({ publishedNow: false, pairsCreated: 0 });

    const refs = await deps.pairs.history(deps.config.id);
    expect(refs.map((r) => `${r.mentorId}/${r.menteeId}`).sort()).toEqual(pinned.pairs.map((p) => `${p.mentorId}/${p.menteeId}`).sort());
    for (const person of [...mentors, ...mentees]) {
      const mail = await inbox(person.email);
      expect(mail.filter((m) => m.subject.startsWith('Meet your '))).toHaveLength(1);
    }
    expect(await deps.rounds.get(deps.config.id, proposed.id)).toMatchObject({ status: 'published', publishedBy: TEST_ADMIN.adminId });
  });
});
