/**
 * Faults (issue 9): a matching round, a follow-up firing and a digest converge
 * when the database or SES fails in the middle. Each failing run is a "process"
 * of its own (fresh clients); when it fails, it is killed (no call of it lands
 * later), and the next run starts from whatever the table holds. Jobs only
 * enqueue; each process also has a sender that drains the table-backed send
 * queue into the SES emulator, so SES faults happen where they do in AWS: in
 * the sender. A process's `later()` moves the queue's clock past every lease
 * and backoff, as the time SQS would wait.
 *
 * DynamoDB Local here is this file's own, with its data on disk, so one test can
 * really stop the process mid-round and start it again on the same files.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoSendRateBucket } from '../../functions/adapters/dynamodb/send-rate-bucket';
import { TableEmailQueue } from '../../functions/adapters/local/table-email-queue';
import { SesMailer, unlimitedQuota } from '../../functions/adapters/ses/ses-mailer';
import { systemClock } from '../../functions/adapters/system';
import { createSender } from '../../functions/app/use-cases/send-queued';
import { digestVars } from '../../functions/app/support/digest-email';
import { loadDigestInputs } from '../../functions/app/support/load-digest-inputs';
import { runFollowUp } from '../../functions/app/use-cases/run-follow-up';
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { sendDigest } from '../../functions/app/use-cases/send-digest';
import { isoWeekOf } from '../../functions/domain/kpi/iso-week';
import { computeKpis } from '../../functions/domain/kpi/kpis';
import { scheduleName, type Pair } from '../../functions/domain/pair';
import type { Participant } from '../../functions/domain/participant';
import type { ProgramConfig } from '../../functions/domain/program';
import { localDeps } from '../../scripts/local/deps';
import { localDynamoClient } from '../../scripts/local/dynamodb-local';
import { drainLocalQueue } from '../../scripts/local/local-sender';
import {
  barrier,
  connectionRefused,
  dedicatedDynamoDb,
  dynamoFaults,
  isPairEnd,
  isPairWrite,
  isSend,
  isSentMark,
  sesFaults,
  sesThrottled,
  sesTimeout,
  sesUnavailable,
  type DbCall,
} from '../support/faults';
import { FixedClock, testConfig } from '../support/fakes';
import { inbox, sesClient, uniqueEmail, type StoredEmail } from '../support/local-services';
import { mentee, mentor } from '../support/people';

const AT = new Date('2026-11-30T09:00:00Z');
const TIMELINE_STEPS = ['icebreakers', 'starters', 'checkin-1', 'checkin-2', 'checkin-3', 'checkin-4', 'checkin-5', 'end'] as const;

interface Program {
  tableName: string;
  config: ProgramConfig;
  clock: FixedClock;
  /** The DynamoDB Local it lives in: the shared one, or a test's own. */
  ddbPort: number;
  /** How far the send queue's clock runs ahead of the wall clock (see `later`). */
  queueAheadMs: number;
}

async function newProgram(ddbPort: number = inject('ddbPort')): Promise<Program> {
  const tableName = `faults-${randomUUID()}`;
  const client = localDynamoClient(ddbPort);
  await ensureTable(client, tableName);
  client.destroy();
  // A unique admin address per test, so digests are counted per test in the shared SES emulator.
  return { tableName, config: testConfig({ admins: [uniqueEmail('admin')] }), clock: new FixedClock(AT), ddbPort, queueAheadMs: 0 };
}

/** One run of a job and a sender: their own clients (fresh Lambda instances), with fault hooks on both. */
function process_(program: Program) {
  const dynamo = localDynamoClient(program.ddbPort);
  const ses = sesClient();
  const db = dynamoFaults(dynamo);
  const mail = sesFaults(ses);
  const deps = localDeps({ config: program.config, dynamo, ses, tableName: program.tableName, secret: 'faults-secret', clock: program.clock, quiet: true });
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  deps.emailQueue = new TableEmailQueue(doc, program.tableName, program.config.id, () => Date.now() + program.queueAheadMs);
  const sender = createSender({
    config: program.config,
    clock: systemClock,
    emailLog: deps.emailLog,
    emailQueue: deps.emailQueue,
    adminAddresses: deps.adminAddresses,
    mailer: new SesMailer(ses, { from: program.config.sender }),
    sendRate: new DynamoSendRateBucket(doc, program.tableName, program.config.id, 1000),
    quota: unlimitedQuota,
  });
  return {
    deps,
    db,
    mail,
    /** The sender drains what the queue shows now (a send that throws leaves its message leased, as in SQS). */
    send: () => drainLocalQueue(deps.emailQueue, sender),
    /** Time passes: every lease and backoff in the queue is over. */
    later() {
      program.queueAheadMs += 16 * 60_000;
    },
    /** The run failed: its process is gone (nothing of it lands later). */
    async die() {
      await Promise.all([db.kill(), mail.kill()]);
      dynamo.destroy();
      ses.destroy();
    },
    close() {
      dynamo.destroy();
      ses.destroy();
    },
  };
}

