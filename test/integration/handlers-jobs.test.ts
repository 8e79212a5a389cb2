/**
 * The job functions through their real entry points with what EventBridge Scheduler sends:
 * the recurring schedules' input (context attributes of the firing; `{}` from an older schedule)
 * for matching and the digest, and a one-time schedule's own payload for a follow-up step.
 * Against DynamoDB Local, the SES emulator and the stand-in for Scheduler and Secrets Manager.
 */
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduledJobInput } from '../../functions/handlers/scheduled-input';
import { localDeps } from '../../scripts/local/deps';
import { startAwsStandIn, type AwsStandIn } from '../support/aws-stand-in';
import { testConfig } from '../support/fakes';
import { capturedLines, HANDLER_PROGRAM_ID, lambdaContext, senderDelivery, setHandlerEnv } from '../support/handler-env';
import { freshTable, inbox, registerSender, sesClient } from '../support/local-services';
import { mentee, mentor } from '../support/people';

type Handler<E> = (event: E, context: Context) => Promise<void>;

const HOURLY = 'cron(0 * * * ? *)';

let standIn: AwsStandIn;
let table: Awaited<ReturnType<typeof freshTable>>;
let match: Handler<ScheduledJobInput>;
let digest: Handler<ScheduledJobInput>;
let followup: Handler<Record<string, unknown>>;

beforeAll(async () => {
  standIn = await startAwsStandIn();
  table = await freshTable();
  // Version 1 of the program's settings: rounds and digests due every hour, so the real clock always has one due.
  setHandlerEnv({ tableName: table.tableName, standIn, extra: { MATCHING_CRON: HOURLY, DIGEST_CRON: HOURLY } });
  registerSender(senderDelivery(standIn));
  ({ handler: match } = (await import('../../functions/handlers/match')) as unknown as { handler: Handler<ScheduledJobInput> });
  ({ handler: digest } = (await import('../../functions/handlers/digest')) as unknown as { handler: Handler<ScheduledJobInput> });
  ({ handler: followup } = (await import('../../functions/handlers/followup')) as unknown as { handler: Handler<Record<string, unknown>> });
});
afterAll(() => standIn.close());

/** The recurring schedule's input (infra/constructs/scheduling.ts), with the context attributes filled in. */
const firing = (name: string): ScheduledJobInput => ({
  scheduleArn: `arn:aws:scheduler:eu-west-1:123456789012:schedule/mentoring-${HANDLER_PROGRAM_ID}/${name}`,
  executionId: `exec-${name}-${Math.random().toString(36).slice(2)}`,
  scheduledTime: '2026-11-30T09:00:00Z',
});

describe('job handlers (EventBridge Scheduler input)', () => {
  it('match: pairs the pool, sends the intros, creates the one-time follow-ups; a follow-up fires from its own payload', async () => {
    const seed = localDeps({
      config: testConfig({ id: HANDLER_PROGRAM_ID }),
      dynamo: table.client,
      ses: sesClient(),
      tableName: table.tableName,
      secret: standIn.secret,
      quiet: true,
    });
    const grace = await mentor(seed, 'Grace Hopper');
    const ada = await mentee(seed, 'Ada Lovelace');

    const input = firing('matching');
    const { lines } = await capturedLines(() => match(input, lambdaContext('match')));

    const [pair] = await seed.pairs.pairsOf(ada.id);
    expect(pair).toMatchObject({ mentorId: grace.id, menteeId: ada.id, status: 'active' });
    expect((await inbox(ada.email)).map((m) => m.subject).join()).toMatch(/intro|meet|Grace/i);
    const run = lines.find((l) => l.message === 'matching_run');
    expect(run).toMatchObject({ function: 'match', programId: HANDLER_PROGRAM_ID, correlation_id: input.executionId, pairsCreated: 1 });
    expect(lines.filter((l) => l._aws).find((l) => 'PairsCreated' in l)).toMatchObject({ PairsCreated: 1, ProgramId: HANDLER_PROGRAM_ID });
    expect(JSON.stringify(lines)).not.toMatch(new RegExp(`${ada.email}|${grace.email}|Lovelace|Hopper`));

    // The timeline went to EventBridge Scheduler as one-time schedules in the program's group.
    const timeline = [...standIn.schedules.entries()].filter(([, s]) => (s.input as { pairId?: string }).pairId === pair!.id);
    expect(timeline.length).toBeGreaterThan(2);
    for (const [, s] of timeline) {
      expect(s.group).toBe(`mentoring-${HANDLER_PROGRAM_ID}`);
      expect(s.expression).toMatch(/^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/);
    }

    // One of them fires: the follow-up function gets exactly the schedule's Input.
    const [name, icebreakers] = timeline.find(([, s]) => (s.input as { step?: string }).step === 'icebreakers')!;
    const fired = await capturedLines(() => followup(icebreakers.input as Record<string, unknown>, lambdaContext('followup')));
    expect(fired.lines.find((l) => l.message === 'followup')).toMatchObject({ function: 'followup', step: 'icebreakers', correlation_id: name });
  });

  it('followup: drops a malformed payload (logged, not retried into the dead-letter queue)', async () => {
    const { lines } = await capturedLines(() => followup({ pairId: 42, step: 'dance' }, lambdaContext('followup')));
    expect(lines.find((l) => l.message === 'followup_bad_payload')).toMatchObject({ level: 'ERROR' });
  });

  it('digest: an older schedule sending {} still runs the digest to the admins', async () => {
    const { lines } = await capturedLines(() => digest({}, lambdaContext('digest')));
    expect(lines.find((l) => l.message === 'digest_run')).toMatchObject({ function: 'digest', programId: HANDLER_PROGRAM_ID });
    expect((await inbox('admin.handlers@example.com')).length).toBeGreaterThan(0);
  });

  it('digest: another heartbeat (or a retry) for the same scheduled time sends nothing more; the firing’s execution id is the correlation id', async () => {
    const before = (await inbox('admin.handlers@example.com')).length;
    const input = firing('digest');
    const { lines } = await capturedLines(() => digest(input, lambdaContext('digest')));
    expect(lines.find((l) => l.message === 'digest_skipped')).toMatchObject({ correlation_id: input.executionId, reason: 'already_run' });
    expect(lines.find((l) => l.message === 'digest_run')).toBeUndefined();
    expect(await inbox('admin.handlers@example.com')).toHaveLength(before);
  });
});
