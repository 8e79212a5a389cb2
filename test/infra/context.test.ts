import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { loadProgramConfig } from '../../functions/config';
import { programEnvironment } from '../../infra/constructs/bindings';
import { ContextError, formatFromHeader, readContext } from '../../infra/context';

const read = (context: Record<string, unknown>) => readContext(new App({ context }).node);

describe('deployment context', () => {
  it('has defaults that synthesize a demo program', () => {
    expect(read({})).toEqual({
      programId: 'demo',
      programName: 'Remote Mentoring Program',
      senderDomain: 'example.com',
      senderEmail: 'mentoring@example.com',
      fromHeader: 'Remote Mentoring Program <mentoring@example.com>',
      replyDomain: 'reply.example.com',
      publicUrl: undefined,
      adminEmails: ['admin@example.com'],
      identityLine: 'Example Corp · People Team · 1 Example Way, Springfield',
      meetingCadenceDays: 14,
      mentorshipWeeks: 12,
      incentiveMeetings: 3,
      rewardDescription: 'a coffee on the program',
      confirmationsPerHour: 500,
      allowedEmailDomains: [],
      signupsNeedApproval: false,
      matchingMode: 'auto',
      choiceDays: 7,
      firstMeetingMinutes: 30,
      sesMaxSendRate: 14,
      matchingCron: 'cron(0 9 ? * MON *)',
      digestCron: 'cron(0 8 ? * MON *)',
      hostedZoneId: undefined,
      alarmEmail: undefined,
      inboundReservedConcurrency: undefined,
    });
  });

  it('takes the SES send rate (sesMaxSendRate → SES_MAX_SEND_RATE), emails per second', () => {
    expect(read({ sesMaxSendRate: '50' }).sesMaxSendRate).toBe(50);
    expect(read({ sesMaxSendRate: '0.5' }).sesMaxSendRate).toBe(0.5);
    expect(() => read({ sesMaxSendRate: '0' })).toThrow(/sesMaxSendRate must be at least 0.1/);
    expect(loadProgramConfig(programEnvironment(read({ sesMaxSendRate: 40 }), 'https://x.test')).sesMaxSendRate).toBe(40);
    expect(loadProgramConfig(programEnvironment(read({}), 'https://x.test')).sesMaxSendRate).toBe(14);
  });

  it('reads the optional inbound reserved concurrency as a whole number', () => {
    expect(read({ inboundReservedConcurrency: '5' }).inboundReservedConcurrency).toBe(5);
    expect(read({ inboundReservedConcurrency: 2 }).inboundReservedConcurrency).toBe(2);
  });

  it('derives the sender and reply addresses from the sender domain', () => {
    const c = read({ senderDomain: 'Acme.Test' });
    expect(c.senderEmail).toBe('mentoring@acme.test');
    expect(c.replyDomain).toBe('reply.acme.test');
  });

  it('takes values as `-c key=value` strings or cdk.json values', () => {
    expect(read({ adminEmails: ' a@x.test, b@x.test ,', meetingCadenceDays: '7' })).toMatchObject({
      adminEmails: ['a@x.test', 'b@x.test'],
      meetingCadenceDays: 7,
    });
    expect(read({ adminEmails: ['a@x.test'], mentorshipWeeks: 8 })).toMatchObject({ adminEmails: ['a@x.test'], mentorshipWeeks: 8 });
    expect(read({ incentiveMeetings: '5' }).incentiveMeetings).toBe(5);
    expect(read({ incentiveMeetings: 2 }).incentiveMeetings).toBe(2);
    expect(read({ programId: '' }).programId).toBe('demo');
  });

  it('strips a trailing slash from the public URL and requires https', () => {
    expect(read({ publicUrl: 'https://mentoring.acme.test/' }).publicUrl).toBe('https://mentoring.acme.test');
    expect(() => read({ publicUrl: 'http://mentoring.acme.test' })).toThrow(/publicUrl must use https/);
  });

  it.each([
    [{ programId: 'Acme Corp' }, /programId/],
    [{ senderDomain: 'not a domain' }, /senderDomain must be a domain name/],
    [{ adminEmails: 'boss' }, /adminEmails/],
    [{ meetingCadenceDays: '0' }, /meetingCadenceDays must be at least 1/],
    [{ mentorshipWeeks: 'twelve' }, /mentorshipWeeks must be a whole number/],
    [{ incentiveMeetings: '0' }, /incentiveMeetings must be at least 1/],
    [{ incentiveMeetings: '2.5' }, /incentiveMeetings must be a whole number/],
    [{ matchingCron: '0 9 * * 1' }, /matchingCron must be an EventBridge cron/],
    // The functions read the crons too and only evaluate cron(...): a rate() would stop every cold start.
    [{ digestCron: 'rate(7 days)' }, /digestCron must be an EventBridge cron/],
    [{ hostedZoneId: 'example.com' }, /hostedZoneId/],
    [{ inboundReservedConcurrency: '0' }, /inboundReservedConcurrency must be at least 1/],
    [{ inboundReservedConcurrency: 'lots' }, /inboundReservedConcurrency must be a whole number/],
    [{ senderDomain: 'acme.test', senderEmail: 'mentoring@other.test' }, /senderEmail: mentoring@other.test is not on senderDomain acme.test/],
  ])('rejects %j naming the key', (context, message) => {
    expect(() => read(context)).toThrow(ContextError);
    expect(() => read(context)).toThrow(message);
  });

  it('accepts a sender address on a subdomain of the sender domain', () => {
    expect(read({ senderDomain: 'acme.test', senderEmail: 'Hello@Mail.Acme.Test' }).senderEmail).toBe('hello@mail.acme.test');
  });

  it('formats a From header SES accepts', () => {
    expect(formatFromHeader('Acme Mentoring', 'm@acme.test')).toBe('Acme Mentoring <m@acme.test>');
    expect(formatFromHeader('Acme, Inc. "People"', 'm@acme.test')).toBe('"Acme, Inc. \\"People\\"" <m@acme.test>');
    expect(formatFromHeader('Mentorat Équipe', 'm@acme.test')).toBe(`=?UTF-8?B?${Buffer.from('Mentorat Équipe').toString('base64')}?= <m@acme.test>`);
    expect(formatFromHeader('Evil\r\nBcc: x@y.test', 'm@acme.test')).toBe('"Evil Bcc: x@y.test" <m@acme.test>');
  });

  it('reads the sign-up protection settings: the hourly confirmation cap and the allowed domains', () => {
    expect(read({ confirmationsPerHour: '120', allowedEmailDomains: ' Acme.com, @acme.co.uk ,' })).toMatchObject({
      confirmationsPerHour: 120,
      allowedEmailDomains: ['acme.com', 'acme.co.uk'],
    });
    expect(read({ allowedEmailDomains: ['acme.com'] }).allowedEmailDomains).toEqual(['acme.com']);
    expect(() => read({ confirmationsPerHour: '0' })).toThrow(/confirmationsPerHour must be at least 1/);
    expect(() => read({ allowedEmailDomains: 'acme' })).toThrow(/allowedEmailDomains must be a comma-separated list of domains/);
    const config = loadProgramConfig(programEnvironment(read({ confirmationsPerHour: 50, allowedEmailDomains: 'acme.com,acme.de' }), 'https://x.test'));
    expect(config).toMatchObject({ confirmationsPerHour: 50, allowedEmailDomains: ['acme.com', 'acme.de'] });
    expect(loadProgramConfig(programEnvironment(read({}), 'https://x.test'))).toMatchObject({
      confirmationsPerHour: 500,
      allowedEmailDomains: [],
    });
  });

  it('produces program settings the functions accept', () => {
    const c = read({ programId: 'acme', adminEmails: 'a@x.test,b@x.test', meetingCadenceDays: '7', incentiveMeetings: '4' });
    const config = loadProgramConfig(programEnvironment(c, 'https://abc.execute-api.eu-west-1.amazonaws.com'));
    expect(config).toMatchObject({
      id: 'acme',
      sender: 'Remote Mentoring Program <mentoring@example.com>',
      replyDomain: 'reply.example.com',
      publicUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com',
      admins: ['a@x.test', 'b@x.test'],
      meetingCadenceDays: 7,
      mentorshipWeeks: 12,
      incentiveMeetings: 4,
    });
  });
});
