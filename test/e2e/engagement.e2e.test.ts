/**
 * A pair's journey on the local stack: ice-breakers arrive, a reply over SMTP
 * counts as activity (so that pair is not nudged), a "stop" reply only sends a
 * confirmation link (that member is still nudged later), a one-click unsubscribe
 * stops all email, and weeks later only the quiet pair is escalated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Browser } from 'playwright-core';
import { launchChromium, seriousA11yViolations } from '../support/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/local/ports';
import { runJob, startStack, storedEmails, type StackProcess } from '../support/local-stack-process';
import { pressButton } from '../support/press-button';

let stack: StackProcess;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'mentoring-e2e-pairs-'));
const run = Date.now().toString(36);
const address = (who: string) => `${who}.${run}@example.com`;
const DAY = 86_400_000;
// Matching ran five days ago, so a reply sent now is five days into the pair's life.
const T0 = Date.now() - 5 * DAY;
const at = (days: number, hours = 0) => new Date(T0 + days * DAY + hours * 3_600_000).toISOString();

const slot = (day: string) => [{ day, from: '09:00', to: '12:00' }];
const people = [
  { who: 'grace', name: 'Grace Hopper', role: 'mentor', skills: ['leadership'], availability: slot('tue') },
  { who: 'ada', name: 'Ada Lovelace', role: 'mentee', skills: ['leadership'], availability: slot('tue') },
  { who: 'wei', name: 'Wei Zhang', role: 'mentor', skills: ['sql'], availability: slot('thu') },
  { who: 'jonas', name: 'Jonas Becker', role: 'mentee', skills: ['sql'], availability: slot('thu') },
  { who: 'amara', name: 'Amara Okafor', role: 'mentor', skills: ['design'], availability: slot('wed') },
  { who: 'tom', name: 'Tom Walsh', role: 'mentee', skills: ['design'], availability: slot('wed') },
];
const subjects = async (who: string) => (await storedEmails(stack.sesUrl, address(who))).map((m) => m.subject);

beforeAll(async () => {
  stack = await startStack(dataDir, undefined, { DEMO_SEED: '0', MEETING_CADENCE_DAYS: '12', LOCAL_SCHEDULER: 'off' });
  for (const { who, ...person } of people) {
    await fetch(`${stack.appUrl}/api/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...person, email: address(who), timezone: 'Europe/Berlin', preferredTools: ['zoom'], consent: true }),
    });
    const [confirm] = await storedEmails(stack.sesUrl, address(who));
    expect((await pressButton(/(http:\/\/localhost:\d+\/confirm\/\S+)/.exec(confirm!.body.text!)![1]!)).status).toBe(200);
  }
  expect(await runJob(stack, dataDir, ['match', '--at', at(0)])).toMatchObject({ pairsCreated: 3 });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('pair engagement on the local stack', () => {
  it('sends ice-breakers two days after pairing', async () => {
    expect(await runJob(stack, dataDir, ['followups', '--at', at(1)])).toMatchObject({ fired: 0 });
    expect(await runJob(stack, dataDir, ['followups', '--at', at(3)])).toMatchObject({ fired: 3, failed: 0 });
    for (const who of ['grace', 'ada', 'wei', 'jonas']) expect((await subjects(who)).filter((s) => s.startsWith('Three ice-breakers'))).toHaveLength(1);
  });

  it("records a reply sent over SMTP as the pair's activity", async () => {
    const icebreakers = (await storedEmails(stack.sesUrl, address('ada'))).find((m) => m.subject.startsWith('Three ice-breakers'))!;
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: stack.ports.smtpPort, secure: false, ignoreTLS: true });
    await smtp.sendMail({
      from: `Ada Lovelace <${address('ada')}>`,
      to: icebreakers.replyTo.join(', '),
      subject: `Re: ${icebreakers.subject}`,
      text: `We met on Tuesday, it was great!\n\nOn Wed, 2 Dec 2026 at 09:00, Remote Mentoring Program <mentoring@example.com> wrote:\n> Hi Ada,\n> Here are three questions...\n`,
    });
    await waitFor(async () => stack.output().includes('reply: recorded'), 'the reply to be recorded', 10_000);
  });

  it('answers a "stop" reply with a confirmation link to the member\'s own address, and changes nothing yet', async () => {
    const icebreakers = (await storedEmails(stack.sesUrl, address('wei'))).find((m) => m.subject.startsWith('Three ice-breakers'))!;
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: stack.ports.smtpPort, secure: false, ignoreTLS: true });
    await smtp.sendMail({ from: `Wei Zhang <${address('wei')}>`, to: icebreakers.replyTo.join(', '), subject: `Re: ${icebreakers.subject}`, text: 'STOP\n' });
    await waitFor(async () => stack.output().includes('reply: confirmation_sent'), 'the confirmation to be sent', 10_000);
    const confirmation = (await storedEmails(stack.sesUrl, address('wei'))).find((m) => m.subject.startsWith('Did you ask us to stop'))!;
    const manage = /(http:\/\/localhost:\d+\/unsubscribe\/\S+\?ask=stop)/.exec(confirmation.body.text!)![1]!;
    // Opening the link (as a mail scanner would) only shows the choices.
    expect((await fetch(manage)).status).toBe(200);
    expect(await subjects('wei')).not.toContainEqual(expect.stringMatching(/unsubscribed/i));
  });

  it('check-in and feedback pages work in a browser and pass axe', async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    const checkin = (await storedEmails(stack.sesUrl, address('grace'))).find((m) => m.subject.startsWith('Did you'));
    // The first check-in falls due at 12 days; fire it now for this pair's mentor.
    expect(checkin).toBeUndefined();
    await runJob(stack, dataDir, ['followups', '--at', at(12, 1)]);
    const email = (await storedEmails(stack.sesUrl, address('grace'))).find((m) => m.subject.startsWith('Did you'))!;
    const metUrl = /(http:\/\/localhost:\d+\/checkin\/\S+answer=met)/.exec(email.body.text!)![1]!;
    // A scanner that runs JavaScript opens the link: the page shows a button and does not submit itself.
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') posts.push(`${request.method()} ${new URL(request.url()).pathname.split('/')[1]}`);
    });
    await page.goto(metUrl, { waitUntil: 'networkidle' });
    await page.waitForTimeout(1_000);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Save your check-in');
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(posts).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save my answer' }).click();
    await page.waitForSelector('text=Great: you met Ada');
    expect(posts).toEqual(['POST checkin']);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '5 · Extremely useful' }).click();
    await page.waitForSelector('text=Thanks for rating');

    const feedbackUrl = /(http:\/\/localhost:\d+\/feedback\/\S+)/.exec(email.body.text!)![1]!;
    await page.goto(feedbackUrl);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByLabel('If yes: how many times in all?').fill('2');
    await page.getByRole('radio', { name: /5 · Very/ }).check();
    await page.getByLabel('What went well?').fill('Clear goals from the start.');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.waitForSelector('text=Thank you for your feedback');
  });

  it('nudges the quiet pair only', async () => {
    await runJob(stack, dataDir, ['followups', '--at', at(13, 1)]);
    expect((await subjects('jonas')).filter((s) => s.startsWith('Time to catch up'))).toHaveLength(1);
    expect((await subjects('wei')).filter((s) => s.startsWith('Time to catch up'))).toHaveLength(1);
    expect((await subjects('ada')).filter((s) => s.startsWith('Time to catch up'))).toHaveLength(0);
    expect((await subjects('grace')).filter((s) => s.startsWith('Time to catch up'))).toHaveLength(0);
  });

  it('stops all email after a one-click unsubscribe, and frees the partner', async () => {
    const nudge = (await storedEmails(stack.sesUrl, address('tom'))).find((m) => m.subject.startsWith('Time to catch up'))!;
    const header = nudge.headers!.find((h) => h.name === 'List-Unsubscribe')!.value;
    const res = await fetch(header.slice(1, -1), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
  });

  it('escalates the pair that stayed quiet for three cadences, and no other', async () => {
    const [tomBefore, amaraBefore] = [(await subjects('tom')).length, (await subjects('amara')).length];
    await runJob(stack, dataDir, ['followups', '--at', at(40)]);
    // Tom unsubscribed: nothing more for him; his pair ended, so Amara gets no reminders about it either.
    expect((await subjects('tom')).length).toBe(tomBefore);
    expect((await subjects('amara')).length).toBe(amaraBefore);
    expect((await subjects('wei')).filter((s) => s.startsWith('15 minutes with'))).toHaveLength(1);
    expect((await subjects('jonas')).filter((s) => s.startsWith('15 minutes with'))).toHaveLength(1);
    const escalations = (await storedEmails(stack.sesUrl, 'admin@example.com')).filter((m) => m.subject.startsWith('Pair at risk'));
    expect(escalations.map((m) => m.subject)).toEqual([expect.stringMatching(/^Pair at risk: Wei Zhang and Jonas Becker, \d+ days quiet$/)]);
    expect(escalations[0]!.body.text).toMatch(/\/admin\/pairs\/[^/\s]+\n/);
  });
});
