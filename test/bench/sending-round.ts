/**
 * One 10,000-participant round, run in a process of its own by
 * sending.bench.ts (so its peak RSS is the job's alone): the matching job
 * enqueues every intro into an in-memory queue, then two sender instances
 * (the bulk queue's maximum concurrency) drain it in batches of 10 through
 * the real sender use case at SES_MAX_SEND_RATE = 14/s, on a SIMULATED clock:
 * the token bucket's waits advance virtual time instead of sleeping, so a
 * round that takes ~15 minutes of SES time runs in seconds. 2% of the
 * messages are delivered twice, as SQS may. Prints one JSON line.
 *
 * The job's queue serializes each message as SqsEmailQueue does (its size
 * is reported) and keeps only its key, priority, template, recipients and
 * subject: in AWS the bodies live in SQS, not in the job's memory, and the
 * sender's behaviour does not depend on the HTML.
 */
import { runMatching } from '../../functions/app/use-cases/run-matching';
import { createSender, type ReceivedEmail } from '../../functions/app/use-cases/send-queued';
import type { Participant } from '../../functions/domain/participant';
import type { OutgoingEmail, RawEmail } from '../../functions/ports';
import { FixedQuota, MemorySendRateBucket, memoryDeps } from '../support/fakes';
import { generateInstance, prng } from './matching.bench';

const RATE = 14;
const AT = new Date('2026-11-30T09:00:00Z');

/** Virtual time: `sleep` registers a timer; when nothing else can run, the clock jumps to the earliest timer. */
class SimulatedClock {
  nowMs = AT.getTime();
  private timers: { at: number; resolve: () => void }[] = [];
  now = () => new Date(this.nowMs);
  sleep = (ms: number) => new Promise<void>((resolve) => this.timers.push({ at: this.nowMs + ms, resolve }));
  /** Runs until `done` settles, advancing time whenever every task is waiting for a timer. */
  async run<T>(done: Promise<T>): Promise<T> {
    let finished = false;
    void done.finally(() => (finished = true));
    while (!finished) {
      await new Promise((r) => setImmediate(r));
      if (finished || this.timers.length === 0) continue;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.nowMs = Math.max(this.nowMs, next.at);
      next.resolve();
    }
    return done;
  }
}

const env = memoryDeps({}, { sendNow: false });
const kept: ReceivedEmail['item'][] = [];
let queuedBytes = 0;
env.deps.emailQueue = {
  async enqueue(item) {
    queuedBytes += Buffer.byteLength(JSON.stringify(item));
    const email = item.email as OutgoingEmail;
    kept.push({ ...item, email: { to: email.to, replyTo: [], subject: email.subject, html: '', text: '', headers: [], tags: email.tags } });
  },
};
env.clock.current = AT;
const instance = generateInstance({ seed: 9, mentors: 4_500, mentees: 5_500 });
const createdAt = new Date(AT.getTime() - 7 * 86_400_000).toISOString();
for (const p of instance.participants) {
  const { consent: _c, roundsWaited: _r, waitingSince: _w, ...rest } = p as typeof p & { roundsWaited?: number; waitingSince?: string };
  env.participants.byId.set(p.id, {
    ...rest,
    programId: env.deps.config.id,
    status: 'waiting',
    createdAt,
    updatedAt: createdAt,
    confirmedAt: createdAt,
  } as Participant);
}

// The job: match and enqueue. Its peak RSS is this process's so far.
const jobStarted = performance.now();
const summary = await runMatching(env.deps, AT);
const jobMs = performance.now() - jobStarted;
const jobPeakRssMb = process.resourceUsage().maxRSS / 1024;
const queuedMb = queuedBytes / 1024 / 1024;

// The sender: two instances share one bucket on the simulated clock.
const clock = new SimulatedClock();
const sent = new Map<string, number>();
let lastIntroAt = 0;
const mailer = {
  async send(email: OutgoingEmail | RawEmail) {
    if ('raw' in email) throw new Error('unexpected raw email');
    const id = `${email.to.join()}|${email.subject}`;
    sent.set(id, (sent.get(id) ?? 0) + 1);
    if (email.tags.template === 'intro') lastIntroAt = clock.nowMs;
    return { messageId: `m-${sent.size}` };
  },
};
const bucket = new MemorySendRateBucket(RATE);
const senderDeps = { ...env.senderDeps, clock: { now: clock.now }, mailer, sendRate: bucket, quota: new FixedQuota(), sleep: clock.sleep };
const rnd = prng(3);
const queue: ReceivedEmail[] = [];
const queuedByJob = kept.length;
const invitationsQueued = kept.filter((item) => item.template === 'first-meeting').length;
for (const item of kept.splice(0)) {
  queue.push({ item, receiveCount: 1 });
  if (rnd() < 0.02) queue.push({ item, receiveCount: 1 }); // SQS delivers at least once
}
const deliveries = queue.length;
const duplicatesDelivered = deliveries - queuedByJob;
const outcomes: Record<string, number> = {};
const instances = [createSender(senderDeps), createSender(senderDeps)];
const drainStarted = performance.now();
await clock.run(
  Promise.all(
    instances.map(async (sender) => {
      for (let batch = queue.splice(0, 10); batch.length > 0; batch = queue.splice(0, 10)) {
        for (const result of await Promise.all(batch.map((m) => sender.send(m)))) outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      }
    }),
  ),
);
const emails = sent.size;
console.log(
  JSON.stringify({
    participants: instance.participants.length,
    pairs: summary.pairsCreated,
    introsQueued: summary.introsQueued,
    notThisRoundQueued: summary.unmatchedNotified,
    invitationsQueued,
    jobSeconds: jobMs / 1000,
    jobPeakRssMb,
    queuedMb,
    deliveries,
    duplicatesDelivered,
    outcomes,
    emailsSent: emails,
    sentTwice: [...sent.values()].filter((n) => n > 1).length,
    simulatedSecondsToLastIntro: (lastIntroAt - AT.getTime()) / 1000,
    simulatedSecondsTotal: (clock.nowMs - AT.getTime()) / 1000,
    lowerBoundSeconds: (emails - RATE) / RATE,
    tokensTaken: bucket.taken,
    drainRealSeconds: (performance.now() - drainStarted) / 1000,
  }),
);
