/**
 * Least-privilege table grants, proven against the real adapters.
 *
 * infra/constructs/bindings.ts `TABLE_ACCESS` grants each Lambda function exactly the DynamoDB actions its use
 * cases are believed to call (no Scan or BatchWriteItem anywhere, DeleteItem only for api and followup, the
 * SES-events function only GetItem and UpdateItem). Nothing in the unit tests or in DynamoDB Local enforces that
 * list: a use case that starts calling an action its function is not granted passes every other test and fails
 * in production with AccessDenied. So here every low-level DynamoDB call is recorded as the IAM action(s) AWS
 * authorizes it by (a transaction by the per-item action of each of its parts), while each function's use cases
 * run through realistic flows that reach every branch touching the table, the same entry points its handler
 * (functions/handlers/*) calls. Each function's recorded set must be within its grant.
 *
 * Calls are attributed to a function with AsyncLocalStorage: set-up steps that belong to another function
 * (pairs come from the match function, schedules fire in the follow-up function, people sign up through the API)
 * are recorded, and checked, under that function. The table-backed stand-in for EventBridge Scheduler talks to
 * the table through its own, unrecorded client: in AWS, schedules are not DynamoDB calls. The test's own reads
 * (to assert outcomes) run outside any function and are not recorded. Likewise the table-backed stand-in for the
 * SQS send queues: in AWS, enqueueing and receiving are SQS calls. Queued emails are sent by the sender function
 * (recorded as `sender`) whenever the test reads the SES emulator's inbox.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { mimeMessages } from '../../functions/adapters/email/parse-message';
import { DynamoAdminAddresses } from '../../functions/adapters/dynamodb/admin-store';
import { DynamoEmailLog } from '../../functions/adapters/dynamodb/email-log';
import { DynamoSendRateBucket } from '../../functions/adapters/dynamodb/send-rate-bucket';
import { TableEmailQueue } from '../../functions/adapters/local/table-email-queue';
import { TableScheduler } from '../../functions/adapters/local/table-scheduler';
import { SesMailer } from '../../functions/adapters/ses/ses-mailer';
import { createSender } from '../../functions/app/use-cases/send-queued';
import type { AdminDeps } from '../../functions/app/support/deps';
import { handleDeliveryEvent } from '../../functions/app/use-cases/handle-delivery-event';
import { handleReply, type InboundDeps } from '../../functions/app/use-cases/handle-reply';
import { signedLink } from '../../functions/app/support/links';
import { exportLines } from '../../functions/app/use-cases/export-program';
import { rematchPair } from '../../functions/app/use-cases/rematch';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { runSchedule } from '../../functions/app/use-cases/run-schedule';
import { sendDigest } from '../../functions/app/use-cases/send-digest';
import type { ProgramConfig } from '../../functions/domain/program';
import { createApp } from '../../functions/http/app';
import { SendRejected, SendThrottled, type EmailQueue, type Mailer, type SendQuota } from '../../functions/ports';
import { TABLE_ACCESS } from '../../infra/constructs/bindings';
import { localDeps } from '../../scripts/local/deps';
import { localDynamoClient } from '../../scripts/local/dynamodb-local';
import { FixedClock, signupForm, testConfig } from '../support/fakes';
import { drainLocalQueue } from '../../scripts/local/local-sender';
import { freshTable, inbox, registerSender, sesClient, uniqueEmail, type StoredEmail } from '../support/local-services';
import { mentee, mentor } from '../support/people';

type Fn = keyof typeof TABLE_ACCESS;

// ---------------------------------------------------------------------------------------------------------------
// Recording the IAM action of every DynamoDB call
// ---------------------------------------------------------------------------------------------------------------

const COMMAND_ACTIONS: Record<string, string> = {
  GetItemCommand: 'dynamodb:GetItem',
  BatchGetItemCommand: 'dynamodb:BatchGetItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  PutItemCommand: 'dynamodb:PutItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  BatchWriteItemCommand: 'dynamodb:BatchWriteItem',
  DescribeTableCommand: 'dynamodb:DescribeTable',
  // Read transactions are authorized by GetItem on each item.
  TransactGetItemsCommand: 'dynamodb:GetItem',
};

/** Write transactions are authorized by the item-level action of each of their parts. */
const TRANSACT_ITEM_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/** The IAM actions AWS checks for one call; an unknown command maps to itself, which no grant contains. */
function iamActionsOf(commandName: string, input: unknown): string[] {
  if (commandName === 'TransactWriteItemsCommand') {
    const items = (input as { TransactItems?: Record<string, unknown>[] }).TransactItems ?? [];
    return items.flatMap((item) => Object.keys(item).map((kind) => TRANSACT_ITEM_ACTIONS[kind] ?? `unknown-transact-item:${kind}`));
  }
  return [COMMAND_ACTIONS[commandName] ?? `unmapped-command:${commandName}`];
}

