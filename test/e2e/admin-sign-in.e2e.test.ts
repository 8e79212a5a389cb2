/**
 * The admin console's sign-in on the local stack, in Chromium: an admin from ADMIN_EMAILS
 * (seeded at start) asks for a link on the form, opens the emailed link from the SES
 * emulator's inbox, presses the button and lands where the console first sent them;
 * creates an API key (shown once) that a script then uses; a change from another
 * Origin is refused; signing out ends the session.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousA11yViolations } from '../support/browser';
import { startStack, storedEmails, type StackProcess } from '../support/local-stack-process';

let stack: StackProcess;
let browser: Browser;
let page: Page;
const dataDir = mkdtempSync(join(tmpdir(), 'mentoring-e2e-admin-'));
const owner = `owner.${Date.now().toString(36)}@example.com`;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(dataDir, undefined, { DEMO_SEED: '0', LOCAL_SCHEDULER: 'off', ADMIN_EMAILS: owner }), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 375, height: 812 } });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('signing in to the admin console', () => {
  it('signs in from the emailed link, uses an API key, refuses another Origin, and signs out', async () => {
    // A console page sends a signed-out visitor to the sign-in form, remembering where they were going.
    await page.goto(`${stack.appUrl}/admin/audit`);
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill(owner);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();

    const [email] = await storedEmails(stack.sesUrl, owner);
    expect(email?.subject).toContain('sign-in link');
    const link = new RegExp(`(${stack.appUrl}/admin/sign-in/[A-Za-z0-9_-]+)`).exec(email!.body.text!)![1]!;
    await page.goto(link);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/audit');
    expect(await page.locator('tbody').innerText()).toContain('session.start');
    expect(await page.locator('tbody').innerText()).toContain(owner);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'admin_session', httpOnly: true, sameSite: 'Lax', path: '/admin', secure: false });

    // The link was used up.
    const again = await fetch(link, { method: 'POST', headers: { origin: stack.appUrl, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(again.status).toBe(410);

    // An API key, shown once, for a script.
    await page.goto(`${stack.appUrl}/admin/admins`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('New API key: label').fill('HR sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('heading', { name: 'Your new API key' }).waitFor();
    const key = await page.getByLabel('API key “HR sync”').inputValue();
    expect(key).toMatch(/^mpk_/);
    const admins = await fetch(`${stack.appUrl}/admin/api/admins`, { headers: { authorization: `Bearer ${key}` } });
    expect(admins.status).toBe(200);
    expect(((await admins.json()) as { items: { email: string }[] }).items.map((a) => a.email)).toEqual([owner]);

    // The session cookie from another site's page: refused.
    const forged = await fetch(`${stack.appUrl}/admin/api/keys`, {
      method: 'POST',
      headers: { cookie: `admin_session=${cookie!.value}`, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'stolen' }),
    });
    expect(forged.status).toBe(403);

    await page.goto(`${stack.appUrl}/admin/admins`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    expect((await fetch(`${stack.appUrl}/admin/api/audit`, { headers: { cookie: `admin_session=${cookie!.value}` } })).status).toBe(401);
  });
});
