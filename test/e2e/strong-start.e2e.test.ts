/**
 * A strong start on the local stack, in Chromium (issue 12): in `choice` mode a round offers
 * the mentee mentors to choose from; the mentee picks one on the page; both members get the
 * first meeting as a calendar invitation (text/calendar; method=REQUEST, seen in the local
 * inbox); a reply "accept" from each schedules it; the fit check a day after the meeting
 * asks both, "not a good fit" ends the pair kindly, and the next round offers the mentee
 * someone else, whom they choose.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/local/ports';
import { launchChromium, seriousA11yViolations } from '../support/browser';
import { runJob, startStack, storedEmails, type StackProcess } from '../support/local-stack-process';

let stack: StackProcess;
let browser: Browser;
let page: Page;
const dataDir = mkdtempSync(join(tmpdir(), 'mentoring-e2e-start-'));
const run = Date.now().toString(36);
const address = (who: string) => `${who}.${run}@example.com`;
const HOUR = 3_600_000;

// Ada (Berlin) can meet Grace (Berlin) and Wei (New York) on Wednesday mornings Berlin time.
const people = [
  { who: 'grace', name: 'Grace Hopper', role: 'mentor', timezone: 'Europe/Berlin', availability: [{ day: 'wed', from: '09:00', to: '12:00' }] },
  { who: 'wei', name: 'Wei Zhang', role: 'mentor', timezone: 'America/New_York', availability: [{ day: 'wed', from: '03:00', to: '06:00' }] },
  { who: 'ada', name: 'Ada Lovelace', role: 'mentee', timezone: 'Europe/Berlin', availability: [{ day: 'wed', from: '09:00', to: '12:00' }] },
];

const inbox = (who: string) => storedEmails(stack.sesUrl, address(who));
const withSubject = async (who: string, prefix: string) => (await inbox(who)).filter((m) => m.subject.startsWith(prefix));
const linkIn = (text: string, route: string) => new RegExp(`(http://localhost:\\d+/${route}/[A-Za-z0-9_.-]+(?:\\?[^\\s)]*)?)`).exec(text)?.[1];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(dataDir, undefined, { DEMO_SEED: '0', LOCAL_SCHEDULER: 'off', MATCHING_MODE: 'choice' }), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const { who, ...person } of people) {
    const response = await fetch(`${stack.appUrl}/api/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...person, email: address(who), skills: ['leadership'], preferredTools: ['zoom'], consent: true }),
    });
    expect(response.status).toBe(202);
    const [confirm] = await inbox(who);
    await page.goto(linkIn(confirm!.body.text!, 'confirm')!);
    await page.getByRole('button').first().click();
    await page.waitForLoadState('load');
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Replies to `email` from `who` over SMTP, as a mail client would, and waits until the stack has handled it. */
async function reply(who: string, email: { subject: string; replyTo: string[] }, text: string) {
  const before = stack.output().split('reply:').length;
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: stack.ports.smtpPort, secure: false, ignoreTLS: true });
  await smtp.sendMail({
    from: address(who),
    to: email.replyTo.join(', '),
    subject: `Re: ${email.subject}`,
    text: `${text}\n\nOn Wed, someone wrote:\n> ...\n`,
  });
  await waitFor(async () => stack.output().split('reply:').length > before, 'the reply to be handled', 15_000);
}

/** The VEVENT of an invitation's calendar part, as the local inbox stored it. */
function invitationEvent(email: { attachments?: { contentType: string; content: string }[] }) {
  const part = email.attachments?.find((a) => a.contentType.startsWith('text/calendar'));
  expect(part, 'a text/calendar part').toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(Buffer.from(part!.content, 'base64').toString('utf8')));
  expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
  return calendar.getFirstSubcomponent('vevent')!;
}

describe('a strong start for a pair', () => {
  it('a mentee chooses among offered mentors, the invitation arrives, "accept" from both schedules it, and "not a good fit" re-pairs', async () => {
    // 1. A round in choice mode offers Ada both mentors; she chooses Grace on the page.
    expect(await runJob(stack, dataDir, ['match'])).toMatchObject({});
    const [offer] = await withSubject('ada', 'Choose your mentor');
    expect(offer, 'the offer email').toBeDefined();
    expect(offer!.body.text).toContain('Grace');
    expect(offer!.body.text).toContain('Wei');
    expect(await withSubject('grace', 'Meet your')).toHaveLength(0);
    await page.goto(linkIn(offer!.body.text!.split('Choose Grace:')[1]!, 'choose')!);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /Grace/ }).click();
    await page.waitForLoadState('load');
    expect(await withSubject('grace', 'Meet your')).toHaveLength(1);
    expect(await withSubject('ada', 'Meet your')).toHaveLength(1);

    // 2. Both get "Your first meeting: …" with an iCalendar invitation: same UID, both attendees, 48 h or more ahead.
    const [graceInvite] = await withSubject('grace', 'Your first meeting:');
    const [adaInvite] = await withSubject('ada', 'Your first meeting:');
    const graceEvent = invitationEvent(graceInvite!);
    const adaEvent = invitationEvent(adaInvite!);
    expect(adaEvent.getFirstPropertyValue('uid')).toBe(graceEvent.getFirstPropertyValue('uid'));
    const start = (adaEvent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate();
    const end = (adaEvent.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate();
    expect(start.getTime()).toBeGreaterThanOrEqual(Date.now() + 47 * HOUR);
    expect(end.getTime() - start.getTime()).toBe(30 * 60_000);
    const attendees = adaEvent.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase());
    expect(attendees).toEqual(expect.arrayContaining([`mailto:${address('ada')}`, `mailto:${address('grace')}`]));

    // 3. "accept" from both schedules the meeting; the fit check comes a day after it.
    await reply('grace', graceInvite!, 'accept');
    await reply('ada', adaInvite!, 'yes');
    await runJob(stack, dataDir, ['followups', '--at', new Date(end.getTime() + 25 * HOUR).toISOString()]);
    const [fitCheck] = await withSubject('ada', 'How is it going with Grace');
    expect(fitCheck, 'the fit check').toBeDefined();
    expect(await withSubject('grace', 'How is it going with Ada')).toHaveLength(1);

    // 4. "Not a good fit" on the page ends the pair kindly; the next round offers Ada someone else, whom she chooses.
    await page.goto(linkIn(fitCheck!.body.text!.split(/not a good fit/i)[1]!, 'fit')!);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /not a good fit/i }).click();
    await page.waitForLoadState('load');
    // Both hear the same kind words, and Grace is not offered to Ada again.
    for (const who of ['ada', 'grace']) expect(await withSubject(who, 'A new match for you in the next round')).toHaveLength(1);
    expect(await runJob(stack, dataDir, ['match'])).toMatchObject({});
    const offers = await withSubject('ada', 'Choose your mentor');
    expect(offers).toHaveLength(2);
    expect(offers[1]!.body.text).not.toContain('Grace');
    await page.goto(linkIn(offers[1]!.body.text!.split('Choose Wei:')[1]!, 'choose')!);
    await page.getByRole('button', { name: /Wei/ }).click();
    await page.waitForLoadState('load');
    expect(await withSubject('wei', 'Meet your')).toHaveLength(1);
  });
});