/** Records, per Lambda function, the IAM actions of the calls made on `client` while that function's work runs. */
class IamRecorder {
  private readonly running = new AsyncLocalStorage<Fn>();
  private readonly recorded = new Map<Fn, Set<string>>();

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const fn = this.running.getStore();
        if (fn) {
          const actions = this.recorded.get(fn) ?? new Set<string>();
          for (const action of iamActionsOf(String(context.commandName), args.input)) actions.add(action);
          this.recorded.set(fn, actions);
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordIamActions' },
    );
  }

  /** Runs `work` as function `fn`: the DynamoDB calls it makes are recorded under `fn`. */
  as<T>(fn: Fn, work: () => T | Promise<T>): Promise<T> {
    return this.running.run(fn, async () => work());
  }

  actions(fn: Fn): string[] {
    return [...(this.recorded.get(fn) ?? [])].sort();
  }

  functions(): Fn[] {
    return [...this.recorded.keys()];
  }
}

/** What each test recorded, printed at the end. */
const summary = new Map<Fn, Set<string>>();

/**
 * Every function that ran in this test (set-up steps included) stayed within its grant, and the flows of `fn`, the
 * function under test, used every action it is granted: proof that they really ran, and that no grant is unused.
 */
function expectWithinGrants(recorder: IamRecorder, fn: Fn): void {
  for (const ran of recorder.functions()) {
    const granted = TABLE_ACCESS[ran] as readonly string[];
    const denied = recorder.actions(ran).filter((action) => !granted.includes(action));
    expect(denied, `the ${ran} function calls DynamoDB actions TABLE_ACCESS.${ran} does not grant`).toEqual([]);
    const all = summary.get(ran) ?? new Set<string>();
    for (const action of recorder.actions(ran)) all.add(action);
    summary.set(ran, all);
  }
  const own = recorder.actions(fn);
  console.log(`${fn}: ${own.join(', ')}`);
  expect(own, `the ${fn} flows should use every action TABLE_ACCESS.${fn} grants`).toEqual([...TABLE_ACCESS[fn]].sort());
}

afterAll(() => {
  const lines = [...summary].map(
    ([fn, actions]) => `  ${fn.padEnd(9)} ${[...actions].sort().join(', ')}\n  ${''.padEnd(9)} granted: ${TABLE_ACCESS[fn].join(', ')}`,
  );
  console.log(`DynamoDB actions recorded per function (union over all tests):\n${lines.join('\n')}`);
});

// ---------------------------------------------------------------------------------------------------------------
// A program on DynamoDB Local and the SES emulator
// ---------------------------------------------------------------------------------------------------------------

const START = new Date('2026-11-30T09:00:00Z');
const ORIGIN = 'http://localhost:3000';
const SECRET = 'iam-table-access-secret';
const DAY_MS = 86_400_000;

