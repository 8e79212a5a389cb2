/**
 * Sending a 10,000-participant round at SES's pace (DESIGN §9, issue 9): the
 * matching job enqueues every intro, two sender instances drain the bulk queue
 * through the real sender use case and token bucket at 14 emails/s. The
 * bucket runs on a simulated clock (its waits advance virtual time), so ~15
 * minutes of sending take about a second; the round runs in a child process
 * (test/bench/sending-round.ts) so the job's peak RSS is its own.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export async function bench(): Promise<string[]> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'sending-round.ts')], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number> & { outcomes: Record<string, number> };
  const minutes = (s: number) => `${(s / 60).toFixed(1)} min (${Math.round(s)} s)`;
  return [
    '| figure | value |',
    '|---|---|',
    `| participants / pairs | ${r.participants} / ${r.pairs} |`,
    `| emails queued by the job | ${r.introsQueued} intros + ${r.invitationsQueued} first-meeting invitations + ${r.notThisRoundQueued} "not this round" (${r.queuedMb!.toFixed(0)} MB of SQS messages) |`,
    `| matching job: time, peak RSS | ${r.jobSeconds!.toFixed(1)} s, ${r.jobPeakRssMb!.toFixed(0)} MB |`,
    `| deliveries (2% delivered twice, as SQS may) | ${r.deliveries} (${r.duplicatesDelivered} duplicates) |`,
    `| sent / duplicates skipped | ${r.outcomes.sent ?? 0} / ${r.outcomes.duplicate ?? 0} |`,
    `| emails sent twice | ${r.sentTwice} |`,
    `| simulated time until the last intro is sent, at 14/s | ${minutes(r.simulatedSecondsToLastIntro!)} |`,
    `| lower bound (all emails at exactly 14/s after a 1 s burst) | ${minutes(r.lowerBoundSeconds!)} |`,
    `| real time of the simulated drain | ${r.drainRealSeconds!.toFixed(1)} s |`,
  ];
}
