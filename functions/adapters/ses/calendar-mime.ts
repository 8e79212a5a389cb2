import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { OutgoingEmail } from '../../ports';

/**
 * The full MIME message of an email that carries a calendar invitation, which SES's
 * Simple content cannot express. Built by nodemailer's MailComposer (a well-kept MIME
 * writer: folding, encoded words, quoted-printable) with its `icalEvent`, whose
 * structure is the one the big clients need (RFC 6047):
 *
 *   multipart/mixed
 *     multipart/alternative
 *       text/plain, text/html
 *       text/calendar; method=REQUEST   ← Gmail and Outlook show the invitation from this part
 *     application/ics (invite.ics)      ← Apple Mail and clients that only read attachments
 *
 * The `method` parameter of the part must equal the object's METHOD, or Outlook shows
 * a plain attachment.
 */
export async function calendarMime(email: OutgoingEmail & { calendar: NonNullable<OutgoingEmail['calendar']> }, from: string): Promise<string> {
  const message = new MailComposer({
    from,
    to: email.to,
    replyTo: email.replyTo,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: email.headers.map((h) => ({ key: h.name, value: h.value })),
    icalEvent: { method: email.calendar.method, filename: 'invite.ics', content: email.calendar.ics },
  });
  return (await message.compile().build()).toString('utf8');
}