async function program(overrides: Partial<ProgramConfig> = {}) {
  const clock = new FixedClock(START);
  const { client, tableName } = await freshTable();
  const admin = uniqueEmail('admin');
  const config = testConfig({ admins: [admin], ...overrides });
  const base = localDeps({ config, dynamo: client, ses: sesClient(), tableName, secret: SECRET, clock, quiet: true });
  // EventBridge Scheduler in AWS: here the table-backed stand-in, on a client of its own that is not recorded.
  const scheduler = new TableScheduler(DynamoDBDocumentClient.from(localDynamoClient(inject('ddbPort'))), tableName, config.id);
  // SQS in AWS: the table-backed stand-in, on its own unrecorded client too.
  const emailQueue = new TableEmailQueue(DynamoDBDocumentClient.from(localDynamoClient(inject('ddbPort'))), tableName, config.id);
  const deps: AdminDeps = { ...base, scheduler, emailQueue };
  const inboundDeps: InboundDeps = { ...deps, messages: mimeMessages };
  const recorder = new IamRecorder(client);
  // The sender function: the email log, the send-rate bucket and the admins' addresses on the recorded client.
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const senderMailer: { current: Mailer } = { current: new SesMailer(sesClient(), { from: config.sender }) };
  const quota: { current: SendQuota } = { current: { max24HourSend: -1, sentLast24Hours: 0 } };
  const senderDeps = {
    config,
    clock,
    emailLog: new DynamoEmailLog(db, tableName),
    emailQueue,
    adminAddresses: new DynamoAdminAddresses(db, tableName),
    mailer: { send: (email: Parameters<Mailer['send']>[0]) => senderMailer.current.send(email) },
    sendRate: new DynamoSendRateBucket(db, tableName, config.id, 1000),
    quota: { read: async () => quota.current },
  };
  const sender = createSender(senderDeps);
  const sendQueued = () => recorder.as('sender', () => drainLocalQueue(emailQueue, sender));
  registerSender(sendQueued);
  const app = createApp(deps, { clientAddress: () => '127.0.0.1' });
  const at = (days: number, hours = 0) => (clock.current = new Date(START.getTime() + days * DAY_MS + hours * 3_600_000));

  /** People confirmed through the stores, as the API's sign-up and confirm do. */
  const people = async () => {
    const grace = await recorder.as('api', () => mentor(deps, 'Grace Hopper'));
    const ada = await recorder.as('api', () => mentee(deps, 'Ada Lovelace'));
    return { grace, ada };
  };

  /**
   * Fires, as the follow-up function, every one-time schedule due by `until`, in time order with the clock at
   * each schedule's time (including the ones firings create on the way), then deletes it as EventBridge does.
   */
  const fireSchedulesUntil = async (until: Date) => {
    const fired: string[] = [];
    for (;;) {
      const [next] = await scheduler.dueAll(until.toISOString());
      if (!next) break;
      if (Date.parse(next.at) > clock.current.getTime()) clock.current = new Date(next.at);
      await recorder.as('followup', () => runSchedule(deps, next.payload));
      await scheduler.cancel(next.name);
      fired.push('step' in next.payload ? next.payload.step : next.payload.kind);
    }
    return fired;
  };

  return {
    deps,
    inboundDeps,
    config,
    clock,
    admin,
    recorder,
    app,
    scheduler,
    at,
    people,
    fireSchedulesUntil,
    emailQueue,
    sender,
    senderMailer,
    quota,
    sendQueued,
  };
}

type Program = Awaited<ReturnType<typeof program>>;

// ---------------------------------------------------------------------------------------------------------------
// HTTP and email helpers
// ---------------------------------------------------------------------------------------------------------------

/** A form POST as the site's own pages send it (same Origin), or as `headers` say. */
const postForm = (p: Program, path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = { origin: ORIGIN }) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return p.recorder.as('api', () =>
    p.app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body }),
  );
};

const get = (p: Program, path: string) => p.recorder.as('api', () => p.app.request(path));

const signupFormFor = (email: string) => signupForm({ email, languages: 'en' });

/** The path of the first `route` link in the newest email to `to` that has one. */
async function linkIn(to: string, route: string, subject = ''): Promise<string> {
  const pattern = new RegExp(`${ORIGIN}(/${route}/[^\\s?"]+)`);
  const emails = (await inbox(to)).filter((e) => e.subject.includes(subject) && pattern.test(e.body.text ?? ''));
  const newest = emails.at(-1);
  if (!newest) throw new Error(`no ${route} link in an email to ${to}`);
  return pattern.exec(newest.body.text!)![1]!;
}

const subjects = async (to: string) => (await inbox(to)).map((e) => e.subject);
const pathOf = (url: string) => new URL(url).pathname;

