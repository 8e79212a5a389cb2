/**
 * Sign-ups → confirmations → `npm run job -- match` → introductions in the
 * local inbox, with reasons and a Reply-To that routes back to the pair.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReplyAddress } from '../../functions/domain/reply-address';
import { runJob, startStack, storedEmails, type StackProcess } from '../support/local-stack-process';
import { pressButton } from '../support/press-button';

let stack: StackProcess;
const dataDir = mkdtempSync(join(tmpdir(), 'mentoring-e2e-match-'));
const run = Date.now().toString(36);
const address = (who: string) => `${who}.${run}@example.com`;

const people = [
  {
    who: 'grace',
    name: 'Grace Hopper',
    role: 'mentor',
    timezone: 'America/New_York',
    skills: ['leadership', 'public speaking'],
    availability: [{ day: 'tue', from: '08:00', to: '11:00' }],
    preferredTools: ['zoom'],
    yearsExperience: 20,
  },
  {
    who: 'wei',
    name: 'Wei Zhang',
    role: 'mentor',
    timezone: 'Asia/Singapore',
    skills: ['sql', 'negotiation'],
    availability: [{ day: 'wed', from: '15:00', to: '18:00' }],
    preferredTools: ['teams'],
    yearsExperience: 12,
  },
  {
    who: 'priya',
    name: 'Priya Raman',
    role: 'mentee',
    timezone: 'Europe/London',
    skills: ['public speaking'],
    availability: [{ day: 'tue', from: '13:00', to: '16:00' }],
    preferredTools: ['zoom'],
    yearsExperience: 3,
  },
  {
    who: 'jonas',
    name: 'Jonas Becker',
    role: 'mentee',
    timezone: 'Europe/Berlin',
    skills: ['sql'],
    availability: [{ day: 'wed', from: '08:00', to: '11:00' }],
    preferredTools: ['slack'],
    yearsExperience: 2,
  },
];

beforeAll(async () => {
  stack = await startStack(dataDir, undefined, { DEMO_SEED: '0', LOCAL_SCHEDULER: 'off' });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('matching against the local stack', () => {
  it('pairs confirmed sign-ups and introduces them by email', async () => {
    for (const { who, ...person } of people) {
      const res = await fetch(`${stack.appUrl}/api/signups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...person, email: address(who), consent: true }),
      });
      expect(res.status).toBe(202);
      const [confirm] = await storedEmails(stack.sesUrl, address(who));
      const link = /(http:\/\/localhost:\d+\/confirm\/\S+)/.exec(confirm!.body.text!)![1]!;
      expect((await pressButton(link)).status).toBe(200);
    }

    const summary = await runJob(stack, dataDir, ['match', '--at', '2026-11-30T09:00:00Z']);
    expect(summary).toMatchObject({ job: 'match', pairsCreated: 2, unmatched: 0, introsQueued: 4, emailsQueued: 8 }); // the intros, and the first meeting's invitations
    expect(typeof summary.ms).toBe('number');

    const secret = readFileSync(join(dataDir, 'token-secret'), 'utf8').trim();
    const intro = async (who: string) => (await storedEmails(stack.sesUrl, address(who))).find((m) => m.subject.startsWith('Meet your'))!;
    const [toPriya, toGrace] = [await intro('priya'), await intro('grace')];
    expect(toPriya.subject).toBe('Meet your mentor: Grace Hopper');
    expect(toGrace.subject).toBe('Meet your mentee: Priya Raman');
    expect(toPriya.body.text).toContain('shares 1 skill: public speaking');
    expect(toPriya.body.text).toContain('both prefer Zoom');
    expect(toPriya.body.text).toMatch(/Tue 13:00–16:00 your time \(08:00–11:00 for Grace\)/);
    // Replying reaches the partner and the system, at an address that verifies as this member's own in this pair.
    expect(toPriya.replyTo[1]).toBe(address('grace'));
    expect(toGrace.replyTo[1]).toBe(address('priya'));
    expect(toPriya.replyTo[0]).not.toBe(toGrace.replyTo[0]);
    expect(parseReplyAddress(toPriya.replyTo[0]!, secret)?.kind).toBe('mentee');
    expect(parseReplyAddress(toGrace.replyTo[0]!, secret)).toEqual({ kind: 'mentor', id: parseReplyAddress(toPriya.replyTo[0]!, secret)?.id });
    expect(toPriya.headers).toContainEqual({ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' });

    const again = await runJob(stack, dataDir, ['match', '--at', '2026-12-07T09:00:00Z']);
    expect(again).toMatchObject({ pairsCreated: 0, introsQueued: 0, emailsQueued: 0 });
    expect((await storedEmails(stack.sesUrl, address('priya'))).filter((m) => m.subject.startsWith('Meet your'))).toHaveLength(1);
  });

  it("fires the pairs' follow-up schedules when they fall due", async () => {
    const early = await runJob(stack, dataDir, ['followups', '--at', '2026-12-01T09:00:00Z']);
    expect(early).toMatchObject({ job: 'followups', fired: 0 });
    const due = await runJob(stack, dataDir, ['followups', '--at', '2026-12-03T09:00:00Z']);
    expect(due).toMatchObject({ fired: 2, failed: 0, outcomes: { done: 2 } });
    expect(await runJob(stack, dataDir, ['followups', '--at', '2026-12-03T09:00:00Z'])).toMatchObject({ fired: 0 });
  });
});
