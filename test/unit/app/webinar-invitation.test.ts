/**
 * The introductory session as a calendar invitation (issue 12 part 4): sent at confirmation,
 * updated (higher SEQUENCE, the settings version that last changed it) or cancelled from the
 * heartbeat, once per participant and SEQUENCE, in bounded pages. The iCalendar is read back by ical.js.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { signedLink } from '../../../functions/app/support/links';
import { approveParticipant } from '../../../functions/app/use-cases/admin/people';
import { confirmAddress } from '../../../functions/app/use-cases/confirm';
import { FAN_OUT_PAGE, sendWebinarUpdates } from '../../../functions/app/use-cases/webinar-invitations';
import { webinarState } from '../../../functions/domain/calendar/webinar';
import { newParticipant } from '../../../functions/domain/participant';
import { replyAddress } from '../../../functions/domain/reply-address';
import { validateSignup } from '../../../functions/domain/signup-schema';
import type { Webinar } from '../../../functions/domain/program';
import type { OutgoingEmail } from '../../../functions/ports';
import { memoryDeps, signupRecord } from '../../support/fakes';

const SECRET = 'test-secret-for-unit-tests';
const KICKOFF: Webinar = { title: 'Kick-off: how the program works', url: 'https://meet.example.com/kickoff', at: '2027-01-12T17:00:00.000Z' };
const MOVED: Webinar = { ...KICKOFF, at: '2027-01-19T17:00:00.000Z' };

function program() {
  const env = memoryDeps();
  const programId = env.deps.config.id;
  let version = 0;
  /** The admin saves the settings: one more version (only `webinar` matters here). */
  const save = async (webinar: Webinar | null) =>
    env.deps.settingsStore.write(programId, { version: ++version, updatedAt: env.clock.now().toISOString(), updatedBy: 'admin-1', settings: { webinar } });
  let n = 0;
  const confirmNew = async (name = `Person ${++n}`) => {
    const r = validateSignup(signupRecord({ email: `p${n}.${Math.random().toString(36).slice(2, 8)}@example.com`, name, timezone: 'America/New_York' }));
    if (!r.ok) throw new Error('bad sign-up');
    const p = newParticipant(r.value, { id: env.deps.ids.next(), programId }, env.clock.now().toISOString());
    await env.deps.participants.create(p);
    const token = (await signedLink(env.deps, 'confirm', p.id)).split('/confirm/')[1]!;
    expect((await confirmAddress(env.deps, token)).outcome).toBe('confirmed');
    return p;
  };
  const invitations = (to?: { email: string }) => env.mailer.sent.filter((m) => m.tags.template === 'webinar-invitation' && (!to || m.to.includes(to.email)));
  return { ...env, save, confirmNew, invitations };
}

function parsed(email: OutgoingEmail) {
  const calendar = new ICAL.Component(ICAL.parse(email.calendar!.ics));
  const event = calendar.getFirstSubcomponent('vevent')!;
  const value = (name: string) => event.getFirstPropertyValue(name);
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: value('uid'),
    sequence: value('sequence'),
    status: value('status'),
    start: (value('dtstart') as ICAL.Time).toJSDate().toISOString(),
    end: (value('dtend') as ICAL.Time).toJSDate().toISOString(),
    summary: value('summary'),
    location: value('location'),
    url: value('url'),
    organizer: String(value('organizer')).replace(/^mailto:/i, 'mailto:'),
    attendees: event.getAllProperties('attendee').map((a) => String(a.getFirstValue()).replace(/^mailto:/i, 'mailto:')),
  };
}

describe('the session history', () => {
  it('takes the SEQUENCE from the version that last changed the session, and remembers earlier ones', () => {
    const v = (version: number, webinar: Webinar | null) => ({ version, webinar });
    expect(webinarState([v(5, MOVED), v(4, MOVED), v(3, KICKOFF), v(2, KICKOFF), v(1, null)])).toEqual({ current: MOVED, sequence: 4, earlier: [2] });
    expect(webinarState([v(6, null), v(5, MOVED), v(4, MOVED), v(3, KICKOFF)])).toEqual({ current: null, sequence: 6, removed: MOVED, earlier: [4, 3] });
    expect(webinarState([])).toBeUndefined();
  });
});

describe('the invitation at confirmation', () => {
  it('sends a METHOD:REQUEST invitation that ical.js reads back: stable UID, the participant as ATTENDEE, their reply address as ORGANIZER, one hour', async () => {
    const env = program();
    await env.save(null);
    await env.save(KICKOFF);
    const p = await env.confirmNew('Ada Lovelace');
    const [mail, ...more] = env.invitations(p);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`You're invited: ${KICKOFF.title}`);
    expect(mail!.text).toContain('Tuesday, 12 January 2027, 12:00 GMT-5 (one hour)');
    expect(mail!.calendar!.method).toBe('REQUEST');
    const ics = parsed(mail!);
    expect(ics).toMatchObject({
      method: 'REQUEST',
      uid: `webinar-${env.deps.config.id}@${env.deps.config.replyDomain}`,
      sequence: 2,
      start: KICKOFF.at,
      end: '2027-01-12T18:00:00.000Z',
      summary: KICKOFF.title,
      location: KICKOFF.url,
      url: KICKOFF.url,
    });
    expect(ics.organizer).toBe(`mailto:${replyAddress('p', p.id, SECRET, env.deps.config.replyDomain)}`);
    expect(ics.attendees).toEqual([`mailto:${p.email}`]);
    expect(env.emailLog.entries.has(`webinar#${p.id}#2`)).toBe(true);
  });

  it('sends nothing without a session, or for one already past', async () => {
    const env = program();
    await env.save(null);
    await env.confirmNew();
    await env.save({ ...KICKOFF, at: '2026-11-01T17:00:00.000Z' });
    await env.confirmNew();
    expect(env.invitations()).toEqual([]);
  });
});

