import { describe, expect, it } from 'vitest';
import type { Cohort, DigestInputs, WeekStats } from '../../../functions/domain/kpi/aggregates';
import { isoWeekOf } from '../../../functions/domain/kpi/iso-week';
import { computeKpis, medianOfHistogram, type GaugeSnapshot } from '../../../functions/domain/kpi/kpis';
import { defaultGoals } from '../../../functions/domain/program';

// Digest run on Monday 2026-11-30 08:00 UTC: the report week is 2026-W48 (Nov 23–29), the window 2026-W41…W48.
const now = Date.parse('2026-11-30T08:00:00Z');
const config = { meetingCadenceDays: 14, goals: defaultGoals(2026) };
const empty: DigestInputs = { weeks: [], gauges: {}, cohorts: [], atRisk: [], incentives: [] };
const none = { value: null, previous: null, delta: null, direction: null };

describe('KPIs of an empty program', () => {
  const kpis = computeKpis(empty, config, now);

  it('reports on the last complete week', () => {
    expect(kpis).toMatchObject({
      reportWeek: '2026-W48',
      weekStartsAt: '2026-11-23T00:00:00.000Z',
      weekEndsAt: '2026-11-30T00:00:00.000Z',
      generatedAt: '2026-11-30T08:00:00.000Z',
    });
  });

  it('counts zero and divides by nothing: every ratio is null, never NaN', () => {
    const zero = { total: 0, mentor: 0, mentee: 0 };
    expect(kpis.participants).toEqual({
      signedUp: zero,
      confirmed: zero,
      pendingConfirmation: zero,
      waiting: zero,
      inActivePair: zero,
      alumni: zero,
      left: zero,
      newThisWeek: zero,
    });
    expect(kpis.matching).toEqual({
      matchRate: null,
      matchedMentees: 0,
      confirmedMentees: 0,
      menteesMatchedThisWeek: 0,
      medianDaysToMatchThisWeek: null,
      medianDaysToMatch8Weeks: null,
      newPairsThisWeek: 0,
      activePairs: 0,
    });
    expect(kpis.activity).toEqual({
      meetingsThisWeek: 0,
      checkinAnswersThisWeek: 0,
      repliesThisWeek: 0,
      meetingsPerPairPerMonth: null,
      checkinAnswersPerPairPerMonth: null,
      repliesPerPairPerMonth: null,
      expectedMeetingsPerPairPerMonth: 30 / 14,
      meetingsVsExpected: null,
      quietPairs: 0,
      shareOnTrack: null,
    });
    expect(kpis.retention).toEqual({
      windows: [
        { days: 30, mentors: null, mentees: null, pairs: 0 },
        { days: 60, mentors: null, mentees: null, pairs: 0 },
        { days: 90, mentors: null, mentees: null, pairs: 0 },
      ],
      unsubscribesThisWeek: 0,
      pausesThisWeek: 0,
      deletionsThisWeek: 0,
      pairsEndedThisWeek: 0,
    });
    const noRatings = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
    expect(kpis.satisfaction).toEqual({
      avgRatingThisWeek: null,
      avgRating8Weeks: null,
      ratingsThisWeek: 0,
      ratings8Weeks: 0,
      distributionThisWeek: noRatings,
      distribution8Weeks: noRatings,
      checkinRequestsThisWeek: 0,
      responseRateThisWeek: null,
      responseRate8Weeks: null,
    });
    expect(kpis.atRisk).toEqual({ count: 0, pairs: [] });
    expect(kpis.incentives).toEqual({ count: 0, earners: [] });
    expect(kpis.deliverability).toEqual({ bouncesThisWeek: 0, complaintsThisWeek: 0, suppressedAddresses: 0, emailsUnknown: 0 });
  });

  it('has no previous week to compare with', () => {
    const zeroNow = { value: 0, previous: null, delta: null, direction: null };
    expect(kpis.headlines).toEqual({
      newSignups: zeroNow,
      newPairs: zeroNow,
      activePairs: zeroNow,
      meetings: zeroNow,
      checkinAnswers: zeroNow,
      avgRating: none,
      matchRate: none,
      shareOnTrack: none,
      atRiskPairs: zeroNow,
      unsubscribes: zeroNow,
    });
  });

  it('draws no trend before the program started', () => {
    expect(kpis.trend.map((t) => t.week)).toEqual(['2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    expect(kpis.trend.slice(0, 7).every((t) => Object.entries(t).every(([k, v]) => k === 'week' || k === 'weekStartsAt' || v === null))).toBe(true);
    expect(kpis.trend[7]).toEqual({
      week: '2026-W48',
      weekStartsAt: '2026-11-23T00:00:00.000Z',
      signups: 0,
      newPairs: 0,
      meetings: 0,
      checkinAnswers: 0,
      replies: 0,
      ratings: 0,
      avgRating: null,
      activePairs: 0,
      matchRate: null,
      shareOnTrack: null,
    });
  });

  it('every goal is at risk with nothing measured yet', () => {
    expect(kpis.goals.map((g) => [g.id, g.status, g.current, g.note])).toEqual([
      ['match-rate', 'at_risk', null, 'No data yet.'],
      ['satisfaction', 'at_risk', null, 'No data yet.'],
      ['cadence', 'at_risk', null, 'No data yet.'],
    ]);
  });
});

describe('KPIs in the program’s first week', () => {
  const inputs: DigestInputs = {
    ...empty,
    weeks: [{ week: '2026-W48', counts: { signups_mentor: 2, signups_mentee: 3, confirmed_mentor: 1, confirmed_mentee: 2 } }],
    gauges: { participants_pending_mentor: 1, participants_waiting_mentor: 1, participants_pending_mentee: 1, participants_waiting_mentee: 2 },
  };
  const kpis = computeKpis(inputs, config, now);

  it('counts the week and shows no change (there is no previous week)', () => {
    expect(kpis.participants.newThisWeek).toEqual({ total: 5, mentor: 2, mentee: 3 });
    expect(kpis.participants.confirmed).toEqual({ total: 3, mentor: 1, mentee: 2 });
    expect(kpis.headlines.newSignups).toEqual({ value: 5, previous: null, delta: null, direction: null });
    expect(Object.values(kpis.headlines).every((h) => h.previous === null && h.delta === null && h.direction === null)).toBe(true);
    expect(kpis.matching.matchRate).toBe(0);
    expect(kpis.trend.filter((t) => t.signups !== null).map((t) => t.week)).toEqual(['2026-W48']);
  });

  it('the week after, a quiet week compares with the first one', () => {
    const next = computeKpis(inputs, config, Date.parse('2026-12-07T08:00:00Z'));
    expect(next.reportWeek).toBe('2026-W49');
    expect(next.headlines.newSignups).toEqual({ value: 0, previous: 5, delta: -5, direction: 'down' });
    expect(next.headlines.meetings).toEqual({ value: 0, previous: 0, delta: 0, direction: 'flat' });
  });
});

describe('KPIs over a normal 8-week history (answers worked out by hand)', () => {
  // The program starts in W43; W41 and W42 have nothing. The running W49 is not part of the report.
  const weeks: WeekStats[] = [
    { week: '2026-W43', counts: { signups_mentor: 4, signups_mentee: 6, confirmed_mentor: 4, confirmed_mentee: 5 } },
    { week: '2026-W44', counts: { signups_mentee: 2, confirmed_mentee: 2, pairs_created: 3, match_days_3: 1, match_days_7: 2 } },
    {
      week: '2026-W45',
      counts: { pairs_created: 1, match_days_10: 1, meetings: 2, checkin_requests: 3, checkin_answers: 2, ratings_4: 1, ratings_5: 1, replies: 3 },
    },
    { week: '2026-W46', counts: { meetings: 3, checkin_requests: 4, checkin_answers: 3, ratings_3: 1, ratings_4: 2, replies: 2, pauses: 1 } },
    {
      week: '2026-W47',
      counts: {
        signups_mentor: 1,
        signups_mentee: 1,
        pairs_created: 1,
        match_days_20: 1,
        meetings: 2,
        checkin_requests: 4,
        checkin_answers: 2,
        ratings_5: 2,
        replies: 1,
        bounces: 1,
      },
    },
    {
      week: '2026-W48',
      counts: {
        signups_mentee: 3,
        pairs_created: 2,
        match_days_2: 1,
        match_days_14: 1,
        meetings: 4,
        checkin_requests: 5,
        checkin_answers: 4,
        ratings_2: 1,
        ratings_4: 2,
        ratings_5: 1,
        replies: 4,
        unsubscribes: 1,
        deletions: 1,
        bounces: 2,
        complaints: 1,
        incentives: 2,
        pairs_ended: 1,
      },
    },
    { week: '2026-W49', counts: { signups_mentee: 50, meetings: 50 } },
  ];
  const inputs: DigestInputs = {
    weeks,
    // 5 mentors, 11 mentees signed up; 7 pairs formed, 1 ended: 6 active.
    gauges: {
      participants_waiting_mentor: 1,
      participants_matched_mentor: 4,
      participants_pending_mentee: 2,
      participants_waiting_mentee: 1,
      participants_matched_mentee: 6,
      participants_unsubscribed_mentee: 1,
      participants_deleted_mentee: 1,
      pairs_active: 6,
      pairs_quiet: 2,
      pairs_at_risk: 3,
      suppressed: 3,
    },
    cohorts: [
      { week: '2026-W44', counts: { pairs: 3, dropped_mentee_30: 1 } },
      { week: '2026-W45', counts: { pairs: 1 } },
      { week: '2026-W47', counts: { pairs: 1 } },
      { week: '2026-W48', counts: { pairs: 2 } },
    ],
    atRisk: [
      { pairId: 'p-a', mentorName: 'Ada', menteeName: 'Bo', lastActivityAt: '2026-11-10T08:00:00.000Z', pairedAt: '2026-10-27T10:00:00.000Z' },
      { pairId: 'p-b', mentorName: 'Cy', menteeName: 'Di', lastActivityAt: '2026-11-01T09:00:00.000Z', pairedAt: '2026-10-27T10:00:00.000Z' },
      {
        pairId: 'p-c',
        mentorName: 'Ed',
        menteeName: 'Fa',
        lastActivityAt: '2026-11-20T08:00:01.000Z',
        pairedAt: '2026-11-03T10:00:00.000Z',
        pairUrl: 'https://x.example/a',
      },
    ],
    incentives: [
      { participantId: 'u1', name: 'Gi', email: 'gi@x.example', role: 'mentee', at: '2026-11-29T23:59:59.000Z' },
      { participantId: 'u2', name: 'Ha', email: 'ha@x.example', role: 'mentor', at: '2026-11-24T10:00:00.000Z' },
      { participantId: 'u3', name: 'Io', email: 'io@x.example', role: 'mentor', at: '2026-11-30T01:00:00.000Z' },
      { participantId: 'u4', name: 'Jo', email: 'jo@x.example', role: 'mentee', at: '2026-11-22T23:00:00.000Z' },
    ],
  };
  const kpis = computeKpis(inputs, config, now);

  it('participants: all-time sign-ups, confirmed = all but pending, by role', () => {
    expect(kpis.participants).toEqual({
      signedUp: { total: 16, mentor: 5, mentee: 11 },
      confirmed: { total: 14, mentor: 5, mentee: 9 },
      pendingConfirmation: { total: 2, mentor: 0, mentee: 2 },
      waiting: { total: 2, mentor: 1, mentee: 1 },
      inActivePair: { total: 10, mentor: 4, mentee: 6 },
      alumni: { total: 0, mentor: 0, mentee: 0 },
      left: { total: 2, mentor: 0, mentee: 2 },
      newThisWeek: { total: 3, mentor: 0, mentee: 3 },
    });
  });

  it('matching: 6 of 9 confirmed mentees matched; medians of {2,14} and {2,3,7,7,10,14,20}', () => {
    expect(kpis.matching).toEqual({
      matchRate: 6 / 9,
      matchedMentees: 6,
      confirmedMentees: 9,
      menteesMatchedThisWeek: 2,
      medianDaysToMatchThisWeek: 8,
      medianDaysToMatch8Weeks: 7,
      newPairsThisWeek: 2,
      activePairs: 6,
    });
  });

  it('activity: 4 weeks W45–W48 with 4, 4, 5, 6 active pairs = 19 pair-weeks', () => {
    const a = kpis.activity;
    expect(a).toMatchObject({ meetingsThisWeek: 4, checkinAnswersThisWeek: 4, repliesThisWeek: 4, quietPairs: 2, shareOnTrack: 4 / 6 });
    expect(a.meetingsPerPairPerMonth).toBeCloseTo((11 * 30) / (19 * 7), 12); // 2+3+2+4 meetings
    expect(a.checkinAnswersPerPairPerMonth).toBeCloseTo((11 * 30) / (19 * 7), 12); // 2+3+2+4 answers
    expect(a.repliesPerPairPerMonth).toBeCloseTo((10 * 30) / (19 * 7), 12); // 3+2+1+4 replies
    expect(a.expectedMeetingsPerPairPerMonth).toBeCloseTo(30 / 14, 12);
    expect(a.meetingsVsExpected).toBeCloseTo(22 / 19, 12); // (11/133 × 30) ÷ (30/14)
  });

  it('active pairs are worked back from now: 6, then −2+1, −1, −0, −1, −3', () => {
    expect(kpis.trend.map((t) => t.activePairs)).toEqual([null, null, 0, 3, 4, 4, 5, 6]);
  });

  it('retention: no pairing week is 30 days past its end yet (W44 ends Nov 2)', () => {
    expect(kpis.retention).toEqual({
      windows: [
        { days: 30, mentors: null, mentees: null, pairs: 0 },
        { days: 60, mentors: null, mentees: null, pairs: 0 },
        { days: 90, mentors: null, mentees: null, pairs: 0 },
      ],
      unsubscribesThisWeek: 1,
      pausesThisWeek: 0,
      deletionsThisWeek: 1,
      pairsEndedThisWeek: 1,
    });
  });

  it('satisfaction: this week {2,4,4,5} = 3.75; 8 weeks 45/11; response 4/5 and 11/16', () => {
    expect(kpis.satisfaction).toEqual({
      avgRatingThisWeek: 3.75,
      avgRating8Weeks: 45 / 11,
      ratingsThisWeek: 4,
      ratings8Weeks: 11,
      distributionThisWeek: { 1: 0, 2: 1, 3: 0, 4: 2, 5: 1 },
      distribution8Weeks: { 1: 0, 2: 1, 3: 1, 4: 5, 5: 4 },
      checkinRequestsThisWeek: 5,
      responseRateThisWeek: 0.8,
      responseRate8Weeks: 11 / 16,
    });
  });

  it('at-risk pairs with whole days quiet, longest first', () => {
    expect(kpis.atRisk.count).toBe(3);
    expect(kpis.atRisk.pairs.map((p) => [p.pairId, p.daysQuiet])).toEqual([
      ['p-b', 28],
      ['p-a', 20],
      ['p-c', 9],
    ]);
    expect(kpis.atRisk.pairs[2]?.pairUrl).toBe('https://x.example/a');
  });

  it('incentive earners of the report week only, in order', () => {
    expect(kpis.incentives.count).toBe(2);
    expect(kpis.incentives.earners.map((e) => e.participantId)).toEqual(['u2', 'u1']);
  });

  it('deliverability', () => {
    expect(kpis.deliverability).toEqual({ bouncesThisWeek: 2, complaintsThisWeek: 1, suppressedAddresses: 3, emailsUnknown: 0 });
  });

  it('headlines: week-over-week change against W47', () => {
    expect(kpis.headlines).toEqual({
      newSignups: { value: 3, previous: 2, delta: 1, direction: 'up' },
      newPairs: { value: 2, previous: 1, delta: 1, direction: 'up' },
      activePairs: { value: 6, previous: 5, delta: 1, direction: 'up' },
      meetings: { value: 4, previous: 2, delta: 2, direction: 'up' },
      checkinAnswers: { value: 4, previous: 2, delta: 2, direction: 'up' },
      avgRating: { value: 3.75, previous: 5, delta: -1.25, direction: 'down' },
      // Gauge-based: no snapshot of last week's gauges, so no comparison.
      matchRate: { value: 6 / 9, previous: null, delta: null, direction: null },
      shareOnTrack: { value: 4 / 6, previous: null, delta: null, direction: null },
      atRiskPairs: { value: 3, previous: null, delta: null, direction: null },
      unsubscribes: { value: 1, previous: 0, delta: 1, direction: 'up' },
    });
  });

  it('the 8-week trend', () => {
    const rows = kpis.trend.map((t) => [t.week, t.signups, t.newPairs, t.meetings, t.checkinAnswers, t.replies, t.ratings, t.avgRating]);
    expect(rows).toEqual([
      ['2026-W41', null, null, null, null, null, null, null],
      ['2026-W42', null, null, null, null, null, null, null],
      ['2026-W43', 10, 0, 0, 0, 0, 0, null],
      ['2026-W44', 2, 3, 0, 0, 0, 0, null],
      ['2026-W45', 0, 1, 2, 2, 3, 2, 4.5],
      ['2026-W46', 0, 0, 3, 3, 2, 3, 11 / 3],
      ['2026-W47', 2, 1, 2, 2, 1, 2, 5],
      ['2026-W48', 3, 2, 4, 4, 4, 4, 3.75],
    ]);
    expect(kpis.trend.map((t) => t.matchRate)).toEqual([null, null, null, null, null, null, null, 6 / 9]);
  });

  it('goals: match rate and cadence have one point (at risk); satisfaction falls along the fitted line', () => {
    const [matchRate, satisfaction, cadence] = kpis.goals;
    expect(matchRate).toMatchObject({ id: 'match-rate', status: 'at_risk', current: 6 / 9, projected: null, weeksOfData: 1 });
    expect(cadence).toMatchObject({ id: 'cadence', status: 'at_risk', current: 4 / 6, projected: null, weeksOfData: 1 });
    // Weekly averages 9/2, 11/3, 5, 15/4 at the ends of W45…W48: mean 203/48, slope −154/48 ÷ 245 = −11/840 per day.
    // The deadline 2027-06-30 ends 213 days after W48's end, 223.5 days after the mean x.
    expect(satisfaction).toMatchObject({ id: 'satisfaction', status: 'at_risk', current: 45 / 11, weeksOfData: 4 });
    expect(satisfaction?.projected).toBeCloseTo(203 / 48 - (11 / 840) * 223.5, 9);
  });
});

describe('gauge snapshots give gauge-based KPIs a weekly history', () => {
  const snapshot = (week: string, matched: number, quiet: number, atRisk: number): GaugeSnapshot => ({
    week,
    gauges: { participants_waiting_mentee: 10 - matched, participants_matched_mentee: matched, pairs_active: 10, pairs_quiet: quiet, pairs_at_risk: atRisk },
  });
  const inputs = {
    ...empty,
    weeks: [
      { week: '2026-W45', counts: { pairs_created: 5, meetings: 4 } },
      { week: '2026-W46', counts: { pairs_created: 1, pairs_ended: 1, meetings: 6 } },
      { week: '2026-W47', counts: { pairs_created: 1, pairs_ended: 1, meetings: 6 } },
      { week: '2026-W48', counts: { meetings: 7 } },
    ],
    gauges: { participants_waiting_mentee: 2, participants_matched_mentee: 8, pairs_active: 10, pairs_quiet: 4, pairs_at_risk: 1 },
    snapshots: [snapshot('2026-W45', 5, 5, 3), snapshot('2026-W46', 6, 4, 2), snapshot('2026-W47', 7, 4, 2)],
  };
  const kpis = computeKpis(
    inputs,
    {
      meetingCadenceDays: 14,
      goals: [
        { id: 'match', metric: 'match_rate', target: 0.9, deadline: '2026-12-06', description: '90% matched' },
        { id: 'cadence', metric: 'pairs_on_cadence', target: 0.7, deadline: '2027-06-30', description: '70% on cadence' },
      ],
    },
    now,
  );

  it('trend and headline use last week’s snapshot', () => {
    expect(kpis.trend.map((t) => t.matchRate)).toEqual([null, null, null, null, 0.5, 0.6, 0.7, 0.8]);
    expect(kpis.trend.map((t) => t.shareOnTrack)).toEqual([null, null, null, null, 0.5, 0.6, 0.6, 0.6]);
    expect(kpis.headlines.matchRate.previous).toBe(0.7);
    expect(kpis.headlines.matchRate.delta).toBeCloseTo(0.1, 12);
    expect(kpis.headlines.matchRate.direction).toBe('up');
    expect(kpis.headlines.shareOnTrack.direction).toBe('flat');
    expect(kpis.headlines.atRiskPairs).toEqual({ value: 1, previous: 2, delta: -1, direction: 'down' });
  });

  it('a snapshot re-anchors the active pairs worked back from now', () => {
    // W48 10 (now); W47 10 (snapshot); W46 10 (snapshot); W45 10 (snapshot); W44 = 10 − 5 = 5 ... but W44 is before the first event: null.
    expect(kpis.trend.map((t) => t.activePairs)).toEqual([null, null, null, null, 10, 10, 10, 10]);
  });

  it('goals: +0.1 a week reaches 90% a week after W48 (on track); cadence rises to the 100% cap (on track)', () => {
    const [match, cadence] = kpis.goals;
    expect(match).toMatchObject({ status: 'on_track', current: 0.8, weeksOfData: 4 });
    expect(match?.projected).toBeCloseTo(0.9, 9);
    // 0.5, 0.6, 0.6, 0.6: slope 1.05/245 a day; 0.575 + 223.5 × that > 1.
    expect(cadence).toMatchObject({ status: 'on_track', current: 0.6, projected: 1, weeksOfData: 4 });
  });
});

describe('retention cohorts', () => {
  const cohorts: Cohort[] = [
    // ends Jul 27: old enough for 30, 60 and 90 days
    { week: '2026-W30', counts: { pairs: 4, dropped_mentee_30: 1, dropped_mentor_60: 1, dropped_mentee_60: 1, dropped_mentor_90: 1, dropped_mentee_90: 2 } },
    // ends Sep 21: 30 and 60 days (Nov 20), not 90 (Dec 20)
    { week: '2026-W38', counts: { pairs: 6, dropped_mentor_30: 1, dropped_mentor_60: 1, dropped_mentee_60: 3, dropped_mentee_90: 5 } },
    // ends Oct 26: 30 days (Nov 25) only
    { week: '2026-W43', counts: { pairs: 2, dropped_mentee_30: 1 } },
    // ends Nov 16: too young; its partial counts are ignored
    { week: '2026-W46', counts: { pairs: 5, dropped_mentor_30: 2 } },
  ];
  const windows = computeKpis({ ...empty, cohorts }, config, now).retention.windows;

  it('1 − dropped ÷ pairs over the cohorts old enough, per role', () => {
    expect(windows).toEqual([
      { days: 30, mentors: 1 - 1 / 12, mentees: 1 - 2 / 12, pairs: 12 },
      { days: 60, mentors: 1 - 2 / 10, mentees: 1 - 4 / 10, pairs: 10 },
      { days: 90, mentors: 1 - 1 / 4, mentees: 1 - 2 / 4, pairs: 4 },
    ]);
  });

  it('a cohort counts from the instant its week is the given days past its end', () => {
    const w44: Cohort[] = [{ week: '2026-W44', counts: { pairs: 2, dropped_mentor_30: 1 } }]; // ends Nov 2 00:00 UTC
    expect(computeKpis({ ...empty, cohorts: w44 }, config, Date.parse('2026-12-01T23:59:59.999Z')).retention.windows[0]?.mentors).toBeNull();
    expect(computeKpis({ ...empty, cohorts: w44 }, config, Date.parse('2026-12-02T00:00:00Z')).retention.windows[0]?.mentors).toBe(0.5);
  });

  it('an older pairing cohort means the program predates the window: quiet weeks are zeros, not gaps', () => {
    const trend = computeKpis({ ...empty, cohorts }, config, now).trend;
    expect(trend.every((t) => t.meetings === 0 && t.activePairs === 0)).toBe(true);
  });
});

describe('a DST week (Europe/Berlin springs forward on Sunday 2026-03-29)', () => {
  // The event writer keys counters by the UTC ISO week of the event's instant.
  const sundayNightBerlin = Date.parse('2026-03-29T23:30:00+02:00'); // 21:30 UTC
  const mondayEarlyBerlin = Date.parse('2026-03-30T00:30:00+02:00'); // Sunday 22:30 UTC
  const counts = new Map<string, number>();
  for (const at of [sundayNightBerlin, mondayEarlyBerlin, Date.parse('2026-03-30T09:00:00+02:00')])
    counts.set(isoWeekOf(at), (counts.get(isoWeekOf(at)) ?? 0) + 1);
  const weeks: WeekStats[] = [...counts].map(([week, meetings]) => ({ week, counts: { meetings } }));

  it('late-Sunday and early-Monday Berlin meetings both land in 2026-W13', () => {
    expect(weeks).toEqual([
      { week: '2026-W13', counts: { meetings: 2 } },
      { week: '2026-W14', counts: { meetings: 1 } },
    ]);
  });

  it('a digest on Monday morning reports W13 with both; one at Monday 00:30 Berlin is still in W13 (UTC) and reports W12', () => {
    expect(computeKpis({ ...empty, weeks }, config, Date.parse('2026-03-30T08:00:00+02:00'))).toMatchObject({
      reportWeek: '2026-W13',
      activity: { meetingsThisWeek: 2 },
    });
    expect(computeKpis({ ...empty, weeks }, config, mondayEarlyBerlin)).toMatchObject({ reportWeek: '2026-W12', activity: { meetingsThisWeek: 0 } });
  });
});

describe('median days to match', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(medianOfHistogram([])).toBeNull();
    expect(medianOfHistogram([0, 0, 0])).toBeNull();
    expect(medianOfHistogram([0, 3])).toBe(1);
    expect(medianOfHistogram([1, 0, 0, 1])).toBe(1.5);
    expect(medianOfHistogram([2, 0, 0, 1])).toBe(0);
  });

  it('puts 60+ day waits in the last bucket and ignores other counters', () => {
    const kpis = computeKpis({ ...empty, weeks: [{ week: '2026-W48', counts: { match_days_75: 2, match_days_1: 1, meetings: 9 } }] }, config, now);
    expect(kpis.matching).toMatchObject({ menteesMatchedThisWeek: 3, medianDaysToMatchThisWeek: 60 });
  });
});