async function people(program: Program, label: string, mentors: number, mentees: number, capacity: number) {
  const run = process_(program);
  const out = {
    mentors: await Promise.all(Array.from({ length: mentors }, (_, i) => mentor(run.deps, `${label} Mentor${i}`, { capacity }))),
    mentees: await Promise.all(Array.from({ length: mentees }, (_, i) => mentee(run.deps, `${label} Mentee${i}`))),
  };
  run.close();
  return out;
}

/** A producer claims an email (`queued`) before it puts it in the queue. */
const isClaim = (call: DbCall) => call.command === 'PutItemCommand' && (call.input.Item as { state?: string } | undefined)?.state === 'queued';
const isEnqueue = (call: DbCall) => call.command === 'PutItemCommand' && (call.input.Item as { type?: string } | undefined)?.type === 'queued_email';
const isSnapshotWrite = (call: DbCall) => call.command === 'PutItemCommand' && (call.input.Item as { type?: string } | undefined)?.type === 'stats_snapshot';

const subjects = async (address: string) => (await inbox(address)).map((m) => m.subject);

/** Subjects by recipient, from one read of the SES emulator's store (it holds every test's emails). */
async function subjectsByRecipient(): Promise<(address: string) => string[]> {
  const { emails } = (await (await fetch(`http://127.0.0.1:${inject('sesPort')}/store`)).json()) as { emails: StoredEmail[] };
  return (address) => emails.filter((e) => e.destination.to.includes(address)).map((e) => e.subject);
}

/**
 * The round converged: the most pairs the pool allows, nobody twice, every
 * mentor's counter equal to their active pairs and within capacity, every pair
 * set up (its two intros sent, its timeline scheduled), and every person holding
 * exactly the emails they should: one intro per pair, one "not this round" if left out.
 */
async function expectConverged(deps: ReturnType<typeof localDeps>, cast: Awaited<ReturnType<typeof people>>, capacity: number) {
  const pairs = (await deps.pairs.all(deps.config.id)).filter((p) => p.status !== 'ended');
  const refs = pairs.map((p) => `${p.mentorId}|${p.menteeId}`);
  expect(new Set(refs).size).toBe(refs.length);
  expect(pairs).toHaveLength(Math.min(cast.mentees.length, cast.mentors.length * capacity));

  const byId = new Map<string, Participant>([...cast.mentors, ...cast.mentees].map((p) => [p.id, p]));
  const pairsOf = (id: string) => pairs.filter((p) => p.mentorId === id || p.menteeId === id);
  for (const m of cast.mentors) {
    const stored = (await deps.participants.get(m.id))!;
    const mine = pairsOf(m.id).length;
    expect(mine).toBeLessThanOrEqual(capacity);
    expect(stored.activePairs ?? 0).toBe(mine);
    expect(stored.status).toBe(mine >= capacity ? 'matched' : 'waiting');
  }
  for (const e of cast.mentees) {
    const stored = (await deps.participants.get(e.id))!;
    const mine = pairsOf(e.id).length;
    expect(mine).toBeLessThanOrEqual(1);
    expect({ activePairs: stored.activePairs ?? 0, status: stored.status }).toEqual(
      mine === 1 ? { activePairs: 1, status: 'matched' } : { activePairs: 0, status: 'waiting' },
    );
  }

  expect(await deps.pairs.pendingSetup(deps.config.id)).toEqual([]);
  const due = new Set((await deps.scheduler.due('2028-01-01T00:00:00Z')).map((s) => s.name));
  for (const pair of pairs) {
    for (const step of TIMELINE_STEPS) expect(due.has(scheduleName(pair.id, step))).toBe(true);
    expect(due.has(scheduleName(pair.id, 'nudge-1', pair.createdAt))).toBe(true);
    // `sending`: SES took it but the sender died before marking it (the inbox check below shows it arrived once).
    for (const member of [pair.mentorId, pair.menteeId]) expect(['sent', 'sending']).toContain((await deps.emailLog.get(`intro#${pair.id}#${member}`))?.state);
  }

  // Per recipient and template, from the SES emulator: exactly the expected emails, none twice.
  const partnerOf = (pair: Pair, id: string) => byId.get(pair.mentorId === id ? pair.menteeId : pair.mentorId)!;
  const received = await subjectsByRecipient();
  for (const person of byId.values()) {
    const expected = pairsOf(person.id).map((pair) => {
      const partner = partnerOf(pair, person.id);
      return `Meet your ${partner.role}: ${partner.name}`;
    });
    if (expected.length === 0) expected.push("No match this round, but you're first in line for the next");
    // Each pair's first-meeting invitation (a separate email after the intros): one per pair and member, none twice.
    const invitation = (s: string) => s.startsWith('Your first meeting: ');
    expect(
      received(person.email)
        .filter((s) => !invitation(s))
        .sort(),
    ).toEqual(expected.sort());
    expect(received(person.email).filter(invitation)).toHaveLength(pairsOf(person.id).length);
  }
  return pairs;
}

