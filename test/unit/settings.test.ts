import { describe, expect, it } from 'vitest';
import { loadProgramConfig } from '../../functions/config';
import { parseProgramSettings, PROGRAM_SETTING_NAMES, readEnvironmentSettings, settingsEnvironment, SettingsError } from '../../functions/settings/read';
import { CONTEXT_KEYS, SETTINGS, SETTING_NAMES } from '../../functions/settings/settings';

describe('the settings schema', () => {
  it('declares every setting once, with a meaning, and tells deploy-time from program settings', () => {
    for (const name of SETTING_NAMES) expect(SETTINGS[name].meaning.length).toBeGreaterThan(10);
    expect(PROGRAM_SETTING_NAMES).toEqual(
      expect.arrayContaining([
        'meetingCadenceDays',
        'mentorshipWeeks',
        'incentiveMeetings',
        'matchingCron',
        'digestCron',
        'allowedEmailDomains',
        'identityLine',
        'rewardDescription',
        'signupsNeedApproval',
        'matchingMode',
        'goals',
        'guidelines',
        'webinar',
        'iceBreakers',
        'conversationStarters',
      ]),
    );
    // The admins are data the console keeps; ADMIN_EMAILS only seeds them.
    for (const deployTime of ['programId', 'senderDomain', 'replyDomain', 'publicUrl', 'sesMaxSendRate', 'hostedZoneId', 'adminEmails'])
      expect(PROGRAM_SETTING_NAMES).not.toContain(deployTime);
    // The From header is derived at synth, not a context key; structured program data has no context key either.
    for (const name of ['fromHeader', 'goals', 'guidelines', 'webinar', 'iceBreakers', 'conversationStarters']) expect(CONTEXT_KEYS).not.toContain(name);
  });

  it('round-trips every environment setting: values → environment → the same values', () => {
    const values = readEnvironmentSettings({
      PUBLIC_URL: 'https://m.acme.test',
      ALLOWED_EMAIL_DOMAINS: 'acme.test,acme.co.uk',
      ADMIN_EMAILS: 'a@acme.test,b@acme.test',
      SES_MAX_SEND_RATE: '2.5',
    });
    expect(readEnvironmentSettings(settingsEnvironment(values))).toEqual(values);
    expect(values).toMatchObject({
      allowedEmailDomains: ['acme.test', 'acme.co.uk'],
      adminEmails: ['a@acme.test', 'b@acme.test'],
      sesMaxSendRate: 2.5,
      meetingCadenceDays: 14,
    });
  });

  it('lists every problem of the environment at once, named as the variables', () => {
    const error = (() => {
      try {
        loadProgramConfig({ MEETING_CADENCE_DAYS: 'two', MATCHING_CRON: '0 9 * * 1' });
      } catch (e) {
        return e as SettingsError;
      }
    })();
    expect(error).toBeInstanceOf(SettingsError);
    expect(error?.problems).toEqual([
      'PUBLIC_URL is required',
      'MEETING_CADENCE_DAYS must be a whole number',
      expect.stringMatching(/^MATCHING_CRON must be an EventBridge cron/),
    ]);
  });

  it('validates an admin edit of the program settings: typed values, program settings only', () => {
    expect(parseProgramSettings({ meetingCadenceDays: 7, allowedEmailDomains: ['Acme.test'], digestCron: 'cron(0 7 ? * FRI *)' })).toEqual({
      meetingCadenceDays: 7,
      allowedEmailDomains: ['acme.test'],
      digestCron: 'cron(0 7 ? * FRI *)',
    });
    expect(() => parseProgramSettings({ meetingCadenceDays: '7' })).toThrow(/meetingCadenceDays must be a whole number/);
    expect(() => parseProgramSettings({ sesMaxSendRate: 50 })).toThrow(/sesMaxSendRate: a deploy-time setting/);
    expect(() => parseProgramSettings({ colour: 'blue' })).toThrow(/colour: no such setting/);
    expect(() => parseProgramSettings([])).toThrow(SettingsError);
  });
});