describe('with approval on', () => {
  it('invites at the approval, not at the confirmation', async () => {
    const env = program();
    env.deps.config = { ...env.deps.config, signupsNeedApproval: true };
    await env.save(KICKOFF);
    const p = await env.confirmNew();
    expect(env.invitations()).toEqual([]);
    await approveParticipant(env.deps, { adminId: 'adm-1', email: 'boss@example.com', via: 'session', credentialId: 's-1' }, p.id);
    expect(env.invitations(p)).toHaveLength(1);
  });
});

describe('updates from the heartbeat', () => {
  it('an edit sends each invited participant one update with a higher SEQUENCE, once; an unrelated edit sends nothing', async () => {
    const env = program();
    await env.save(KICKOFF); // v1
    const [a, b] = [await env.confirmNew(), await env.confirmNew()];
    expect(await sendWebinarUpdates(env.deps)).toEqual({ ran: false, reason: 'no_change' });
    await env.save(KICKOFF); // v2: another setting changed, the session did not
    expect(await sendWebinarUpdates(env.deps)).toEqual({ ran: false, reason: 'no_change' });
    await env.save(MOVED); // v3
    const later = await env.confirmNew(); // invited to the moved session directly, at SEQUENCE 3
    const run = await sendWebinarUpdates(env.deps);
    expect(run).toMatchObject({ ran: true, sequence: 3, queued: 2 });
    for (const p of [a, b]) {
      const [first, update] = env.invitations(p);
      expect(parsed(first!).sequence).toBe(1);
      expect(update!.subject).toBe(`Updated: ${KICKOFF.title}`);
      expect(parsed(update!)).toMatchObject({ method: 'REQUEST', sequence: 3, start: MOVED.at, uid: parsed(first!).uid });
    }
    expect(env.invitations(later)).toHaveLength(1);
    // Heartbeats after it: nothing more.
    expect(await sendWebinarUpdates(env.deps)).toEqual({ ran: false, reason: 'already_run' });
    expect(env.invitations()).toHaveLength(5);
  });

  it('a paused participant still gets the update of the session they hold; an unsubscribed one does not', async () => {
    const env = program();
    await env.save(KICKOFF);
    const [paused, gone] = [await env.confirmNew(), await env.confirmNew()];
    const now = env.deps.clock.now().toISOString();
    await env.deps.participants.setFlags(paused, { pausedUntil: '2027-06-01T00:00:00.000Z' }, now);
    await env.deps.participants.transition(gone.id, ['waiting'], 'unsubscribed', now);
    await env.save(MOVED);
    expect(await sendWebinarUpdates(env.deps)).toMatchObject({ ran: true, queued: 1 });
    expect(parsed(env.invitations(paused).at(-1)!)).toMatchObject({ sequence: 2, start: MOVED.at });
    expect(env.invitations(gone)).toHaveLength(1);
  });

  it('a removed session sends a CANCEL with a higher SEQUENCE to those invited', async () => {
    const env = program();
    await env.save(KICKOFF);
    const p = await env.confirmNew();
    await env.save(MOVED);
    await sendWebinarUpdates(env.deps);
    await env.save(null); // v3
    expect(await sendWebinarUpdates(env.deps)).toMatchObject({ ran: true, sequence: 3, queued: 1 });
    const cancel = env.invitations(p).at(-1)!;
    expect(cancel.calendar!.method).toBe('CANCEL');
    expect(cancel.subject).toBe(`Cancelled: ${MOVED.title}`);
    expect(parsed(cancel)).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 3, start: MOVED.at });
  });

  it('goes through the participants page by page, and a failed run is finished by the next heartbeat without sending twice', async () => {
    const env = program();
    await env.save(KICKOFF);
    const count = FAN_OUT_PAGE + 20;
    for (let i = 0; i < count; i++) await env.confirmNew();
    await env.save(MOVED);
    const limits: number[] = [];
    const search = env.deps.participants.search.bind(env.deps.participants);
    let failAt = 2;
    env.deps.participants.search = async (programId, query, page) => {
      limits.push(page.limit);
      if (--failAt === 0) throw new Error('database went away');
      return search(programId, query, page);
    };
    await expect(sendWebinarUpdates(env.deps)).rejects.toThrow('database went away');
    const afterFailure = env.invitations().length;
    expect(afterFailure).toBe(count + FAN_OUT_PAGE); // the first page's updates went out
    const run = await sendWebinarUpdates(env.deps);
    expect(run).toMatchObject({ ran: true, sequence: 2, queued: count - FAN_OUT_PAGE });
    expect(env.invitations()).toHaveLength(2 * count);
    expect(Math.max(...limits)).toBe(FAN_OUT_PAGE);
  });
});