describe('a matching round converges when the database or SES fails in the middle', () => {
  it('database outages mid-writes, mid-setup and mid-send: each failed run is re-run until the round is whole', { timeout: 60_000 }, async () => {
    const program = await newProgram();
    const cast = await people(program, 'Outage', 3, 7, 2);

    // Run 1: the database goes away right after the third pair is written.
    const first = process_(program);
    first.db.after(3, isPairWrite);
    await expect(runMatching(first.deps, AT)).rejects.toThrow();
    await first.die();

    const check = process_(program);
    const written = await check.deps.pairs.all(program.config.id);
    expect(written.length).toBeGreaterThanOrEqual(3);
    // A pair and its members' counters are one transaction: even now, no counter disagrees with the pairs.
    for (const m of cast.mentors) {
      expect((await check.deps.participants.get(m.id))?.activePairs ?? 0).toBe(written.filter((p) => p.mentorId === m.id).length);
    }
    expect(await check.deps.pairs.pendingSetup(program.config.id)).toHaveLength(written.length);

    // Run 2: this time it goes away as the third intro is queued (after two), and a sender drains what it queued.
    // At the third enqueue, not after the second completes: the intros render between claim and enqueue, so by
    // the time two enqueues come back all twelve may be on the wire, and run 3 would find nothing left to queue.
    const second = process_(program);
    second.db.failWhen(isEnqueue, () => ((second.db.down = true), connectionRefused()), 3);
    await expect(runMatching(second.deps, AT)).rejects.toThrow();
    await second.die();
    // What it queued before it died (calls already on the wire landed) is sent, each once.
    const queuedBeforeDeath = second.db.completed.filter(isEnqueue).length;
    expect(queuedBeforeDeath).toBe(2);
    const drainer = process_(program);
    await drainer.send();
    expect(drainer.mail.completed.filter(isSend)).toHaveLength(queuedBeforeDeath);

    // Run 3: the database is back; a sender that dies after two more sends, and another that finishes.
    const third = process_(program);
    const summary = await runMatching(third.deps, AT);
    expect(summary.introsQueued).toBeGreaterThan(0);
    const dyingSender = process_(program);
    dyingSender.db.after(2, isSentMark);
    await expect(dyingSender.send()).rejects.toThrow(/ECONNREFUSED/); // its next receive finds the database gone
    await dyingSender.die();
    third.later();
    await third.send();
    await expectConverged(third.deps, cast, 2);

    // And a fourth run has nothing left to do.
    expect(await runMatching(third.deps, AT)).toMatchObject({ pairsCreated: 0, pairsSetUp: 0, introsQueued: 0, unmatchedNotified: 0 });
    await expectConverged(third.deps, cast, 2);
    for (const run of [third, check, drainer]) run.close();
  });

  // Two starts of a JVM: generous on a loaded machine.
  it('DynamoDB Local really stopped after two pairs are written, then restarted on the same data', { timeout: 120_000 }, async () => {
    // A DynamoDB Local of this test's own, its data on disk, so it can be stopped and started again.
    const ddb = await dedicatedDynamoDb();
    try {
      const program = await newProgram(ddb.port);
      const cast = await people(program, 'Restart', 3, 5, 2);

      const first = process_(program);
      let stopped = false;
      first.db.after(2, isPairWrite, async () => {
        stopped = true;
        await ddb.stop();
      });
      await expect(runMatching(first.deps, AT)).rejects.toThrow();
      expect(stopped).toBe(true);
      await first.die();

      await ddb.start();
      const check = process_(program);
      // What was written before the stop survived it (the data is on disk).
      expect((await check.deps.pairs.all(program.config.id)).length).toBeGreaterThanOrEqual(2);
      check.close();

      const second = process_(program);
      await runMatching(second.deps, AT);
      await second.send();
      await expectConverged(second.deps, cast, 2);
      second.close();
    } finally {
      await ddb.dispose();
    }
  });

  it(
    'SES failing (503) after three sends: nothing is lost or failed, and the sender sends exactly the missing ones once SES is back',
    { timeout: 60_000 },
    async () => {
      const program = await newProgram();
      const cast = await people(program, 'SesDown', 2, 5, 2);

      const first = process_(program);
      const summary = await runMatching(first.deps, AT);
      // The round only queues: 4 pairs, 8 intros, 1 "not this round".
      expect(summary).toMatchObject({ pairsCreated: 4, pairsSetUp: 4, introsQueued: 8, unmatched: 1, unmatchedNotified: 1 });
      first.mail.failWhen(isSend, sesUnavailable, 4);
      await first.send();
      expect(first.mail.completed.filter(isSend)).toHaveLength(3);
      first.close();

      // Every email that did not go out is back in the queue (`queued`), none failed; the pairs are set up.
      // The three sent are the queue's oldest: intros, or an invitation queued in the same millisecond as the last intro
      // (the queue, like SQS, does not order messages of the same instant).
      const check = process_(program);
      const pairs = await check.deps.pairs.all(program.config.id);
      const states = (prefix: 'intro' | 'first-meeting') =>
        Promise.all(
          pairs.flatMap((p) =>
            [p.mentorId, p.menteeId].map(async (m) => {
              const suffix = prefix === 'intro' ? '' : `#${p.firstMeeting?.sequence ?? 0}`;
              return (await check.deps.emailLog.get(`${prefix}#${p.id}#${m}${suffix}`))?.state;
            }),
          ),
        );
      const [intros, invitations] = await Promise.all([states('intro'), states('first-meeting')]);
      const all = [...intros, ...invitations];
      expect(all.filter((s) => s === 'sent')).toHaveLength(3);
      expect(all.filter((s) => s === 'queued')).toHaveLength(13);
      expect(intros.filter((s) => s === 'sent').length).toBeGreaterThanOrEqual(2);
      expect(await check.deps.pairs.pendingSetup(program.config.id)).toEqual([]);
      check.close();

      const second = process_(program);
      second.later();
      await second.send();
      // The intros that had not gone out, and the eight first-meeting invitations queued after them.
      expect(second.mail.completed.filter(isSend)).toHaveLength(14);
      await expectConverged(second.deps, cast, 2);
      second.close();
    },
  );

  it('a lost "sent" mark, or an SES answer that never came: that intro stays "sending" (reported, never resent)', async () => {
    const program = await newProgram();
    const cast = await people(program, 'LostMark', 3, 3, 1);

    const first = process_(program);
    await runMatching(first.deps, AT);
    // The database drops the first "sent" mark after SES accepted the email; SES's answer to the second send is lost.
    first.db.failWhen(isSentMark, connectionRefused, 1, 1);
    first.mail.after(2, isSend, () => {
      throw sesTimeout();
    });
    await first.send();
    await first.die();

    const second = process_(program);
    second.later();
    await second.send();
    await runMatching(second.deps, AT);
    second.later();
    await second.send();
    // SES accepted six intros and six first-meeting invitations in all, each once.
    expect(first.mail.completed.filter(isSend).length + second.mail.completed.filter(isSend).length).toBe(12);
    const pairs = await second.deps.pairs.all(program.config.id);
    const states = await Promise.all(
      pairs.flatMap((p) => [p.mentorId, p.menteeId].map(async (m) => (await second.deps.emailLog.get(`intro#${p.id}#${m}`))?.state)),
    );
    expect(states.sort()).toEqual(['sending', 'sending', 'sent', 'sent', 'sent', 'sent']);
    expect(await second.deps.pairs.pendingSetup(program.config.id)).toEqual([]);
    for (const p of [...cast.mentors, ...cast.mentees]) expect((await subjects(p.email)).filter((s) => !s.startsWith('Your first meeting: '))).toHaveLength(1);
    // The digest reports them as emails in an unknown state once they are older than any sender invocation.
    expect(await second.deps.emailLog.countUnknown(program.config.id, new Date(Date.now() + 60 * 60_000).toISOString())).toBe(2);
    second.close();
  });
});

