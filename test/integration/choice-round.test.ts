/**
 * Matching mode `choice` on the local stack (DynamoDB Local + the SES emulator): what
 * `npm run job -- match` runs (scripts/job.ts calls runMatching with the local deps).
 */
import { describe, expect, it } from 'vitest';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { chooseMentor } from '../../functions/app/use-cases/choice/choose';
import { FixedClock } from '../support/fakes';
import { inbox, integrationDeps } from '../support/local-services';
import { mentee, mentor } from '../support/people';

const AT = new Date('2026-11-30T09:00:00Z');

describe('choice mode on DynamoDB Local + SES emulator', () => {
  it('sends each waiting mentee their suggestions once, and a choice makes the pair', async () => {
    const env = await integrationDeps(new FixedClock(AT));
    const deps = { ...env.deps, config: { ...env.deps.config, matchingMode: 'choice' as const } };
    const mentors = await Promise.all([mentor(deps, 'Grace Hopper'), mentor(deps, 'Alan Turing')]);
    const mentees = await Promise.all([mentee(deps, 'Ada Lovelace'), mentee(deps, 'Mary Somerville')]);
    const summary = await runMatching(deps, AT);
    expect(summary).toMatchObject({ pairsCreated: 0, offersMade: 2 });
    expect((await deps.offers.listOpen(deps.config.id)).map((o) => o.menteeId).sort()).toEqual(mentees.map((m) => m.id).sort());

    const [email, ...more] = await inbox(mentees[0]!.email);
    expect(more).toEqual([]);
    expect(email!.subject).toBe('Choose your mentor');
    const token = /\/choose\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(email!.body.text!)![1]!;

    expect(await runMatching(deps, new Date(AT.getTime() + 86_400_000))).toMatchObject({ offersMade: 0, offersOpen: 2 });
    expect(await inbox(mentees[0]!.email)).toHaveLength(1);

    const outcome = await chooseMentor(deps, token);
    expect(outcome.kind).toBe('paired');
    const [pair] = await deps.pairs.all(deps.config.id);
    expect(pair).toMatchObject({ menteeId: mentees[0]!.id, origin: 'chosen' });
    expect(mentors.map((m) => m.id)).toContain(pair!.mentorId);
    expect((await deps.offers.get(deps.config.id, mentees[0]!.id))!).toMatchObject({ state: 'chosen', pairId: pair!.id });
  });
});
