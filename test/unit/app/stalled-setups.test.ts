/**
 * A pair written outside a round (a mentee's choice, a manual pair) whose request died before
 * its setup is finished by the hourly heartbeat, not at the next round a week later; a pair
 * younger than STALLED_SETUP_MS is left to the request still setting it up.
 */
import { describe, expect, it } from 'vitest';
import { finishStalledSetups, snapshot, STALLED_SETUP_MS } from '../../../functions/app/support/matching-round';
import { pairEndsAt, type Pair } from '../../../functions/domain/pair';
import { memoryDeps } from '../../support/fakes';
import { mentee, mentor } from '../../support/people';

const AT = new Date('2026-12-07T10:00:00Z');

describe('stalled pair setups', () => {
  it('are finished by the heartbeat once they are STALLED_SETUP_MS old, once', async () => {
    const env = memoryDeps();
    env.clock.current = AT;
    const [grace, ada] = [await mentor(env.deps, 'Grace Hopper'), await mentee(env.deps, 'Ada Lovelace')];
    const createdAt = AT.toISOString();
    const pair: Pair = {
      id: 'pair-stalled',
      programId: env.deps.config.id,
      mentorId: grace.id,
      menteeId: ada.id,
      score: 0.8,
      reasons: ['Both speak en'],
      status: 'active',
      createdAt,
      endsAt: pairEndsAt(createdAt, env.deps.config.mentorshipWeeks),
      lastActivityAt: createdAt,
      origin: 'chosen',
    };
    // The request wrote the pair and died before setting it up.
    expect(await env.deps.pairs.createPair(pair, snapshot(grace), snapshot(ada))).toBe('created');

    env.clock.current = new Date(AT.getTime() + STALLED_SETUP_MS - 60_000);
    expect(await finishStalledSetups(env.deps)).toEqual({ pairsSetUp: 0, introsQueued: 0 });
    expect(env.mailer.sent).toEqual([]);

    env.clock.current = new Date(AT.getTime() + STALLED_SETUP_MS);
    expect(await finishStalledSetups(env.deps)).toEqual({ pairsSetUp: 1, introsQueued: 2 });
    const templates = (to: string) => env.mailer.sent.filter((m) => m.to.includes(to)).map((m) => m.tags.template);
    expect(templates(grace.email)).toEqual(['intro', 'first-meeting']);
    expect(templates(ada.email)).toEqual(['intro', 'first-meeting']);
    expect(await env.deps.pairs.pendingSetup(env.deps.config.id)).toEqual([]);

    expect(await finishStalledSetups(env.deps)).toEqual({ pairsSetUp: 0, introsQueued: 0 });
    expect(env.mailer.sent).toHaveLength(4);
  });
});