/** A raw reply as a mail client writes it. */
let messageCount = 0;
const rawReply = (from: string, body: string) =>
  Buffer.from(
    [
      `From: ${from}`,
      'To: someone@example.com',
      'Subject: Re: hello',
      `Message-ID: <m${++messageCount}.${Date.now()}@mail.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );

const replyTo = (email: StoredEmail | undefined) => {
  if (!email?.replyTo[0]) throw new Error('no reply address');
  return email.replyTo[0];
};

// ---------------------------------------------------------------------------------------------------------------
// One test per function
// ---------------------------------------------------------------------------------------------------------------

describe('IAM table grants (TABLE_ACCESS) cover every DynamoDB call each function makes', () => {
  it('api: sign-up, confirm, resend, check-in, feedback, admin rematch and export, rejoin, the manage page', { timeout: 60_000 }, async () => {
    // One confirmation an hour, so the second new sign-up is deferred; one meeting makes both incentive-eligible.
    const p = await program({ confirmationsPerHour: 1, incentiveMeetings: 1 });
    const adaEmail = uniqueEmail('ada');
    const bobEmail = uniqueEmail('bob');

    // Sign-up: new address (form), the same address again, a second new one past the hourly cap (JSON API).
    expect((await postForm(p, '/signup', signupFormFor(adaEmail))).status).toBe(303);
    expect((await postForm(p, '/signup', signupFormFor(adaEmail))).status).toBe(303);
    const json = await p.recorder.as('api', () =>
      p.app.request('/api/signups', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...signupFormFor(bobEmail),
          role: 'mentor',
          languages: ['en'],
          skills: ['maths'],
          preferredTools: ['zoom'],
          availability: [{ day: 'tue', from: '09:00', to: '11:00' }],
          capacity: 1,
          consent: true,
        }),
      }),
    );
    expect(json.status).toBe(202);
    // Both are mail a person waits for, sent side by side: in either order.
    expect((await subjects(adaEmail)).sort()).toEqual([expect.stringContaining('Confirm your place'), expect.stringContaining('Your sign-up for')]);
    expect(await inbox(bobEmail)).toEqual([]);
    expect(await subjects(p.admin)).toEqual([expect.stringContaining('Sign-up confirmations held back')]);
    expect(await p.deps.deferredConfirmations.oldest(p.config.id, 5)).toHaveLength(1);

    // "Send me a new link": deferred again this hour; the next hour the address has had its three emails (capped).
    expect((await postForm(p, '/confirm/resend', { email: adaEmail })).status).toBe(200);
    expect(await p.deps.deferredConfirmations.oldest(p.config.id, 5)).toHaveLength(2);
    p.at(0, 1);
    expect((await postForm(p, '/confirm/resend', { email: adaEmail })).status).toBe(200);
    expect(await inbox(adaEmail)).toHaveLength(2);

    // Confirm: the page (GET) changes nothing, the button (POST) does.
    const confirm = await linkIn(adaEmail, 'confirm');
    expect(await (await get(p, confirm)).text()).toContain('Confirm my address');
    expect(await (await postForm(p, confirm, {})).text()).toContain('Thanks for confirming');
    const ada = (await p.deps.participants.findByEmail(p.config.id, adaEmail))!;
    expect(ada.status).toBe('waiting');

    // A pair (the match function), its first check-in email (the follow-up function).
    const grace = await p.recorder.as('api', () => mentor(p.deps, 'Grace Hopper'));
    await p.recorder.as('match', () => runMatching(p.deps, p.clock.now()));
    const [pair] = await p.deps.pairs.pairsOf(ada.id);
    p.at(14);
    await p.recorder.as('followup', () => runSchedule(p.deps, { pairId: pair!.id, step: 'checkin-1' }));

    // Check-in: page, "we met" (the first meeting: both become incentive-eligible), then a rating.
    const checkin = await linkIn(adaEmail, 'checkin', 'Did you');
    expect(await (await get(p, `${checkin}?answer=met`)).text()).toContain('Save my answer');
    expect(await (await postForm(p, checkin, { answer: 'met' })).text()).toContain('Great: you met Grace');
    expect(await (await postForm(p, checkin, { answer: '4' })).text()).toContain('Thanks for rating');
    expect((await p.deps.participants.get(ada.id))?.incentiveEligibleAt).toBeDefined();

    // Feedback, twice: the second is a duplicate.
    const feedback = await linkIn(adaEmail, 'feedback', 'Did you');
    expect((await get(p, feedback)).status).toBe(200);
    const answers = { met: 'yes', timesMet: '1', satisfaction: '4', wentWell: 'My manager Bob joined' };
    expect(await (await postForm(p, feedback, answers)).text()).toContain('Thank you for your feedback');
    expect(await (await postForm(p, feedback, answers)).text()).toContain('We already have your feedback');

    // Admin (the console's use cases, in the API function): end and re-match, and the CSV export.
    expect((await p.recorder.as('api', () => rematchPair(p.deps, pair!.id))).outcome).toBe('ended');
    const csv = await p.recorder.as('api', async () => {
      const lines: string[] = [];
      for await (const line of exportLines(p.deps)) lines.push(line);
      return lines.join('');
    });
    expect(csv).toContain(pair!.id);

    // The admin console: sign in by the emailed one-time link, create and revoke an API key, use it, sign out.
    expect((await postForm(p, '/admin/sign-in', { email: p.admin })).status).toBe(200);
    const signIn = await linkIn(p.admin, 'admin/sign-in');
    expect((await get(p, signIn)).status).toBe(200);
    const started = await postForm(p, signIn, {});
    expect(started.status).toBe(303);
    const cookie = /admin_session=[^;]+/.exec(started.headers.get('set-cookie')!)![0];
    const asAdmin = (path: string, init: RequestInit = {}) =>
      p.recorder.as('api', () => p.app.request(path, { ...init, headers: { cookie, origin: ORIGIN, ...(init.headers as Record<string, string>) } }));
    const created = await asAdmin('/admin/api/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'HR' }),
    });
    const { id: keyId, key } = (await created.json()) as { id: string; key: string };
    const byKey = await p.recorder.as('api', () => p.app.request('/admin/api/audit?limit=5', { headers: { authorization: `Bearer ${key}` } }));
    // (Both at the same instant of the test's fixed clock: their order among themselves is not defined.)
    expect(((await byKey.json()) as { items: { action: string }[] }).items.map((e) => e.action).sort()).toEqual(['api_key.create', 'session.start']);
    expect((await asAdmin(`/admin/api/keys/${keyId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await asAdmin('/admin/admins')).status).toBe(200);
    expect((await postForm(p, '/admin/sign-out', {}, { origin: ORIGIN, cookie })).status).toBe(303);
    expect((await asAdmin('/admin/admins')).status).toBe(303);

    // A second round: Ada and Grace may not meet again; Linus and Mary join. Grace–Mary's mentorship ends
    // (the follow-up function) and Mary rejoins from the closing email.
    const linus = await p.recorder.as('api', () => mentor(p.deps, 'Linus Torvalds'));
    const mary = await p.recorder.as('api', () => mentee(p.deps, 'Mary Somerville'));
    p.at(15);
    const second = await p.recorder.as('match', () => runMatching(p.deps, p.clock.now()));
    expect(second.pairsCreated).toBe(2);
    const [maryPair] = await p.deps.pairs.pairsOf(mary.id);
    expect(maryPair?.mentorId).toBe(grace.id);
    await p.recorder.as('followup', () => runSchedule(p.deps, { pairId: maryPair!.id, step: 'end' }));
    const rejoin = await linkIn(mary.email, 'rejoin');
    expect((await get(p, rejoin)).status).toBe(200);
    expect(await (await postForm(p, rejoin, {})).text()).toContain('introduce you to your next match');

    // The manage page: pause; Linus unsubscribes by one click (ending his pair with Ada); Ada deletes her data
    // in two presses (scrubbing her feedback text from the first pair).
    const adaManage = await linkIn(adaEmail, 'unsubscribe');
    expect(await (await get(p, adaManage)).text()).toContain('Manage your participation');
    expect(await (await postForm(p, adaManage, { choice: 'pause' })).text()).toContain('Reminders paused');
    const linusManage = pathOf(await signedLink(p.deps, 'unsubscribe', linus.id));
    const oneClick = await postForm(p, linusManage, { 'List-Unsubscribe': 'One-Click' }, {});
    expect(await oneClick.text()).toBe('Unsubscribed');
    expect(await (await postForm(p, adaManage, { choice: 'delete' })).text()).toContain('Delete your data?');
    expect(await (await postForm(p, adaManage, { choice: 'delete-confirmed' })).text()).toContain('Your data has been deleted');
    expect(await p.deps.participants.get(ada.id)).toMatchObject({ status: 'deleted' });
    expect((await p.deps.participants.get(linus.id))?.status).toBe('unsubscribed');
    expect((await p.deps.pairs.activities(pair!.id)).find((a) => a.kind === 'feedback')?.feedback).not.toHaveProperty('wentWell');

    expectWithinGrants(p.recorder, 'api');
  });

  it('match: a run with a pair left pending set-up (intros not queued), the next run finishing it, and a not-this-round notice', async () => {
    const p = await program();
    const { grace, ada } = await p.people();
    const mary = await p.recorder.as('api', () => mentee(p.deps, 'Mary Somerville'));

    // The queue fails during the first run: the pair is written but its intros are not queued, so it stays "pending set-up".
    const down: EmailQueue = { enqueue: async () => Promise.reject(Object.assign(new Error('SQS unavailable'), { name: 'ServiceUnavailable' })) };
    const first = await p.recorder.as('match', () => runMatching({ ...p.deps, emailQueue: down }, p.clock.now()));
    expect(first).toMatchObject({ pairsCreated: 1, introsQueued: 0, unmatched: 1 });
    expect(await p.deps.pairs.pendingSetup(p.config.id)).toHaveLength(1);

    p.at(7);
    const second = await p.recorder.as('match', () => runMatching(p.deps, p.clock.now()));
    expect(second).toMatchObject({ pairsCreated: 0, pairsSetUp: 1, introsQueued: 2, unmatchedNotified: 1 });
    expect(await p.deps.pairs.pendingSetup(p.config.id)).toEqual([]);
    // The intro, then the first meeting as a calendar invitation.
    expect(await subjects(ada.email)).toEqual([expect.stringContaining('Meet your mentor: Grace Hopper'), expect.stringContaining('Your first meeting:')]);
    expect(await subjects(grace.email)).toEqual([expect.stringContaining('Meet your mentee: Ada Lovelace'), expect.stringContaining('Your first meeting:')]);
    expect(await subjects(mary.email)).toEqual([expect.stringContaining('No match this round')]);

    expectWithinGrants(p.recorder, 'match');
  });

  it(
    'followup: every timeline step of a quiet pair (ice-breakers to escalation and end) and the deferred-confirmations drains',
    { timeout: 60_000 },
    async () => {
      const p = await program({ confirmationsPerHour: 1 });
      const { grace, ada } = await p.people();
      await p.recorder.as('match', () => runMatching(p.deps, p.clock.now()));
      const [pair] = await p.deps.pairs.pairsOf(ada.id);

      // Three sign-ups in one hour (the API function): the first confirmation goes out, two are deferred.
      const waiting = [uniqueEmail('first'), uniqueEmail('second'), uniqueEmail('third')];
      for (const email of waiting) expect((await postForm(p, '/signup', signupFormFor(email))).status).toBe(303);
      expect(await p.deps.deferredConfirmations.oldest(p.config.id, 5)).toHaveLength(2);

      // Everything due until after the end of the mentorship, in time order.
      const fired = await p.fireSchedulesUntil(new Date(Date.parse(pair!.endsAt) + DAY_MS));
      expect(fired).toEqual(
        expect.arrayContaining(['deferred-confirmations', 'icebreakers', 'starters', 'checkin-1', 'checkin-5', 'nudge-1', 'nudge-2', 'nudge-3', 'end']),
      );
      // One drain sent the second confirmation and held the third (the hourly cap), the next hour's sent it.
      expect(fired.filter((f) => f === 'deferred-confirmations')).toHaveLength(2);
      for (const email of waiting) expect(await subjects(email)).toEqual([expect.stringContaining('Confirm your place')]);
      expect(await p.deps.deferredConfirmations.oldest(p.config.id, 5)).toEqual([]);

      const adaGot = await subjects(ada.email);
      for (const subject of [
        'Three ice-breakers',
        'Conversation starters',
        'Did you and Grace meet?',
        'Time to catch up',
        '15 minutes with',
        'how did it go?',
      ]) {
        expect(
          adaGot.some((s) => s.includes(subject)),
          subject,
        ).toBe(true);
      }
      expect(await subjects(p.admin)).toEqual(expect.arrayContaining([expect.stringContaining('Pair at risk: Grace Hopper and Ada Lovelace')]));
      expect(await p.deps.pairs.get(pair!.id)).toMatchObject({ status: 'ended', endReason: 'completed', nudgeLevel: 3 });
      expect((await p.deps.participants.get(grace.id))?.status).toBe('alumni');

      expectWithinGrants(p.recorder, 'followup');
    },
  );

  it('digest: the weekly digest with an at-risk pair and an incentive earner, and its repeat', { timeout: 60_000 }, async () => {
    const p = await program({ incentiveMeetings: 1 });
    const { ada } = await p.people();
    const mary = await p.recorder.as('api', () => mentee(p.deps, 'Mary Somerville'));
    const linus = await p.recorder.as('api', () => mentor(p.deps, 'Linus Torvalds'));
    await p.recorder.as('match', () => runMatching(p.deps, p.clock.now()));
    const [quiet] = await p.deps.pairs.pairsOf(ada.id);
    const [busy] = await p.deps.pairs.pairsOf(mary.id);

    // Both pairs stay quiet until they are escalated; then Mary's pair reports a meeting (incentive earned).
    await p.fireSchedulesUntil(p.at(44));
    expect((await p.deps.pairs.get(quiet!.id))?.status).toBe('at_risk');
    const checkin = pathOf(await signedLink(p.deps, 'checkin', busy!.id, `${mary.id}.3`));
    expect(await (await postForm(p, checkin, { answer: 'met' })).text()).toContain('Great: you met');

    p.at(51);
    // The queue refuses the digest first (recorded failed), the next run queues it.
    const down: EmailQueue = { enqueue: async () => Promise.reject(Object.assign(new Error('SQS unavailable'), { name: 'ServiceUnavailable' })) };
    expect((await p.recorder.as('digest', () => sendDigest({ ...p.deps, emailQueue: down }, p.clock.now()))).outcome).toBe('failed');
    const run = await p.recorder.as('digest', () => sendDigest(p.deps, p.clock.now()));
    expect(run.outcome).toBe('queued');
    expect(run.kpis.atRisk.pairs).toEqual([expect.objectContaining({ pairId: quiet!.id, menteeName: 'Ada Lovelace' })]);
    expect(run.kpis.incentives.earners.map((e) => e.name).sort()).toEqual([linus.name, mary.name].sort());
    // Sent (subjects() lets the sender drain first); a repeat is then skipped.
    expect((await subjects(p.admin)).filter((s) => s.includes('weekly'))).toHaveLength(1);
    expect((await p.recorder.as('digest', () => sendDigest(p.deps, p.clock.now()))).outcome).toBe('skipped');

    expectWithinGrants(p.recorder, 'digest');
  });

  it('inbound: met, rating, plain and repeated replies, stop and pause, to member and personal reply addresses', async () => {
    const p = await program({ incentiveMeetings: 1 });
    const { grace, ada } = await p.people();
    const mary = await p.recorder.as('api', () => mentee(p.deps, 'Mary Somerville'));
    await p.recorder.as('match', () => runMatching(p.deps, p.clock.now()));
    const [pair] = await p.deps.pairs.pairsOf(ada.id);
    const intro = async (who: { email: string }) => (await inbox(who.email)).find((e) => e.subject.startsWith('Meet your'));
    const adaAddress = replyTo(await intro(ada));
    p.at(3);

    const reply = (to: string, message: Buffer) => p.recorder.as('inbound', () => handleReply(p.inboundDeps, { envelopeRecipients: [to], raw: message }));
    const met = rawReply(ada.email, 'We met today!');
    expect(await reply(adaAddress, met)).toBe('recorded');
    expect(await reply(adaAddress, met)).toBe('duplicate');
    expect(await reply(adaAddress, rawReply(ada.email, '4'))).toBe('recorded');
    expect(await reply(replyTo(await intro(grace)), rawReply(grace.email, 'Looking forward to Tuesday.'))).toBe('recorded');
    expect(await reply(adaAddress, rawReply(ada.email, 'stop'))).toBe('confirmation_sent');
    expect(await reply(adaAddress, rawReply(ada.email, 'pause'))).toBe('confirmation_sent');

    // The confirmation email's reply address is Ada's personal one: her running pair is found by her pairs.
    const confirmation = (await inbox(ada.email)).find((e) => e.subject.startsWith('Did you ask us'));
    expect(await reply(replyTo(confirmation), rawReply(ada.email, 'Thanks, we are meeting again next week'))).toBe('recorded');
    // Mary was not matched: her personal address has no running pair.
    const notThisRound = (await inbox(mary.email)).find((e) => e.subject.startsWith('No match'));
    expect(await reply(replyTo(notThisRound), rawReply(mary.email, 'met'))).toBe('ignored_no_active_pair');

    expect(await p.deps.pairs.get(pair!.id)).toMatchObject({ meetingsLogged: 1 });
    expect((await p.deps.pairs.activities(pair!.id)).map((a) => a.kind).sort()).toEqual(['message', 'message', 'met', 'rating']);
    expect((await p.deps.participants.get(grace.id))?.incentiveEligibleAt).toBeDefined();

    expectWithinGrants(p.recorder, 'inbound');
  });

  it('sender: a send, a duplicate delivery, throttling and its retry, a permanent failure, the quota near (bulk waits, admins told)', async () => {
    const p = await program();
    const { grace, ada } = await p.people();
    await p.recorder.as('match', () => runMatching(p.deps, p.clock.now()));
    await p.sendQueued();
    expect(await subjects(ada.email)).toEqual([expect.stringContaining('Meet your mentor'), expect.stringContaining('Your first meeting:')]);
    const [pair] = await p.deps.pairs.pairsOf(ada.id);
    const introKey = `intro#${pair!.id}#${ada.id}`;
    expect(await p.deps.emailLog.get(introKey)).toMatchObject({ state: 'sent' });

    // SQS delivers at least once: the same message again sends nothing.
    const intro = { key: introKey, priority: 'bulk' as const, template: 'intro', email: { raw: 'Subject: again\r\n\r\nx' } };
    await expect(p.recorder.as('sender', () => p.sender.send({ item: intro, receiveCount: 2 }))).resolves.toEqual({ outcome: 'duplicate' });

    // Throttled: back to queued, then sent once SES accepts again; a rejected one is recorded failed.
    await p.recorder.as('followup', () => runSchedule(p.deps, { pairId: pair!.id, step: 'icebreakers' }));
    const ses = p.senderMailer.current;
    p.senderMailer.current = { send: async () => Promise.reject(new SendThrottled('TooManyRequestsException')) };
    const received = await p.emailQueue.receive('bulk', 10);
    const results = await p.recorder.as('sender', () => Promise.all(received.map((m) => p.sender.send(m))));
    expect(results.map((r) => r.outcome)).toEqual(['retry', 'retry']);
    expect(await p.deps.emailLog.get(`icebreakers#${pair!.id}#${ada.id}`)).toMatchObject({ state: 'queued' });
    const toGrace = received.find((m) => m.item.key.endsWith(grace.id))!;
    const toAda = received.find((m) => m.item.key.endsWith(ada.id))!;
    p.senderMailer.current = ses;
    await expect(p.recorder.as('sender', () => p.sender.send(toGrace))).resolves.toEqual({ outcome: 'sent' });
    p.senderMailer.current = { send: async () => Promise.reject(new SendRejected('MessageRejected')) };
    await expect(p.recorder.as('sender', () => p.sender.send(toAda))).resolves.toEqual({ outcome: 'failed', reason: 'MessageRejected' });
    expect(await p.deps.emailLog.get(toAda.item.key)).toMatchObject({ state: 'failed', error: 'MessageRejected' });
    p.senderMailer.current = ses;
    for (const m of received) await p.emailQueue.delete(m);

    // The quota nearly used (read again after a minute): a bulk email waits (queued again with a delay), the admins hear of it.
    p.at(0, 1);
    p.quota.current = { max24HourSend: 200, sentLast24Hours: 195 };
    await p.recorder.as('followup', () => runSchedule(p.deps, { pairId: pair!.id, step: 'starters' }));
    const [starter] = await p.emailQueue.receive('bulk', 1);
    await expect(p.recorder.as('sender', () => p.sender.send(starter!))).resolves.toEqual({ outcome: 'deferred' });
    await p.emailQueue.delete(starter!);
    expect(await subjects(p.admin)).toEqual([expect.stringContaining('SES 24-hour quota')]);
    expect(await subjects(grace.email)).toEqual([
      expect.stringContaining('Meet your mentee'),
      expect.stringContaining('Your first meeting:'),
      expect.stringContaining('ice-breakers'),
    ]);

    expectWithinGrants(p.recorder, 'sender');
  });

  it('sesEvents: permanent bounce, complaint, repeated and transient events, unknown addresses', async () => {
    const p = await program();
    const { grace, ada } = await p.people();
    const event = (e: Parameters<typeof handleDeliveryEvent>[1]) => p.recorder.as('sesEvents', () => handleDeliveryEvent(p.deps, e));

    expect(await event({ type: 'bounce', bounceType: 'Permanent', recipients: [ada.email, uniqueEmail('stranger')] })).toEqual({ suppressed: 1, ignored: 1 });
    expect(await event({ type: 'complaint', recipients: [grace.email.toUpperCase()] })).toEqual({ suppressed: 1, ignored: 0 });
    expect(await event({ type: 'complaint', recipients: [ada.email] })).toEqual({ suppressed: 0, ignored: 1 });
    expect(await event({ type: 'bounce', bounceType: 'Transient', recipients: [grace.email] })).toEqual({ suppressed: 0, ignored: 1 });
    expect(await event({ type: 'delivery', recipients: [grace.email] })).toEqual({ suppressed: 0, ignored: 1 });
    expect((await p.deps.participants.get(ada.id))?.suppressed).toBe('bounce');
    expect((await p.deps.participants.get(grace.id))?.suppressed).toBe('complaint');

    expectWithinGrants(p.recorder, 'sesEvents');
  });
});
