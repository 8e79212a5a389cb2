import { describe, expect, it } from 'vitest';
import { isTimelineStep, pairEndsAt, pairTimeline, scheduleName } from '../../functions/domain/pair';
import { pickQuestions, introIceBreaker } from '../../functions/domain/catalogue-pick';
import { overlapSummary, toolSuggestion } from '../../functions/domain/intro-content';
import { DEFAULT_ICE_BREAKERS } from '../../functions/domain/program';

describe('pair timeline', () => {
  it('schedules ice-breakers, starters, a check-in per cadence and the end', () => {
    const steps = pairTimeline('2026-11-30T09:00:00.000Z', { meetingCadenceDays: 14, mentorshipWeeks: 12 });
    expect(steps).toEqual([
      { step: 'icebreakers', at: '2026-12-02T09:00:00.000Z' },
      { step: 'starters', at: '2026-12-09T09:00:00.000Z' },
      { step: 'checkin-1', at: '2026-12-14T09:00:00.000Z' },
      { step: 'checkin-2', at: '2026-12-28T09:00:00.000Z' },
      { step: 'checkin-3', at: '2027-01-11T09:00:00.000Z' },
      { step: 'checkin-4', at: '2027-01-25T09:00:00.000Z' },
      { step: 'checkin-5', at: '2027-02-08T09:00:00.000Z' },
      { step: 'end', at: '2027-02-22T09:00:00.000Z' },
    ]);
    expect(pairEndsAt('2026-11-30T09:00:00.000Z', 12)).toBe('2027-02-22T09:00:00.000Z');
  });

  it('names schedules within EventBridge limits and recognises its steps', () => {
    const name = scheduleName('01m8gqn7kxfq0z5eqm7jrgq9t2', 'checkin-12');
    expect(name).toMatch(/^[0-9a-zA-Z-_.]{1,64}$/);
    expect(['icebreakers', 'starters', 'checkin-1', 'end'].every(isTimelineStep)).toBe(true);
    expect(['checkin-0', 'nudge', '', 'end; rm'].some(isTimelineStep)).toBe(false);
  });
});

describe('question picks', () => {
  it('are deterministic, distinct and honour exclusions', () => {
    const a = pickQuestions(DEFAULT_ICE_BREAKERS, 'pair-1', 3);
    expect(a).toEqual(pickQuestions(DEFAULT_ICE_BREAKERS, 'pair-1', 3));
    expect(new Set(a).size).toBe(3);
    const b = pickQuestions(DEFAULT_ICE_BREAKERS, 'pair-1', 3, [introIceBreaker(DEFAULT_ICE_BREAKERS, 'pair-1'), ...a]);
    expect(b.some((q) => a.includes(q))).toBe(false);
    expect(pickQuestions(['only'], 'x', 3, ['only'])).toEqual([]);
  });
});

describe('intro practicalities', () => {
  it('suggests a shared tool, or says how to pick one', () => {
    expect(toolSuggestion({ firstName: 'Ada', preferredTools: ['slack', 'zoom'] }, { firstName: 'Grace', preferredTools: ['zoom'] })).toBe(
      "You both like Zoom, so that's an easy place to start.",
    );
    expect(toolSuggestion({ firstName: 'Ada', preferredTools: ['slack'] }, { firstName: 'Grace', preferredTools: ['teams'] })).toBe(
      'You named different tools (Slack huddles for you, Microsoft Teams for Grace): pick one you can both use, and stick with it.',
    );
    expect(toolSuggestion({ firstName: 'Ada', preferredTools: [] }, { firstName: 'Grace', preferredTools: [] })).toMatch(/^Pick one tool/);
  });

  it('writes shared free time in both local times, across the date line and DST', () => {
    const berlin = { firstName: 'Ada', timezone: 'Europe/Berlin', availability: [{ day: 'tue' as const, from: '09:00', to: '12:00' }] };
    const singapore = { firstName: 'Wei', timezone: 'Asia/Singapore', availability: [{ day: 'tue' as const, from: '15:00', to: '18:00' }] };
    // Winter: Berlin is UTC+1, Singapore UTC+8, so 09:00–11:00 Berlin is 16:00–18:00 Singapore.
    expect(overlapSummary(berlin, singapore, Date.parse('2026-12-01T00:00:00Z'))).toBe(
      "You're both free about 2 h a week: Tue 09:00–11:00 your time (16:00–18:00 for Wei).",
    );
    // Summer: Berlin is UTC+2: 09:00–12:00 Berlin is 15:00–18:00 Singapore.
    expect(overlapSummary(berlin, singapore, Date.parse('2026-07-01T00:00:00Z'))).toBe(
      "You're both free about 3 h a week: Tue 09:00–12:00 your time (15:00–18:00 for Wei).",
    );
    const auckland = { firstName: 'Mere', timezone: 'Pacific/Auckland', availability: [{ day: 'wed' as const, from: '07:00', to: '09:00' }] };
    const la = { firstName: 'Sam', timezone: 'America/Los_Angeles', availability: [{ day: 'tue' as const, from: '10:00', to: '12:00' }] };
    expect(overlapSummary(la, auckland, Date.parse('2026-12-01T00:00:00Z'))).toBe(
      "You're both free about 2 h a week: Tue 10:00–12:00 your time (Wed 07:00–09:00 for Mere).",
    );
    expect(overlapSummary(berlin, { ...singapore, availability: [{ day: 'mon', from: '09:00', to: '10:00' }] }, Date.parse('2026-12-01T00:00:00Z'))).toMatch(
      /barely overlap/,
    );
  });
});