describe('a follow-up firing converges on re-fire', () => {
  async function pairedProgram(label: string) {
    const program = await newProgram();
    const cast = await people(program, label, 1, 1, 1);
    const setup = process_(program);
    await runMatching(setup.deps, AT);
    await setup.send();
    const [pair] = await setup.deps.pairs.all(program.config.id);
    setup.close();
    program.clock.current = new Date('2026-12-03T09:00:00Z');
    return { program, pair: pair!, members: [cast.mentors[0]!, cast.mentees[0]!] };
  }

  it('the database fails after the first member is claimed: the re-fire queues the other, and nobody gets two', async () => {
    const { program, pair, members } = await pairedProgram('FollowDb');
    const first = process_(program);
    first.db.after(1, isClaim);
    await expect(runFollowUp(first.deps, { pairId: pair.id, step: 'icebreakers' })).rejects.toThrow();
    await first.die();

    const second = process_(program);
    expect(await runFollowUp(second.deps, { pairId: pair.id, step: 'icebreakers' })).toBe('done');
    // And a late duplicate firing changes nothing.
    expect(await runFollowUp(second.deps, { pairId: pair.id, step: 'icebreakers' })).toBe('done');
    await second.send();
    for (const m of members) expect((await subjects(m.email)).filter((s) => s.startsWith('Three ice-breakers'))).toHaveLength(1);
    second.close();
  });

  it('SES throttles the second send three times: it goes back to the queue with a growing backoff and is sent once', async () => {
    const { program, pair, members } = await pairedProgram('FollowSes');
    const first = process_(program);
    first.mail.failWhen(isSend, sesThrottled, 2, 3);
    expect(await runFollowUp(first.deps, { pairId: pair.id, step: 'checkin-1' })).toBe('done');
    await first.send();
    const key = (m: Participant) => `checkin#${pair.id}#${m.id}#1`;
    expect((await Promise.all(members.map((m) => first.deps.emailLog.get(key(m))))).map((s) => s?.state).sort()).toEqual(['queued', 'sent']);
    // Each throttle: back to `queued`, visible again only after its backoff.
    for (let throttles = 1; throttles <= 3; throttles++) {
      expect(first.mail.failed).toBe(throttles);
      await first.send();
      expect(first.mail.failed).toBe(throttles);
      first.later();
      await first.send();
    }
    expect((await Promise.all(members.map((m) => first.deps.emailLog.get(key(m))))).map((s) => s?.state)).toEqual(['sent', 'sent']);
    // A re-fire sends nothing more.
    expect(await runFollowUp(first.deps, { pairId: pair.id, step: 'checkin-1' })).toBe('done');
    await first.send();
    expect(first.mail.completed.filter(isSend)).toHaveLength(2);
    for (const m of members) expect((await subjects(m.email)).filter((s) => s.startsWith('Did you'))).toHaveLength(1);
    first.close();
  });

  it('a check-in firing that dies after queueing, before counting: the re-fire counts each request once', async () => {
    const { program, pair, members } = await pairedProgram('FollowCount');
    const first = process_(program);
    first.db.after(2, isEnqueue);
    await expect(runFollowUp(first.deps, { pairId: pair.id, step: 'checkin-1' })).rejects.toThrow();
    await first.die();

    const second = process_(program);
    await runFollowUp(second.deps, { pairId: pair.id, step: 'checkin-1' });
    await second.send();
    await runFollowUp(second.deps, { pairId: pair.id, step: 'checkin-1' });
    const week = isoWeekOf(program.clock.now().getTime());
    const { weeks } = await second.deps.stats.read(program.config.id, [week], []);
    expect(weeks[0]?.counts.checkin_requests).toBe(2);
    for (const m of members) expect((await subjects(m.email)).filter((s) => s.startsWith('Did you'))).toHaveLength(1);
    second.close();
  });
  it("both pairs of a capacity-2 mentor end at the same moment (two firings at once): the mentor's counter reaches zero", async () => {
    const program = await newProgram();
    const cast = await people(program, 'EndRace', 1, 2, 2);
    const setup = process_(program);
    await runMatching(setup.deps, AT);
    const pairs = await setup.deps.pairs.all(program.config.id);
    expect(pairs).toHaveLength(2);
    setup.close();
    program.clock.current = new Date(pairs[0]!.endsAt);

    // Paired in one round, so their "end" schedules fire together (in AWS, two Lambda invocations at once).
    const [a, b] = [process_(program), process_(program)];
    // Both have read the mentor (activePairs 2) before either writes: the race, every time.
    const bothRead = barrier(2);
    a.db.hold(isPairEnd, bothRead);
    b.db.hold(isPairEnd, bothRead);
    await Promise.all([runFollowUp(a.deps, { pairId: pairs[0]!.id, step: 'end' }), runFollowUp(b.deps, { pairId: pairs[1]!.id, step: 'end' })]);
    expect(await a.deps.participants.get(cast.mentors[0]!.id)).toMatchObject({ activePairs: 0, status: 'alumni' });
    for (const e of cast.mentees) expect(await a.deps.participants.get(e.id)).toMatchObject({ activePairs: 0, status: 'alumni' });
    a.close();
    b.close();
  });
});

