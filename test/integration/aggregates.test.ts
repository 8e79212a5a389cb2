import { describe, expect, it } from 'vitest';
import { checkIn } from '../../functions/app/use-cases/check-in';
import { confirmAddress } from '../../functions/app/use-cases/confirm';
import { runFollowUp } from '../../functions/app/use-cases/run-follow-up';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { signUp } from '../../functions/app/use-cases/sign-up';
import { isoWeekOf } from '../../functions/domain/kpi/iso-week';
import { validateSignup } from '../../functions/domain/signup-schema';
import { FixedClock, signupRecord } from '../support/fakes';
import { inbox, integrationDeps, uniqueEmail } from '../support/local-services';

const AT = new Date('2026-11-30T09:00:00Z');
const WEEK = isoWeekOf(AT.getTime());

describe('aggregates on DynamoDB Local', () => {
  it('stay exact under concurrent sign-ups, confirmations, pairings and check-ins', async () => {
    const { deps } = await integrationDeps(new FixedClock(AT));
    const people = Array.from({ length: 12 }, (_, i) => {
      const r = validateSignup(
        signupRecord({
          email: uniqueEmail(`p${i}`),
          role: i % 2 ? 'mentee' : 'mentor',
          capacity: 1,
          skills: ['sql'],
          availability: [{ day: 'tue', from: '09:00', to: '12:00' }],
          timezone: 'Europe/Berlin',
        }),
      );
      if (!r.ok) throw new Error('fixture');
      return r.value;
    });
    const results = await Promise.all(people.map((p, i) => signUp(deps, p, { key: `client-${i}` })));
    await Promise.all(
      people.map(async (p) => {
        const [confirm] = await inbox(p.email);
        await confirmAddress(deps, /\/confirm\/(\S+)/.exec(confirm!.body.text!)![1]!);
      }),
    );
    expect(results.every((r) => r.outcome === 'created')).toBe(true);

    await runMatching(deps, AT);
    const pairs = await Promise.all(results.map((r) => deps.pairs.pairsOf(r.participantId)));
    const uniquePairs = [...new Map(pairs.flat().map((p) => [p.id, p])).values()];
    expect(uniquePairs).toHaveLength(6);
    await Promise.all(uniquePairs.map((p) => runFollowUp(deps, { pairId: p.id, step: 'checkin-1' })));
    // Every mentee clicks "We met" and a rating at the same moment.
    const mentees = people.filter((p) => p.role === 'mentee');
    await Promise.all(
      mentees.flatMap(async (p) => {
        const email = (await inbox(p.email)).find((m) => m.subject.startsWith('Did you'))!;
        const token = /\/checkin\/([^\s?]+)/.exec(email.body.text!)![1]!;
        await Promise.all([checkIn(deps, token, 'met'), checkIn(deps, token, 'met'), checkIn(deps, token, '4')]);
      }),
    );

    const { weeks, gauges, cohorts } = await deps.stats.read(deps.config.id, [WEEK], [WEEK]);
    expect(weeks[0]!.counts).toMatchObject({
      signups_mentor: 6,
      signups_mentee: 6,
      confirmed_mentor: 6,
      confirmed_mentee: 6,
      pairs_created: 6,
      match_days_0: 6,
      checkin_requests: 12,
      checkin_answers: 6,
      meetings: 6,
      ratings_4: 6,
    });
    expect(gauges).toMatchObject({
      participants_matched_mentor: 6,
      participants_matched_mentee: 6,
      participants_pending_mentor: 0,
      participants_waiting_mentee: 0,
      pairs_active: 6,
    });
    expect(cohorts[0]!.counts).toMatchObject({ pairs: 6 });
  });
});
