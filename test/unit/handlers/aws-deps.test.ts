import { describe, expect, it } from 'vitest';
import { awsDeps, awsSenderDeps } from '../../../functions/handlers/aws-deps';

const base = { TABLE_NAME: 't', SES_CONFIGURATION_SET: 'cs', PUBLIC_URL: 'https://x.test', AWS_REGION: 'eu-west-1' };

describe('AWS dependencies from the environment', () => {
  it('build for a function without send queues (SES events), which then refuses to queue email', async () => {
    const deps = awsDeps(base);
    await expect(deps.emailQueue.enqueue({ key: 'k', priority: 'now', template: 'confirm', email: { raw: 'x' } })).rejects.toThrow(/no send queues/);
  });

  it('take the send queues and SES_MAX_SEND_RATE where CDK sets them', () => {
    const env = { ...base, PRIORITY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/now', BULK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/bulk', SES_MAX_SEND_RATE: '30' };
    expect(awsSenderDeps(env).config.sesMaxSendRate).toBe(30);
    expect(() => awsSenderDeps(base)).toThrow(/PRIORITY_QUEUE_URL/);
  });
});
