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
