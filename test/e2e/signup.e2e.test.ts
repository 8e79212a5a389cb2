/// <reference lib="dom" />
/**
 * A newcomer's first minute: the local stack as `npm start` runs it, a real
 * Chromium filling the form, the confirmation email read back from the SES
 * emulator, and its link followed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousA11yViolations } from '../support/browser';
import { runStackExpectingFailure, startStack, storedEmails, type StackProcess } from '../support/local-stack-process';

let stack: StackProcess;
let browser: Browser;
let page: Page;
const dataDir = mkdtempSync(join(tmpdir(), 'mentoring-e2e-'));
const email = `e2e.${Date.now()}@example.com`;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(dataDir), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 390, height: 844 } });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Set E2E_SCREENSHOTS=<dir> to keep a full-page PNG of each step, to look at. */
async function snap(name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

async function fillForm(p: Page, overrides: { email?: string; consent?: boolean } = {}) {
  await p.getByLabel('Full name').fill('Katherine Johnson');
  await p.getByLabel('Work email').fill(overrides.email ?? email);
  await p.getByLabel('Department (optional)').fill('Flight Research');
  await p.getByLabel('Years of work experience (optional)').fill('4');
  await p.getByRole('radio', { name: /A mentee/ }).check();
  await p.getByLabel('Skills', { exact: true }).fill('orbital mechanics, public speaking');
  await p.getByLabel('Your goals for the program (optional)').fill('Present my research with confidence.');
  await p.getByLabel('Time zone').selectOption('America/New_York');
  await p.getByLabel('Languages you can mentor or be mentored in').fill('en');
  await p.getByLabel('Tuesday from').fill('09:00');
  await p.getByLabel('Tuesday to').fill('11:00');
  await p.getByLabel('Thursday from').fill('14:00');
  await p.getByLabel('Thursday to').fill('15:30');
  await p.getByRole('checkbox', { name: 'Zoom' }).check();
  await p.getByRole('checkbox', { name: 'Slack huddles' }).check();
  if (overrides.consent !== false) await p.getByRole('checkbox', { name: /I agree/ }).check();
}

describe('sign-up in a real browser against the local stack', () => {
  it('serves an accessible sign-up form', async () => {
    await page.goto(stack.appUrl);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Join the mentoring program');
    await snap('1-form');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows field errors with an error summary, keeping what was typed', async () => {
    await page.goto(stack.appUrl);
    await fillForm(page, { email: 'not-an-email', consent: false });
    await page.getByRole('button', { name: 'Sign me up' }).click();
    await page.waitForSelector('.error-summary');
    const summary = await page.locator('.error-summary').innerText();
    expect(summary).toContain('Please enter a valid email address');
    expect(summary).toContain('Please agree to the program terms');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Katherine Johnson');
    await snap('2-form-errors');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.locator('.error-summary a[href="#f-email"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-email');
  });

  it('signs up, delivers the confirmation email, and confirms through its link', async () => {
    await page.goto(stack.appUrl);
    await fillForm(page);
    await page.getByRole('button', { name: 'Sign me up' }).click();
    await page.waitForURL(`${stack.appUrl}/thanks`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your inbox');
    await snap('3-thanks');

    const [message] = await storedEmails(stack.sesUrl, email);
    expect(message?.subject).toMatch(/^Confirm your place in /);
    expect(message?.body.html).toContain('Katherine');
    const link = /(http:\/\/localhost:\d+\/confirm\/\S+)/.exec(message!.body.text!)![1]!;

    // Mail scanners and link previews fetch the link (GET, HEAD): that confirms nothing.
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    const scanned = await fetch(link, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks scanner)' } });
    expect(scanned.status).toBe(200);
    expect(await scanned.text()).toContain('Confirm my address');

    // Some scanners run the page's JavaScript: with it on, the page must not submit itself.
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') posts.push(`${request.method()} ${new URL(request.url()).pathname.split('/')[1]}`);
    });
    await page.goto(link, { waitUntil: 'networkidle' });
    await page.waitForTimeout(1_000);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm your address');
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(posts).toEqual([]);
    await snap('4-confirm-button');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Still pending after all of that: the page still asks (a confirmed address gets "already confirmed").
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.getByRole('button', { name: 'Confirm my address' }).count()).toBe(1);

    // The person presses the button.
    await page.getByRole('button', { name: 'Confirm my address' }).click();
    await page.waitForSelector('text=Thanks for confirming your address.');
    expect(posts).toEqual(['POST confirm']);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe("You're in: we'll introduce you to your match soon.");
    await snap('5-confirmed');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(link);
    expect(await page.locator('.lead').innerText()).toContain('already confirmed');
  });

  it('shows the inbox web UI of the SES emulator', async () => {
    const res = await fetch(stack.sesUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('names the port when one is taken', async () => {
    const { code, output } = await runStackExpectingFailure(dataDir, stack.ports);
    expect(code).toBe(1);
    expect(output).toContain(`Port ${stack.ports.port} (PORT) is already in use`);
  });

  it('keeps its data across a restart', async () => {
    expect(await stack.stop()).toBe(0);
    stack = await startStack(dataDir, stack.ports);
    expect(stack.output()).toContain('kept');
    const res = await fetch(`${stack.appUrl}/api/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'K. Johnson',
        email,
        role: 'mentee',
        timezone: 'UTC',
        skills: [],
        preferredTools: [],
        availability: [{ day: 'mon', from: '09:00', to: '10:00' }],
        consent: true,
      }),
    });
    expect(res.status).toBe(202);
    const [notice] = await storedEmails(stack.sesUrl, email);
    expect(notice?.body.text).toContain("You're already in the matching pool");
  });
});
