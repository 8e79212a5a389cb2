/**
 * A scripted week on the local stack — sign-ups, confirmations, matching,
 * replies (a meeting, a rating, a message) and an unsubscribe — then
 * `npm run job -- digest`: the admins' email in the inbox carries exactly those numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf, weekEnd } from '../../functions/domain/kpi/iso-week';
import { waitFor } from '../../scripts/local/ports';
import { launchChromium, seriousA11yViolations } from '../support/browser';
import { runJob, startStack, storedEmails, type StackProcess } from '../support/local-stack-process';
import { pressButton } from '../support/press-button';

let stack: StackProcess;
const dataDir = mkdtempSync(join(tmpdir(), 'mentoring-e2e-digest-'));
const run = Date.now().toString(36);
const address = (who: string) => `${who}.${run}@example.com`;
const slot = [{ day: 'wed', from: '09:00', to: '12:00' }];
const people = [
  ['grace', 'mentor', 'leadership'],
  ['wei', 'mentor', 'sql'],
  ['amara', 'mentor', 'design'],
  ['ada', 'mentee', 'leadership'],
  ['jonas', 'mentee', 'sql'],
  ['tom', 'mentee', 'design'],
  ['leaver', 'mentee', 'finance'],
] as const;

beforeAll(async () => {
  stack = await startStack(dataDir, undefined, { DEMO_SEED: '0', LOCAL_SCHEDULER: 'off' });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the weekly digest on the local stack', () => {
  it('emails the admins the numbers of the week that happened', async () => {
    for (const [who, role, skill] of people) {
      await fetch(`${stack.appUrl}/api/signups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `${who[0]!.toUpperCase()}${who.slice(1)} Test`,
          email: address(who),
          role,
          timezone: 'Europe/Berlin',
          skills: [skill],
          preferredTools: ['zoom'],
          availability: slot,
          consent: true,
        }),
      });
      const [confirm] = await storedEmails(stack.sesUrl, address(who));
      expect((await pressButton(/(http:\/\/localhost:\d+\/confirm\/\S+)/.exec(confirm!.body.text!)![1]!)).status).toBe(200);
    }
    const now = new Date();
    expect(await runJob(stack, dataDir, ['match', '--at', now.toISOString()])).toMatchObject({ pairsCreated: 3 });

    // The leaver unsubscribes with one click from their "not this round" email.
    const notice = (await storedEmails(stack.sesUrl, address('leaver'))).find((m) => m.subject.startsWith('No match'))!;
    const unsubscribe = notice.headers!.find((h) => h.name === 'List-Unsubscribe')!.value.slice(1, -1);
    await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

    // Replies: Ada reports a meeting, Grace rates it 5, Jonas just writes.
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: stack.ports.smtpPort, secure: false, ignoreTLS: true });
    const pairAddressOf = async (who: string) => (await storedEmails(stack.sesUrl, address(who))).find((m) => m.subject.startsWith('Meet your'))!.replyTo[0]!;
    for (const [who, text] of [
      ['ada', 'met'],
      ['grace', '5'],
      ['jonas', 'Looking forward to Wednesday!'],
    ] as const) {
      await smtp.sendMail({ from: address(who), to: await pairAddressOf(who), subject: 'Re: intro', text });
    }
    await waitFor(async () => (stack.output().match(/reply: recorded/g) ?? []).length === 3, 'three replies to be recorded', 10_000);

    // The digest runs on the Monday after this week.
    const monday = new Date(weekEnd(isoWeekOf(now.getTime())) + 8 * 3_600_000).toISOString();
    const summary = (await runJob(stack, dataDir, ['digest', '--at', monday])) as {
      email: string;
      itemsRead: number;
      kpis: Record<string, Record<string, unknown>>;
    };
    expect(summary.email).toBe('queued');
    expect(summary.kpis.participants!.signedUp).toEqual({ total: 7, mentor: 3, mentee: 4 });
    expect(summary.kpis.participants!.inActivePair).toEqual({ total: 6, mentor: 3, mentee: 3 });
    expect(summary.kpis.matching).toMatchObject({ newPairsThisWeek: 3, activePairs: 3, matchedMentees: 3, confirmedMentees: 4 });
    expect(summary.kpis.activity).toMatchObject({ meetingsThisWeek: 1, repliesThisWeek: 3 });
    expect(summary.kpis.satisfaction).toMatchObject({ ratingsThisWeek: 1, avgRatingThisWeek: 5 });
    expect(summary.kpis.retention).toMatchObject({ unsubscribesThisWeek: 1 });

    const [digest] = (await storedEmails(stack.sesUrl, 'admin@example.com')).filter((m) => m.subject.includes('weekly'));
    expect(digest).toBeDefined();
    expect(digest!.subject).toContain('3 new pairs, 1 meeting, 0 at risk');
    const text = digest!.body.text!;
    expect(text).toMatch(/Signed up\s+7/);
    expect(text).toMatch(/New pairs this week\s+3/);
    expect(text).toMatch(/Unsubscribes this week\s+1/);
    expect(text).toMatch(/Average rating this week\s+5\.0 \/ 5/);
    // The console's dashboard and CSV export, both behind the admin sign-in (no bearer link in the email any more).
    expect(text).toContain(`${stack.appUrl}/admin/dashboard`);
    expect(text).toContain(`${stack.appUrl}/admin/export.csv`);
    expect(await fetch(`${stack.appUrl}/admin/export.csv`, { redirect: 'manual' })).toMatchObject({ status: 303 });

    // Signed in as the admin, the CSV export behind the digest's link lists everyone, pairs and activity.
    const form = { origin: stack.appUrl, 'content-type': 'application/x-www-form-urlencoded' };
    await fetch(`${stack.appUrl}/admin/sign-in`, { method: 'POST', headers: form, body: 'email=admin%40example.com' });
    const signIn = (await storedEmails(stack.sesUrl, 'admin@example.com')).find((m) => m.subject.includes('sign-in link'))!;
    const link = new RegExp(`(${stack.appUrl}/admin/sign-in/[A-Za-z0-9_-]+)`).exec(signIn.body.text!)![1]!;
    const session = await fetch(link, { method: 'POST', headers: form, body: '', redirect: 'manual' });
    const cookie = session.headers
      .getSetCookie()
      .find((c) => c.startsWith('admin_session='))!
      .split(';')[0]!;
    const exported = await fetch(`${stack.appUrl}/admin/export.csv`, { headers: { cookie } });
    expect(exported.status).toBe(200);
    const csv = await exported.text();
    expect(csv.split('\r\n').filter((l) => l.startsWith('participant,'))).toHaveLength(7);
    expect(csv.split('\r\n').filter((l) => l.startsWith('pair,'))).toHaveLength(3);
    expect(csv.split('\r\n').filter((l) => l.startsWith('activity,'))).toHaveLength(3);

    // It reads well in a browser, too.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 600, height: 900 } });
      await page.setContent(digest!.body.html!);
      expect(await seriousA11yViolations(page)).toEqual([]);
      if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, 'digest.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
