import { describe, expect, it } from 'vitest';
import { Observability } from '../../../functions/handlers/observability';
import { digestDeps } from '../../../functions/handlers/wiring/digest';
import { jobDeps } from '../../../functions/handlers/wiring/jobs';
import { senderDeps } from '../../../functions/handlers/wiring/sender';
import { sesEventsDeps } from '../../../functions/handlers/wiring/ses-events';
import { SCHEDULER_MAX_ATTEMPTS, schedulerClient } from '../../../functions/handlers/wiring/scheduler';

const base = { TABLE_NAME: 't', PUBLIC_URL: 'https://x.test', AWS_REGION: 'eu-west-1' };
const queues = { PRIORITY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/now', BULK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/bulk' };
const scheduling = { SCHEDULE_GROUP: 'g', FOLLOWUP_FUNCTION_ARN: 'arn:f', SCHEDULER_ROLE_ARN: 'arn:r', SCHEDULER_DLQ_ARN: 'arn:q' };
const secret = { TOKEN_SECRET_ARN: 'arn:s' };
const observability = () => new Observability('test');

describe('each function builds only the dependencies it uses, from the environment CDK gives it', () => {
  it('SES events: the table alone (no secret, no queues, no SES configuration set)', () => {
    const deps = sesEventsDeps(observability(), base);
    expect(Object.keys(deps).sort()).toEqual(['clock', 'config', 'ids', 'log', 'metrics', 'participants']);
  });

  it('the digest: table, secret and queues, no schedules', () => {
    expect('scheduler' in digestDeps(observability(), { ...base, ...secret, ...queues })).toBe(false);
    expect(() => digestDeps(observability(), { ...base, ...queues })).toThrow(/TOKEN_SECRET_ARN is required/);
  });

  it('the API and the jobs: table, secret, queues and schedules, each required', () => {
    expect(jobDeps(observability(), { ...base, ...secret, ...queues, ...scheduling }).scheduler).toBeDefined();
    expect(() => jobDeps(observability(), { ...base, ...secret, ...scheduling })).toThrow(/PRIORITY_QUEUE_URL/);
    expect(() => jobDeps(observability(), { ...base, ...secret, ...queues })).toThrow(/SCHEDULE_GROUP/);
  });

  it("the scheduler client backs off adaptively when a round's burst of schedules is throttled", async () => {
    const client = schedulerClient();
    expect(client.config.retryMode).toBe('adaptive');
    expect(await client.config.maxAttempts()).toBe(SCHEDULER_MAX_ATTEMPTS);
    client.destroy();
  });

  it('the sender: SES through the configuration set, at SES_MAX_SEND_RATE; no token secret', () => {
    const { deps } = senderDeps(observability(), { ...base, ...queues, SES_CONFIGURATION_SET: 'cs', SES_MAX_SEND_RATE: '30' });
    expect(deps.config.sesMaxSendRate).toBe(30);
    expect('secrets' in deps).toBe(false);
    expect(() => senderDeps(observability(), { ...base, ...queues })).toThrow(/SES_CONFIGURATION_SET is required/);
  });
});
