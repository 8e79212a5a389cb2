import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import { atExpression, EventBridgeScheduler } from '../../functions/adapters/scheduler/eventbridge-scheduler';

const options = {
  groupName: 'mentoring-demo',
  targetArn: 'arn:aws:lambda:eu-west-1:1:function:f',
  roleArn: 'arn:aws:iam::1:role/r',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:1:dlq',
};

function fakeClient(error?: Error) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      if (error) throw error;
      return {};
    },
  } as unknown as SchedulerClient;
  return { client, sent };
}

describe('EventBridgeScheduler', () => {
  it('creates a one-time at() schedule in the group that deletes itself, with retries and a DLQ', async () => {
    const { client, sent } = fakeClient();
    await new EventBridgeScheduler(client, options).scheduleOnce({
      name: 'p1-icebreakers',
      at: '2026-12-02T09:00:00.000Z',
      payload: { pairId: 'p1', step: 'icebreakers' },
    });
    expect(sent[0]).toEqual({
      name: 'CreateScheduleCommand',
      input: {
        Name: 'p1-icebreakers',
        GroupName: 'mentoring-demo',
        ScheduleExpression: 'at(2026-12-02T09:00:00)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: options.targetArn,
          RoleArn: options.roleArn,
          Input: '{"pairId":"p1","step":"icebreakers"}',
          RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 21600 },
          DeadLetterConfig: { Arn: options.deadLetterArn },
        },
      },
    });
  });

  it('treats an existing schedule as created and a missing one as cancelled', async () => {
    const conflict = fakeClient(Object.assign(new Error('exists'), { name: 'ConflictException' }));
    await expect(
      new EventBridgeScheduler(conflict.client, options).scheduleOnce({ name: 'n', at: '2026-12-02T09:00:00Z', payload: { pairId: 'p', step: 'end' } }),
    ).resolves.toBeUndefined();
    const missing = fakeClient(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
    await expect(new EventBridgeScheduler(missing.client, options).cancel('n')).resolves.toBeUndefined();
    expect(missing.sent[0]).toEqual({ name: 'DeleteScheduleCommand', input: { Name: 'n', GroupName: 'mentoring-demo' } });
    const other = fakeClient(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(new EventBridgeScheduler(other.client, options).cancel('n')).rejects.toThrow('denied');
  });

  it('drops milliseconds and zone from at()', () => {
    expect(atExpression('2026-12-02T10:30:15.123+01:00')).toBe('at(2026-12-02T09:30:15)');
  });
});
