/**
 * The MIME structure an invitation needs to show as one in the big clients (RFC 6047 §2.4):
 *
 *   multipart/mixed
 *     multipart/alternative
 *       text/plain, text/html
 *       text/calendar; method=REQUEST   Gmail and Outlook read the invitation from this inline
 *                                       part; Outlook shows a plain attachment unless the part's
 *                                       `method` equals the object's METHOD.
 *     application/ics (invite.ics)      Apple Mail (and clients that only read attachments)
 *                                       offers "Add to Calendar" from the attached file.
 *
 * The ORGANIZER must not be the recipient's own address (Gmail then shows "you organized it"
 * without RSVP buttons): it is the pair's reply address on the member's copy.
 */
import ICAL from 'ical.js';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { calendarMime } from '../../../functions/adapters/ses/calendar-mime';
import { pairedInMemory } from '../../support/people';

describe('the invitation MIME message', () => {
  it('is multipart/alternative with a text/calendar part whose method matches METHOD, plus an .ics attachment', async () => {
    const { mailer, ada } = await pairedInMemory(new Date('2026-11-30T09:00:00Z'));
    const email = mailer.sent.find((m) => m.to.includes(ada.email) && m.tags.template === 'first-meeting')!;
    const raw = await calendarMime({ ...email, calendar: email.calendar! }, 'Program <program@example.com>');

    // Nesting, from the raw headers: mixed first, alternative inside it.
    const types = [...raw.matchAll(/^Content-Type:\s*([^;\r\n]+)/gim)].map((m) => m[1]!.toLowerCase());
    expect(types[0]).toBe('multipart/mixed');
    expect(types.indexOf('multipart/alternative')).toBeGreaterThan(0);
    expect(types.indexOf('text/calendar')).toBeGreaterThan(types.indexOf('multipart/alternative'));
    expect(types.indexOf('application/ics')).toBeGreaterThan(types.indexOf('text/calendar'));
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);

    const parsed = await PostalMime.parse(raw);
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.text).toContain('accept');
    expect(parsed.html).toContain('Your first meeting');
    const inline = parsed.attachments.find((a) => a.mimeType === 'text/calendar')!;
    const file = parsed.attachments.find((a) => a.mimeType === 'application/ics')!;
    expect(inline.method).toBe('REQUEST');
    expect(inline.disposition).not.toBe('attachment');
    expect(file.filename).toBe('invite.ics');
    expect(file.disposition).toBe('attachment');
    for (const part of [inline, file]) {
      const text = typeof part.content === 'string' ? part.content : new TextDecoder().decode(part.content);
      const calendar = new ICAL.Component(ICAL.parse(text));
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(0);
    }
  });
});
