/**
 * The admin console on the local stack, in Chromium, driven as an admin would: sign in from
 * the emailed link; change a SMART goal and switch to review mode on the settings form and
 * see the goal in the next digest; review a proposed round (exclude a pair), publish it and
 * see each intro arrive once; pair two free people by hand from a person's page; import a
 * CSV with bad rows (listed, nothing invited), then a good one (invited). Every console page
 * visited passes axe (no serious or critical issue), and the people page fits a phone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousA11yViolations } from '../support/browser';
import { runJob, startStack, storedEmails, type StackProcess } from '../support/local-stack-process';
import { pressButton } from '../support/press-button';

let stack: StackProcess;
let browser: Browser;
let page: Page;
const dataDir = mkdtempSync(join(tmpdir(), 'mentoring-e2e-console-'));
const run = Date.now().toString(36);
const address = (who: string) => `${who}.${run}@example.com`;
const owner = address('owner');
const nameOf = (who: string) => `${who[0]!.toUpperCase()}${who.slice(1)} Test`;
const slot = [{ day: 'wed', from: '09:00', to: '12:00' }];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(dataDir, undefined, { DEMO_SEED: '0', LOCAL_SCHEDULER: 'off', ADMIN_EMAILS: owner }), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Signs `who` up through the JSON API and opens the emailed confirmation link. */
async function signUpAndConfirm(who: string, role: 'mentor' | 'mentee', skill: string) {
  const response = await fetch(`${stack.appUrl}/api/signups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: nameOf(who),
      email: address(who),
      role,
      timezone: 'Europe/Berlin',
      skills: [skill],
      preferredTools: ['zoom'],
      availability: slot,
      consent: true,
    }),
  });
  expect(response.status).toBeLessThan(300);
  const [confirm] = await storedEmails(stack.sesUrl, address(who));
  expect((await pressButton(/(http:\/\/localhost:\d+\/confirm\/\S+)/.exec(confirm!.body.text!)![1]!)).status).toBe(200);
}

const intros = async (who: string) => (await storedEmails(stack.sesUrl, address(who))).filter((m) => m.subject.startsWith('Meet your'));

/** Axe on the current page: no serious or critical issue. */
async function expectAccessible(what: string) {
  expect(await seriousA11yViolations(page), what).toEqual([]);
}

describe('running the program from the admin console', () => {
  it('signs in, edits a goal, reviews and publishes a round, pairs by hand and imports people', async () => {
    // 1. Sign in from the emailed link.
    await page.goto(`${stack.appUrl}/admin/dashboard`);
    await page.getByLabel('Email').fill(owner);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    const [signIn] = await storedEmails(stack.sesUrl, owner);
    await page.goto(new RegExp(`(${stack.appUrl}/admin/sign-in/[A-Za-z0-9_-]+)`).exec(signIn!.body.text!)![1]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/dashboard');
    await expectAccessible('dashboard');

    // 2. A new SMART goal, and review mode, saved on the settings form; the next digest shows the goal.
    const goal = `Half the mentees meet twice (${run})`;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Program settings' }).waitFor();
    await expectAccessible('settings');
    await page.locator('#f-goals-0-description').fill(goal);
    await page.getByLabel('Matching mode').selectOption('review');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as version 2.' }).waitFor();
    expect(await page.locator('#f-goals-0-description').inputValue()).toBe(goal);

    expect(await runJob(stack, dataDir, ['digest'])).toMatchObject({ email: 'queued' });
    const digests = (await storedEmails(stack.sesUrl, owner)).filter((m) => m.subject.includes('weekly'));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.body.text).toContain(goal);

    // 3. Review mode: a round proposes pairs and sends nothing until published.
    const mentors = ['grace', 'wei', 'amara'];
    const mentees = ['ada', 'jonas', 'tom'];
    const skills = ['leadership', 'sql', 'design'];
    await Promise.all([
      ...mentors.map((who, i) => signUpAndConfirm(who, 'mentor', skills[i]!)),
      ...mentees.map((who, i) => signUpAndConfirm(who, 'mentee', skills[i]!)),
    ]);
    await runJob(stack, dataDir, ['match']);
    for (const who of [...mentors, ...mentees]) expect(await intros(who), who).toEqual([]);

    await page.getByRole('link', { name: 'Rounds' }).click();
    await page.getByRole('heading', { name: 'Matching rounds' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('review mode');
    await expectAccessible('rounds');
    await page.locator('tbody a').first().click();
    await page.getByRole('heading', { name: /^Round of/ }).waitFor();
    await expectAccessible('round');
    const roundPath = new URL(page.url()).pathname;
    const roundId = decodeURIComponent(roundPath.split('/').pop()!);

    // Exclude the first proposed pair; the rest is matched again around it.
    const exclude = page.getByRole('button', { name: /^Exclude / }).first();
    const excludedLabel = (await exclude.innerText()).replace(/^Exclude /, '');
    await exclude.click();
    await page.getByRole('status').filter({ hasText: 'matched again around your choice' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Excluded pairs' }).isVisible()).toBe(true);
    await expectAccessible('round after a change');

    await page.getByRole('button', { name: /^Publish \d+ pairs/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Published: \d+ pairs created/ })
      .waitFor();
    await expectAccessible('published round');

    const published = {
      round: (await (await page.request.get(`${stack.appUrl}/admin/api/rounds/${encodeURIComponent(roundId)}`)).json()) as {
        status: string;
        pairs: { mentorId: string; menteeId: string }[];
        exclusions: { mentorId: string; menteeId: string }[];
      },
    };
    expect(published.round.status).toBe('published');
    expect(published.round.exclusions).toHaveLength(1);
    const [excluded] = published.round.exclusions;
    expect(published.round.pairs.some((p) => p.mentorId === excluded!.mentorId && p.menteeId === excluded!.menteeId)).toBe(false);
    expect(published.round.pairs.length).toBeGreaterThan(0);

    // Publishing again changes nothing; each paired person has exactly one intro.
    const again = await page.request.post(`${stack.appUrl}${roundPath}/publish`, {
      headers: { origin: stack.appUrl },
      form: {},
      maxRedirects: 0,
    });
    expect(again.headers().location).toContain('already=1');
    const emailOf = async (id: string) =>
      ((await (await page.request.get(`${stack.appUrl}/admin/api/participants/${encodeURIComponent(id)}`)).json()) as { email: string }).email;
    const pairedEmails = new Set(await Promise.all(published.round.pairs.flatMap((p) => [emailOf(p.mentorId), emailOf(p.menteeId)])));
    for (const who of [...mentors, ...mentees]) expect(await intros(who), who).toHaveLength(pairedEmails.has(address(who)) ? 1 : 0);
    expect(excludedLabel).toMatch(/ and /);

    // 4. Two people who signed up after the round, paired by hand from the mentee's page.
    await Promise.all([signUpAndConfirm('linus', 'mentor', 'finance'), signUpAndConfirm('maya', 'mentee', 'finance')]);
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { name: 'People', exact: true }).waitFor();
    await expectAccessible('people');
    await page.getByLabel('Search by name, email or skill').fill(address('maya'));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: nameOf('maya') }).click();
    await page.getByRole('heading', { name: nameOf('maya') }).waitFor();
    await page.getByRole('heading', { name: 'Pair with…' }).waitFor();
    const personPath = new URL(page.url()).pathname;
    await expectAccessible('person');
    await page.getByRole('button', { name: `Pair with ${nameOf('linus')}` }).click();
    await page.getByRole('status').filter({ hasText: 'Paired: both introductions are queued.' }).waitFor();
    await expectAccessible('pair');
    const pairPath = new URL(page.url()).pathname;
    expect(await intros('linus')).toHaveLength(1);
    expect(await intros('maya')).toHaveLength(1);

    // 5. A CSV with bad rows: each is listed and no one is invited; then a good one invites.
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('link', { name: 'Import people to invite' }).click();
    await page.getByRole('heading', { name: 'Import people to invite' }).waitFor();
    await expectAccessible('import');
    const good = ['name,email,role', `Nina Invite,${address('nina')},mentee`, `Omar Invite,${address('omar')},mentor`];
    await page.getByLabel('Or paste the CSV').fill([...good, 'Bad Email,not-an-address,mentee', `Bad Role,${address('bad')},boss`].join('\n'));
    await page.getByRole('button', { name: 'Check and import' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Nothing was changed.' });
    await refused.waitFor();
    const listed = await refused.innerText();
    expect(listed).toMatch(/Row 4, email/);
    expect(listed).toMatch(/Row 5, role/);
    expect(listed).not.toMatch(/Row [23]\b/);
    await expectAccessible('import with bad rows');
    for (const who of ['nina', 'omar', 'bad']) expect(await storedEmails(stack.sesUrl, address(who)), who).toEqual([]);

    await page.getByLabel('Or paste the CSV').fill(good.join('\n'));
    await page.getByRole('button', { name: 'Check and import' }).click();
    await page.getByRole('status').filter({ hasText: '2 rows: 2 invited' }).waitFor();
    const invitationLinks: string[] = [];
    for (const who of ['nina', 'omar']) {
      const [invitation, ...more] = await storedEmails(stack.sesUrl, address(who));
      expect(more, who).toEqual([]);
      invitationLinks.push(/(http:\/\/localhost:\d+\/\?invite=[\w.-]+)\s/.exec(invitation!.body.text!)![1]!);
    }
    // The invitation opens a sign-up form with the address filled in.
    const invited = await browser.newPage();
    await invited.goto(invitationLinks[0]!);
    expect(await invited.locator('input[name=email]').inputValue()).toBe(address('nina'));
    await invited.close();

    // The audit log lists what the admin did.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await expectAccessible('audit');
    const audit = await page.locator('tbody').innerText();
    for (const action of ['settings', 'round', 'pair', 'import']) expect(audit, action).toContain(action);

    // On a phone, each page fits the screen (wide tables scroll inside their region) and stays accessible.
    const phonePaths = [
      '/admin/dashboard',
      '/admin/people',
      personPath,
      pairPath,
      '/admin/rounds',
      roundPath,
      '/admin/settings',
      '/admin/audit',
      '/admin/people/import',
    ];
    const phones = await browser.newContext({ viewport: { width: 375, height: 812 }, storageState: await page.context().storageState() });
    await Promise.all(
      phonePaths.map(async (path) => {
        const phone = await phones.newPage();
        await phone.goto(`${stack.appUrl}${path}`);
        expect(new URL(phone.url()).pathname, 'signed in on the phone').toBe(path);
        expect.soft(await seriousA11yViolations(phone), `${path} on a phone`).toEqual([]);
        expect.soft(await phone.evaluate(() => document.documentElement.scrollWidth), `${path} width on a phone`).toBeLessThanOrEqual(375 + 2);
      }),
    );
    await phones.close();
  });
});