/** A program whose first round has run, with the clock at the next Monday's digest. */
async function matchedForDigest(label: string, mentors: number, mentees: number) {
  const program = await newProgram();
  await people(program, label, mentors, mentees, 1);
  const setup = process_(program);
  await runMatching(setup.deps, AT);
  await setup.send();
  setup.close();
  const [admin] = program.config.admins as [string];
  const digestAt = new Date('2026-12-07T08:00:00Z');
  program.clock.current = digestAt;
  return { program, admin, digestAt };
}

describe('a digest converges to exactly one admin email with the right numbers', () => {
  it('fails after its snapshot, then on SES, then after SES accepted it: still one email, and the numbers of a clean run', async () => {
    const { program, admin, digestAt } = await matchedForDigest('Digest', 2, 3);

    // What a clean run would report (reading changes nothing).
    const reader = process_(program);
    const expected = computeKpis(await loadDigestInputs(reader.deps, digestAt.getTime()), program.config, digestAt.getTime());
    reader.close();
    expect(expected.matching.newPairsThisWeek).toBe(2);
    const { headline } = digestVars(expected, program.config, { exportUrl: 'http://x', dashboardUrl: 'http://x' });

    // 1: the database goes away right after the week's snapshot is kept.
    const one = process_(program);
    one.db.after(1, isSnapshotWrite);
    await expect(sendDigest(one.deps, digestAt)).rejects.toThrow();
    await one.die();
    expect(await inbox(admin)).toHaveLength(0);

    // 2: queued, but SES is unavailable: back in the queue, nothing sent.
    const two = process_(program);
    two.mail.failWhen(isSend, sesUnavailable);
    expect((await sendDigest(two.deps, digestAt)).outcome).toBe('queued');
    await two.send();
    expect(two.mail.failed).toBe(1);
    two.close();

    // 3: SES takes it, then the database goes away before it is marked sent.
    const three = process_(program);
    three.later();
    three.db.failWhen(isSentMark, connectionRefused);
    await three.send();
    expect(three.mail.completed.filter(isSend)).toHaveLength(1);
    await three.die();

    // 4: all is well again; the email already went out, so nothing is sent twice.
    const four = process_(program);
    const last = await sendDigest(four.deps, digestAt);
    expect(last.outcome).toBe('skipped');
    // The numbers of a clean run, and the digest email itself reported as in an unknown state (SES took it, unmarked).
    expect(last.kpis).toEqual({ ...expected, deliverability: { ...expected.deliverability, emailsUnknown: 1 } });
    four.later();
    await four.send();
    expect(four.mail.completed.filter(isSend)).toHaveLength(0);
    four.close();

    const emails = await inbox(admin);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toContain(headline);
    expect(emails[0]?.subject).toContain('2 new pairs');
  });

  it('a digest that failed before its email re-runs to one email', async () => {
    const { program, admin, digestAt } = await matchedForDigest('Digest2', 1, 1);

    // The claim itself fails (the outage starts with the email's first write).
    const one = process_(program);
    one.db.failWhen(isClaim, connectionRefused);
    await expect(sendDigest(one.deps, digestAt)).rejects.toThrow();
    await one.die();

    const two = process_(program);
    expect((await sendDigest(two.deps, digestAt)).outcome).toBe('queued');
    await two.send();
    expect((await sendDigest(two.deps, digestAt)).outcome).toBe('skipped');
    two.close();
    const emails = await inbox(admin);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toContain('1 new pair');
  });
});
