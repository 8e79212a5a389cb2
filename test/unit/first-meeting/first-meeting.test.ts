/**
 * The first meeting as a calendar invitation (issue 12 part 2): proposed after the intros,
 * answered by calendar REPLY or plain words through the reply pipeline, rescheduled at most
 * three times, cancelled when the pair ends.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { mimeMessages } from '../../../functions/adapters/email/parse-message';
import { answerInvitation } from '../../../functions/app/use-cases/first-meeting/answer-invitation';
import { handleReply, type InboundDeps } from '../../../functions/app/use-cases/handle-reply';
import { endPair } from '../../../functions/app/use-cases/end-pair';
import { unsubscribeParticipant } from '../../../functions/app/use-cases/unsubscribe';
import { eraseParticipant } from '../../../functions/app/use-cases/delete-data';
import { scheduleName, type Pair } from '../../../functions/domain/pair';
import { memberReplyAddress } from '../../../functions/domain/reply-address';
import type { OutgoingEmail } from '../../../functions/ports';
import { pairedInMemory } from '../../support/people';

const AT = new Date('2026-11-30T09:00:00Z');
const SECRET = 'test-secret-for-unit-tests';

async function program() {
  const env = await pairedInMemory(AT);
  const deps: InboundDeps = { ...env.deps, messages: mimeMessages };
  const stored = () => env.pairs.byId.get(env.pair.id) as Pair;
  const invitations = (p: { email: string }, template = 'first-meeting') =>
    env.mailer.sent.filter((m) => m.to.includes(p.email) && m.tags.template === template);
  const addressOf = (p: { id: string }) => memberReplyAddress(env.pair, p.id, SECRET, env.deps.config.replyDomain);
  let n = 0;
  const reply = (p: { id: string; email: string }, body: string, extraParts?: string) => {
    const boundary = 'b-test';
    const lines = [`From: ${p.email}`, 'To: x@example.com', 'Subject: Re: Your first meeting', `Message-ID: <r${++n}@mail.example>`];
    const raw = extraParts
      ? [
          ...lines,
          `Content-Type: multipart/alternative; boundary="${boundary}"`,
          '',
          `--${boundary}`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          body,
          `--${boundary}`,
          extraParts,
          `--${boundary}--`,
          '',
        ]
      : [...lines, 'Content-Type: text/plain; charset=utf-8', '', body, ''];
    return handleReply(deps, { envelopeRecipients: [addressOf(p)], raw: Buffer.from(raw.join('\r\n')) });
  };
  env.clock.current = new Date('2026-12-01T10:00:00Z');
  return { ...env, deps, stored, invitations, addressOf, reply };
}

function parseIcs(email: OutgoingEmail) {
  const calendar = new ICAL.Component(ICAL.parse(email.calendar!.ics));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: event.getFirstPropertyValue('sequence'),
    organizer: String(event.getFirstPropertyValue('organizer')).toLowerCase(),
    attendees: event.getAllProperties('attendee').map((a) => ({ email: String(a.getFirstValue()).toLowerCase(), rsvp: a.getParameter('rsvp') })),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    location: event.getFirstPropertyValue('location'),
    status: event.getFirstPropertyValue('status'),
  };
}

/** A calendar client's REPLY part (what Outlook and Gmail send back to the ORGANIZER). */
const calendarReply = (uid: string, sequence: number, partstat: string, attendee: string) =>
  [
    'Content-Type: text/calendar; charset=utf-8; method=REPLY',
    '',
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//Calendar//EN',
    'METHOD:REPLY',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `SEQUENCE:${sequence}`,
    'DTSTAMP:20261201T100000Z',
    `ATTENDEE;PARTSTAT=${partstat};CN=Someone:mailto:${attendee}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');

describe('the first meeting invitation', () => {
  it('goes to each member after the intros, with their own reply address as ORGANIZER', async () => {
    const { pair, grace, ada, invitations, addressOf, stored, deps } = await program();
    // Both are free Tuesdays 09:00–12:00 Berlin; paired Monday 30 Nov, so 48 h later the first is Tue 8 Dec 09:00 CET.
    expect(stored().firstMeeting).toEqual({
      uid: `first-meeting-${pair.id}@${deps.config.replyDomain}`,
      sequence: 0,
      start: '2026-12-08T08:00:00.000Z',
      end: '2026-12-08T08:30:00.000Z',
      state: 'proposed',
      attempts: 1,
      answers: {},
    });
    for (const member of [grace, ada]) {
      const [email] = invitations(member);
      expect(email!.subject).toBe('Your first meeting: Tue 8 Dec, 09:00 CET');
      expect(email!.replyTo).toEqual([addressOf(member)]);
      expect(email!.calendar!.method).toBe('REQUEST');
      const ics = parseIcs(email!);
      expect(ics).toMatchObject({ method: 'REQUEST', uid: stored().firstMeeting!.uid, sequence: 0, start: '2026-12-08T08:00:00.000Z', status: 'CONFIRMED' });
      expect(ics.organizer).toBe(`mailto:${addressOf(member)}`);
      expect(ics.attendees).toEqual([
        { email: `mailto:${grace.email}`, rsvp: 'TRUE' },
        { email: `mailto:${ada.email}`, rsvp: 'TRUE' },
      ]);
    }
  });

  it('names the shared tool in LOCATION, with the admin link for it', async () => {
    const env = await pairedInMemory(AT);
    expect(env.mailer.sent.find((m) => m.tags.template === 'first-meeting')).toBeDefined();
    const { deps } = env;
    deps.config.toolLinks = { zoom: 'https://zoom.example.com/j/42' };
    const pairs = await import('../../support/people');
    const grace = await pairs.mentor(deps, 'Linus Berg', { preferredTools: ['zoom', 'meet'] });
    const ada = await pairs.mentee(deps, 'Sofia Marquez', { preferredTools: ['meet', 'zoom'] });
    const { runMatching } = await import('../../../functions/app/use-cases/run-matching');
    await runMatching(deps, AT);
    const email = env.mailer.sent.find((m) => m.to.includes(ada.email) && m.tags.template === 'first-meeting')!;
    expect(email).toBeDefined();
    expect(parseIcs(email).location).toBe('Zoom: https://zoom.example.com/j/42');
    expect(email.text).toContain('https://zoom.example.com/j/42');
    expect(grace.id).toBeTruthy();
  });
});

describe('answers', () => {
  it('accepted by both (plain replies) schedules the meeting and its fit check', async () => {
    const { grace, ada, reply, stored, scheduler, pair, stats } = await program();
    expect(await reply(ada, 'yes')).toBe('recorded');
    expect(stored().firstMeeting).toMatchObject({ state: 'proposed', answers: { mentee: 'accepted' } });
    await reply(grace, 'Accept');
    expect(stored().firstMeeting).toMatchObject({ state: 'scheduled', answers: { mentor: 'accepted', mentee: 'accepted' } });
    expect(scheduler.schedules.has(scheduleName(pair.id, 'fit-1', '2026-12-08T08:30:00.000Z'))).toBe(true);
    // The digest's count, in the week the pair was made, once however often it is repeated.
    await reply(grace, 'accept');
    const { weeks } = await stats.read(pair.programId, ['2026-W49'], []);
    expect(weeks[0]?.counts.first_meetings_scheduled).toBe(1);
  });

  it('a decline sends the next time both are free to both, same UID and SEQUENCE + 1, answers reset', async () => {
    const { grace, ada, reply, stored, invitations } = await program();
    await reply(ada, 'yes');
    await reply(grace, 'another time');
    expect(stored().firstMeeting).toMatchObject({ sequence: 1, attempts: 2, state: 'proposed', answers: {}, start: '2026-12-15T08:00:00.000Z' });
    for (const member of [grace, ada]) {
      const latest = invitations(member).at(-1)!;
      expect(parseIcs(latest)).toMatchObject({ sequence: 1, uid: stored().firstMeeting!.uid, start: '2026-12-15T08:00:00.000Z' });
      expect(latest.subject).toBe('Your first meeting: Tue 15 Dec, 09:00 CET');
    }
  });

  it('after the third time fails, withdraws it and asks the pair to agree by reply', async () => {
    const { grace, ada, reply, stored, invitations } = await program();
    await reply(ada, 'no');
    await reply(grace, 'decline');
    expect(stored().firstMeeting).toMatchObject({ attempts: 3, sequence: 2, start: '2026-12-22T08:00:00.000Z' });
    await reply(ada, 'another time');
    expect(stored().firstMeeting).toMatchObject({ state: 'by_reply', attempts: 3, sequence: 3 });
    for (const member of [grace, ada]) {
      const [ask, ...more] = invitations(member, 'first-meeting-by-reply');
      expect(more).toEqual([]);
      expect(ask!.calendar!.method).toBe('CANCEL');
      expect(parseIcs(ask!)).toMatchObject({ method: 'CANCEL', sequence: 3, status: 'CANCELLED' });
    }
    // Nothing awaits an answer any more: "yes" is a plain message.
    await reply(ada, 'yes');
    expect(stored().firstMeeting).toMatchObject({ state: 'by_reply', answers: {} });
  });

  it('reads a calendar REPLY from a raw MIME message; the reply address, not the ATTENDEE line, says who answered', async () => {
    const { grace, ada, reply, stored } = await program();
    const uid = stored().firstMeeting!.uid;
    // Ada's calendar answers, naming Grace as the attendee: counted for Ada, whose reply address it went to.
    expect(await reply(ada, 'Ada has accepted.', calendarReply(uid, 0, 'ACCEPTED', grace.email))).toBe('recorded');
    expect(stored().firstMeeting!.answers).toEqual({ mentee: 'accepted' });
    // A tentative answer leaves the invitation waiting; a REPLY to another event changes nothing.
    await reply(grace, 'Maybe', calendarReply(uid, 0, 'TENTATIVE', grace.email));
    await reply(grace, 'Declined', calendarReply(`other-${uid}`, 0, 'DECLINED', grace.email));
    expect(stored().firstMeeting).toMatchObject({ state: 'proposed', sequence: 0, answers: { mentee: 'accepted' } });
    await reply(grace, 'Accepted', calendarReply(uid, 0, 'ACCEPTED', grace.email));
    expect(stored().firstMeeting!.state).toBe('scheduled');
  });

  it("ignores a calendar REPLY to an older SEQUENCE, and a partner writing to the other member's address", async () => {
    const { grace, ada, reply, stored, deps } = await program();
    await reply(grace, 'another time');
    const uid = stored().firstMeeting!.uid;
    await reply(ada, 'Declined', calendarReply(uid, 0, 'DECLINED', ada.email));
    expect(stored().firstMeeting).toMatchObject({ sequence: 1, attempts: 2 });
    // Grace (From) writing to Ada's reply address: not a command, so no answer.
    const raw = ['From: ' + grace.email, 'Subject: x', 'Message-ID: <spoof@x>', 'Content-Type: text/plain', '', 'yes', ''].join('\r\n');
    await handleReply(deps, { envelopeRecipients: [memberReplyAddress(stored(), ada.id, SECRET, deps.config.replyDomain)], raw: Buffer.from(raw) });
    expect(stored().firstMeeting!.answers).toEqual({});
  });

  it('counts two answers that arrive at once (compare-and-set, re-read on conflict)', async () => {
    const { grace, ada, stored, pair, deps } = await program();
    const outcomes = await Promise.all([
      answerInvitation(deps, { pairId: pair.id, participantId: grace.id, answer: 'accepted' }),
      answerInvitation(deps, { pairId: pair.id, participantId: ada.id, answer: 'accepted' }),
    ]);
    expect(outcomes.sort()).toEqual(['scheduled', 'waiting']);
    expect(stored().firstMeeting).toMatchObject({ state: 'scheduled', answers: { mentor: 'accepted', mentee: 'accepted' } });
  });
});

describe('cancellation', () => {
  const cancels = (sent: OutgoingEmail[], email: string) => sent.filter((m) => m.to.includes(email) && m.tags.template === 'first-meeting-cancelled');

  it('goes to both members when the pair ends, with a higher SEQUENCE', async () => {
    const { grace, ada, stored, mailer, deps } = await program();
    await endPair(deps, stored(), 'rematched', ['mentor', 'mentee']);
    expect(stored().firstMeeting).toMatchObject({ state: 'cancelled', sequence: 1 });
    for (const member of [grace, ada]) {
      const [cancel, ...more] = cancels(mailer.sent, member.email);
      expect(more).toEqual([]);
      expect(cancel!.calendar!.method).toBe('CANCEL');
      expect(parseIcs(cancel!)).toMatchObject({ method: 'CANCEL', sequence: 1, status: 'CANCELLED', uid: stored().firstMeeting!.uid });
    }
  });

  it('reaches a paused member too: the meeting they hold must leave their calendar', async () => {
    const { grace, ada, stored, mailer, deps, participants, clock } = await program();
    await participants.setFlags(ada, { pausedUntil: '2027-03-01T00:00:00.000Z' }, clock.now().toISOString());
    await endPair(deps, stored(), 'rematched', ['mentor', 'mentee']);
    expect(cancels(mailer.sent, ada.email)).toHaveLength(1);
    expect(cancels(mailer.sent, grace.email)).toHaveLength(1);
  });

  it('goes out when a member unsubscribes, and when a member erases their data (before the address is gone)', async () => {
    for (const leave of [unsubscribeParticipant, eraseParticipant]) {
      const { grace, ada, stored, mailer, deps, participants } = await program();
      await leave(deps, (await participants.get(ada.id))!);
      expect(stored().firstMeeting!.state).toBe('cancelled');
      expect(cancels(mailer.sent, grace.email)).toHaveLength(1);
      expect(cancels(mailer.sent, ada.email)).toHaveLength(1);
    }
  });

  it('is not sent for a meeting already past, nor twice', async () => {
    const { grace, stored, mailer, deps, clock } = await program();
    clock.current = new Date('2026-12-09T00:00:00Z');
    await endPair(deps, stored(), 'completed', []);
    expect(cancels(mailer.sent, grace.email)).toEqual([]);
    expect(stored().firstMeeting!.state).toBe('proposed');
  });
});

describe('the inbound parser', () => {
  it('finds a calendar REPLY (inline or attached) and never drops it as an auto-reply', async () => {
    const ics = calendarReply('first-meeting-p@reply.example.com', 2, 'DECLINED', 'ada@example.com');
    const raw = [
      'From: ada@example.com',
      'Subject: Declined: Your first meeting',
      'Auto-Submitted: auto-generated',
      'Message-ID: <cal@x>',
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: text/plain',
      '',
      'Ada has declined this invitation.',
      '--m',
      ics.replace(
        'Content-Type: text/calendar; charset=utf-8; method=REPLY',
        'Content-Type: application/ics; name="invite.ics"\r\nContent-Disposition: attachment; filename="invite.ics"',
      ),
      '--m--',
      '',
    ].join('\r\n');
    const parsed = await mimeMessages.parse(Buffer.from(raw));
    expect(parsed.calendarReply).toEqual({ uid: 'first-meeting-p@reply.example.com', sequence: 2, partstat: 'DECLINED' });
    expect(parsed.autoSubmitted).toBe(false);
    // A REQUEST someone forwards us is not an answer.
    const request = await mimeMessages.parse(Buffer.from(raw.replace('METHOD:REPLY', 'METHOD:REQUEST')));
    expect(request.calendarReply).toBeUndefined();
    expect(request.autoSubmitted).toBe(true);
  });
});

describe('proposing', () => {
  it('is safe to repeat, and proposes nothing when the two share no free time', async () => {
    const { deps, pair, stored, mailer, participants, ada } = await program();
    const { proposeFirstMeeting } = await import('../../../functions/app/use-cases/first-meeting/propose');
    const before = mailer.sent.length;
    expect(await proposeFirstMeeting(deps, stored())).toEqual(stored().firstMeeting);
    expect(mailer.sent.length).toBe(before);

    const fresh = { ...stored() };
    delete fresh.firstMeeting;
    pairs(deps).byId.set(pair.id, { ...fresh });
    participants.byId.get(ada.id)!.availability = [{ day: 'wed', from: '09:00', to: '10:00' }];
    expect(await proposeFirstMeeting(deps, fresh)).toBeUndefined();
    expect(stored().firstMeeting).toBeUndefined();
    expect(mailer.sent.length).toBe(before);
  });
});

const pairs = (deps: InboundDeps) => deps.pairs as unknown as { byId: Map<string, Pair> };
