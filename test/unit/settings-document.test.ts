import { describe, expect, it } from 'vitest';
import { settingsOf } from '../../functions/app/support/current-config';
import { defaultGoals } from '../../functions/domain/program';
import { parseProgramDocument, PROGRAM_SETTING_NAMES } from '../../functions/settings/read';
import { isCalendarDate } from '../../functions/settings/program-kinds';
import { testConfig } from '../support/fakes';

const valid = () => settingsOf(testConfig(), defaultGoals(2026));
const issuesOf = (document: unknown) => {
  const result = parseProgramDocument(document);
  return result.ok ? [] : result.issues;
};

describe('the program settings document', () => {
  it('is every program setting and accepts the deploy-time values with the default goals', () => {
    expect(Object.keys(valid()).sort()).toEqual([...PROGRAM_SETTING_NAMES].sort());
    expect(parseProgramDocument(valid())).toEqual({ ok: true, settings: valid() });
  });

  it('normalises what it accepts: trimmed lines, blank lines dropped, domains lower-cased, webinar start as a UTC instant', () => {
    const result = parseProgramDocument({
      ...valid(),
      iceBreakers: ['  Why? ', '', 'How?'],
      allowedEmailDomains: ['Acme.COM', '@acme.de'],
      webinar: { title: 'Kick-off', url: 'https://learn.example.com/k', at: '2027-01-14T16:00+01:00' },
    });
    expect(result.ok && result.settings).toMatchObject({
      iceBreakers: ['Why?', 'How?'],
      allowedEmailDomains: ['acme.com', 'acme.de'],
      webinar: { at: '2027-01-14T15:00:00.000Z' },
    });
  });

  it('names each problem by its dotted path', () => {
    const goals = defaultGoals(2026);
    expect(
      issuesOf({
        ...valid(),
        goals: [{ ...goals[0]!, target: 2 }, { ...goals[1]!, id: 'Bad Id', extra: 1 }, goals[0]],
        guidelines: { bestPractices: [], goalTemplate: ['ok'] },
        webinar: { title: 'x', url: 'http://plain.example.com', at: '2027-01-14T15:00Z' },
        meetingCadenceDays: 0,
        matchingCron: '0 9 * * 1',
      }).map((i) => i.path),
    ).toEqual(
      expect.arrayContaining(['goals.0', 'goals.1.id', 'goals.1.extra', 'guidelines.bestPractices', 'webinar.url', 'meetingCadenceDays', 'matchingCron']),
    );
  });

  it('wants each goal to have its own id', () => {
    const [goal] = defaultGoals(2026);
    expect(issuesOf({ ...valid(), goals: [goal, goal] })).toEqual([{ path: 'goals', message: 'goals: every goal needs its own id' }]);
  });

  it('bounds every size and reports a bounded number of issues for a hostile document', () => {
    expect(issuesOf({ ...valid(), iceBreakers: Array.from({ length: 101 }, () => 'q') })).toEqual([
      { path: 'iceBreakers', message: 'iceBreakers may hold at most 100 items' },
    ]);
    expect(issuesOf({ ...valid(), goals: Array.from({ length: 21 }, (_, i) => ({ ...defaultGoals(2026)[0]!, id: `g${i}` })) })[0]!.path).toBe('goals');
    expect(issuesOf({ ...valid(), rewardDescription: 'x'.repeat(501) })[0]!.path).toBe('rewardDescription');
    const hostile = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    expect(issuesOf({ ...valid(), ...hostile }).length).toBeLessThanOrEqual(50);
    expect(issuesOf(null)).toEqual([{ path: '', message: 'expected an object of settings' }]);
  });

  it('takes only real calendar dates as deadlines', () => {
    expect(isCalendarDate('2027-02-28')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-2-28')).toBe(false);
  });
});
