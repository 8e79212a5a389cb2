/**
 * The first-meeting invitation through the real SES adapter to the local SES emulator: the
 * message goes as SES Raw content, and the local inbox (GET /store) holds its calendar part.
 */
import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/ses/ses-mailer';
import { pairedInMemory } from '../support/people';
import { sesClient, uniqueEmail } from '../support/local-services';

interface StoredAttachment {
  contentType: string;
  filename?: string;
  content: string;
}

describe('the invitation in the local inbox', () => {
  it('arrives with its text/calendar REQUEST part', async () => {
    const { mailer, ada } = await pairedInMemory(new Date('2026-11-30T09:00:00Z'));
    const email = mailer.sent.find((m) => m.to.includes(ada.email) && m.tags.template === 'first-meeting')!;
    const to = uniqueEmail('invitee');
    await new SesMailer(sesClient(), { from: 'Program <program@example.com>' }).send({ ...email, to: [to] });

    const res = await fetch(`http://127.0.0.1:${inject('sesPort')}/store`);
    const { emails } = (await res.json()) as { emails: { subject: string; destination: { to: string[] }; attachments?: StoredAttachment[] }[] };
    const stored = emails.find((e) => e.destination.to.some((t) => t.includes(to)))!;
    expect(stored.subject).toBe(email.subject);
    const calendar = (stored.attachments ?? []).filter((a) => /calendar|ics/.test(a.contentType));
    expect(calendar.length).toBeGreaterThan(0);
    const ics = Buffer.from(calendar[0]!.content, 'base64').toString('utf8');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:${email.calendar!.ics.match(/UID:(.*)/)![1]!.trim()}`);
  });
});

describe('answers on DynamoDB Local', () => {
  it('counts two answers that arrive at once (setStart compare-and-set), and a decline then sends SEQUENCE 1', async () => {
    const { integrationDeps, inbox } = await import('../support/local-services');
    const { FixedClock } = await import('../support/fakes');
    const { mentor, mentee } = await import('../support/people');
    const { runMatching } = await import('../../functions/app/use-cases/run-matching');
    const { answerInvitation } = await import('../../functions/app/use-cases/first-meeting/answer-invitation');
    const at = new Date('2026-11-30T09:00:00Z');
    const { deps } = await integrationDeps(new FixedClock(at));
    const grace = await mentor(deps, 'Grace Hopper');
    const ada = await mentee(deps, 'Ada Lovelace');
    await runMatching(deps, at);
    const [pair] = await deps.pairs.pairsOf(ada.id);
    expect((await deps.pairs.get(pair!.id))?.firstMeeting).toMatchObject({ state: 'proposed', sequence: 0 });
    expect((await inbox(ada.email)).map((m) => m.subject)).toContain('Your first meeting: Tue 8 Dec, 09:00 CET');

    const outcomes = await Promise.all([
      answerInvitation(deps, { pairId: pair!.id, participantId: grace.id, answer: 'accepted' }),
      answerInvitation(deps, { pairId: pair!.id, participantId: ada.id, answer: 'accepted' }),
    ]);
    expect(outcomes.sort()).toEqual(['scheduled', 'waiting']);
    expect((await deps.pairs.get(pair!.id))?.firstMeeting).toMatchObject({ state: 'scheduled', answers: { mentor: 'accepted', mentee: 'accepted' } });

    // A member declines the scheduled meeting in their calendar: the next time goes out.
    expect(
      await answerInvitation(deps, {
        pairId: pair!.id,
        participantId: ada.id,
        answer: 'declined',
        calendar: { uid: `first-meeting-${pair!.id}@${deps.config.replyDomain}`, sequence: 0 },
      }),
    ).toBe('rescheduled');
    expect((await deps.pairs.get(pair!.id))?.firstMeeting).toMatchObject({ state: 'proposed', sequence: 1, start: '2026-12-15T08:00:00.000Z' });
    expect((await inbox(grace.email)).map((m) => m.subject)).toContain('Your first meeting: Tue 15 Dec, 09:00 CET');
  });
});
