import { describe, expect, it } from 'vitest';
import { mimeMessages } from '../../functions/adapters/email/parse-message';
import { checkIn } from '../../functions/app/use-cases/check-in';
import { confirmAddress } from '../../functions/app/use-cases/confirm';
import { handleReply } from '../../functions/app/use-cases/handle-reply';
import { pauseParticipant } from '../../functions/app/use-cases/pause';
import { runFollowUp } from '../../functions/app/use-cases/run-follow-up';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { sendDigest } from '../../functions/app/use-cases/send-digest';
import { signUp } from '../../functions/app/use-cases/sign-up';
import { unsubscribeParticipant } from '../../functions/app/use-cases/unsubscribe';
import { validateSignup } from '../../functions/domain/signup-schema';
import { FixedClock, signupRecord } from '../support/fakes';
import { inbox, integrationDeps, uniqueEmail } from '../support/local-services';

const slot = [{ day: 'tue', from: '09:00', to: '12:00' }];

describe('weekly digest on DynamoDB Local + SES emulator', () => {
  it('reports exactly what happened, from a bounded number of reads', async () => {
    // Report week 2026-W49: Mon 30 Nov – Sun 6 Dec 2026. The digest runs Mon 7 Dec 08:00 UTC.
    const clock = new FixedClock(new Date('2026-11-30T08:00:00Z'));
    const { deps } = await integrationDeps(clock);
    const join = async (name: string, role: 'mentor' | 'mentee') => {
      const r = validateSignup(
        signupRecord({ name, email: uniqueEmail(name.toLowerCase()), role, capacity: 1, skills: ['sql'], availability: slot, timezone: 'Europe/Berlin' }),
      );
      if (!r.ok) throw new Error('fixture');
      const { participantId } = await signUp(deps, r.value, { key: name });
      const [confirm] = await inbox(r.value.email);
      await confirmAddress(deps, /\/confirm\/(\S+)/.exec(confirm!.body.text!)![1]!);
      return (await deps.participants.get(participantId))!;
    };
    const [grace, wei, ada, jonas, leaver] = [
      await join('Grace', 'mentor'),
      await join('Wei', 'mentor'),
      await join('Ada', 'mentee'),
      await join('Jonas', 'mentee'),
      await join('Leaver', 'mentee'),
    ];
    await unsubscribeParticipant(deps, leaver);

    clock.current = new Date('2026-11-30T09:00:00Z');
    await runMatching(deps, clock.now());
    const [pairA] = await deps.pairs.pairsOf(ada.id);
    const [pairB] = await deps.pairs.pairsOf(jonas.id);

    clock.current = new Date('2026-12-03T09:00:00Z');
    await runFollowUp(deps, { pairId: pairA!.id, step: 'checkin-1' });
    await runFollowUp(deps, { pairId: pairB!.id, step: 'checkin-1' });
    const tokenOf = async (who: { email: string }) =>
      /\/checkin\/([^\s?]+)/.exec((await inbox(who.email)).find((m) => m.subject.startsWith('Did you'))!.body.text!)![1]!;
    await checkIn(deps, await tokenOf(ada), 'met');
    await checkIn(deps, await tokenOf(ada), '5');
    await checkIn(deps, await tokenOf(grace), '3');
    const pairAddress = (await inbox(jonas.email)).find((m) => m.subject.startsWith('Did you'))!.replyTo[0]!;
    const reply = Buffer.from(`From: ${jonas.email}\r\nMessage-ID: <r1@x>\r\n\r\nThanks, talk soon!\r\n`);
    expect(await handleReply({ ...deps, messages: mimeMessages }, { envelopeRecipients: [pairAddress], raw: reply })).toBe('recorded');
    await pauseParticipant(deps, wei);

    clock.current = new Date('2026-12-07T08:00:00Z');
    const { kpis, outcome } = await sendDigest(deps, clock.now());
    expect(kpis.reportWeek).toBe('2026-W49');
    expect(kpis.participants.signedUp).toEqual({ total: 5, mentor: 2, mentee: 3 });
    expect(kpis.participants.confirmed.total).toBe(5);
    expect(kpis.participants.inActivePair).toEqual({ total: 4, mentor: 2, mentee: 2 });
    expect(kpis.matching).toMatchObject({ newPairsThisWeek: 2, activePairs: 2, matchedMentees: 2, confirmedMentees: 3, medianDaysToMatchThisWeek: 0 });
    expect(kpis.activity).toMatchObject({ meetingsThisWeek: 1, checkinAnswersThisWeek: 1, repliesThisWeek: 1, quietPairs: 0, shareOnTrack: 1 });
    expect(kpis.satisfaction).toMatchObject({ ratingsThisWeek: 2, avgRatingThisWeek: 4, checkinRequestsThisWeek: 4, responseRateThisWeek: 0.5 });
    expect(kpis.retention).toMatchObject({ unsubscribesThisWeek: 1, pausesThisWeek: 1 });
    expect(kpis.atRisk.count).toBe(0);

    expect(outcome).toBe('queued');
    const [email] = await inbox('admin@example.com').then((all) => all.filter((m) => m.subject.includes('Week 49')));
    expect(email?.body.text).toContain('Week 49: 30 Nov–6 Dec 2026');
    // Bounded: totals + 8 weeks + 15 cohorts at most, plus short indexes, whatever the program's size.
    expect((deps.stats as unknown as { lastReadItems: number }).lastReadItems).toBeLessThanOrEqual(1 + 8 + 15 + 8 + 25);
    // Once per report week.
    expect((await sendDigest(deps, clock.now())).outcome).toBe('skipped');
  });
});
