/**
 * The digest's words and numbers: turns the KPIs into the email's variables
 * (formatted values, chart bar lengths, goal rows; ./digest-rows.ts lays each row
 * out). Pure formatting; the KPIs themselves are defined in domain/kpi.
 */
import type { DigestKpis } from '../../domain/kpi/kpis';
import { weekEnd, weekStart } from '../../domain/kpi/iso-week';
import type { ProgramConfig } from '../../domain/program';
import type { DigestTile, TemplateVars } from '../../email-rendering/catalogue';
import { chartRow, DIGEST_CHART_MAX_PX, goalRow, statRow, tileRow, type GoalStatus } from './digest-rows';

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
const num = (v: number | null, digits = 0) => (v === null ? '–' : v.toFixed(digits).replace(/\.0+$/, ''));
const rating = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} / 5`);
const day = (ms: number, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', ...opts }).format(new Date(ms));
const stat = statRow;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const byRole = (r: { total: number; mentor: number; mentee: number }) => `${r.mentor} mentors, ${r.mentee} mentees`;

function tile(
  label: string,
  change: DigestKpis['headlines'][keyof DigestKpis['headlines']],
  format: (v: number | null) => string,
  higherIsBetter = true,
): DigestTile {
  const trend = change.direction ?? 'flat';
  const tone = change.direction === null || change.direction === 'flat' ? 'neutral' : (change.direction === 'up') === higherIsBetter ? 'good' : 'bad';
  const delta =
    change.delta === null
      ? null
      : format === pct
        ? `${change.delta > 0 ? '+' : ''}${Math.round(change.delta * 100)} pts`
        : `${change.delta > 0 ? '+' : ''}${num(change.delta, 1)}`;
  return tileRow({
    label,
    value: format(change.value),
    change: delta === null ? 'first week' : change.delta === 0 ? 'no change vs last week' : `${delta} vs last week`,
    trend,
    tone,
  });
}

export function weekLabel(week: string): string {
  const start = weekStart(week);
  const end = weekEnd(week) - 86_400_000;
  return `Week ${Number(week.slice(-2))}: ${day(start, { day: 'numeric', month: 'short' })}–${day(end, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

/** `links`: the console's export and dashboard (sign-in first), never a bearer link. */
export function digestVars(k: DigestKpis, config: ProgramConfig, links: { exportUrl: string; dashboardUrl: string }): TemplateVars['digest'] {
  const max = Math.max(1, ...k.trend.map((t) => t.meetings ?? 0));
  const headline = `${plural(k.matching.newPairsThisWeek, 'new pair')}, ${plural(k.activity.meetingsThisWeek, 'meeting')}, ${k.atRisk.count} at risk`;
  return {
    weekLabel: weekLabel(k.reportWeek),
    headline,
    tiles: [
      tile('Active pairs', k.headlines.activePairs, (v) => num(v)),
      tile('New pairs', k.headlines.newPairs, (v) => num(v)),
      tile('Meetings logged', k.headlines.meetings, (v) => num(v)),
      tile('Avg. satisfaction', k.headlines.avgRating, rating),
      tile('Match rate', k.headlines.matchRate, pct),
      tile('Pairs at risk', k.headlines.atRiskPairs, (v) => num(v), false),
    ],
    chartTitle: 'Meetings logged per week, last 8 weeks',
    chart: k.trend.map((t) =>
      chartRow({
        week: `W${t.week.slice(-2)}`,
        barPx: Math.round(((t.meetings ?? 0) / max) * DIGEST_CHART_MAX_PX),
        value: t.meetings === null ? '–' : String(t.meetings),
      }),
    ),
    goals: k.goals.map((g) => {
      const fmt = g.metric === 'avg_satisfaction' ? (v: number | null) => num(v, 1) : pct;
      return goalRow({
        description: g.description,
        current: fmt(g.current),
        target: fmt(g.target),
        deadline: day(Date.parse(g.deadline), { day: 'numeric', month: 'short', year: 'numeric' }),
        projected: fmt(g.projected),
        status: g.status.replace('_', '-') as GoalStatus,
      });
    }),
    participants: [
      stat('Signed up', String(k.participants.signedUp.total), byRole(k.participants.signedUp)),
      stat('Confirmed', String(k.participants.confirmed.total), byRole(k.participants.confirmed)),
      stat('Waiting to be matched', String(k.participants.waiting.total), byRole(k.participants.waiting)),
      stat('In an active pair', String(k.participants.inActivePair.total), byRole(k.participants.inActivePair)),
      stat('New this week', String(k.participants.newThisWeek.total), byRole(k.participants.newThisWeek)),
    ],
    matching: [
      stat('Match rate', pct(k.matching.matchRate), `${k.matching.matchedMentees} of ${k.matching.confirmedMentees} confirmed mentees`),
      stat('Median days to match', num(k.matching.medianDaysToMatchThisWeek), `8 weeks: ${num(k.matching.medianDaysToMatch8Weeks)}`),
      stat('New pairs this week', String(k.matching.newPairsThisWeek)),
      stat('Active pairs', String(k.matching.activePairs)),
      stat(
        'First meeting scheduled',
        pct(k.firstMeetings.shareScheduled),
        `${k.firstMeetings.scheduled8Weeks} of ${k.firstMeetings.pairsMade8Weeks} pairs made in 8 weeks`,
      ),
    ],
    activity: [
      stat('Meetings logged this week', String(k.activity.meetingsThisWeek)),
      stat(
        'Meetings per pair per month',
        num(k.activity.meetingsPerPairPerMonth, 1),
        `benchmark ${num(k.activity.expectedMeetingsPerPairPerMonth, 1)} (every ${config.meetingCadenceDays} days)`,
      ),
      stat('Check-in answers this week', String(k.activity.checkinAnswersThisWeek)),
      stat('Replies per pair per month', num(k.activity.repliesPerPairPerMonth, 1)),
      stat('Pairs on track', pct(k.activity.shareOnTrack), `${k.activity.quietPairs} nudged and quiet`),
      stat(
        'Fit check this week',
        `${k.fitCheck.thisWeek.good} good · ${k.fitCheck.thisWeek.deciding} deciding · ${k.fitCheck.thisWeek.not} not a fit`,
        `8 weeks: ${k.fitCheck.eightWeeks.good} good · ${k.fitCheck.eightWeeks.deciding} deciding · ${k.fitCheck.eightWeeks.not} not a fit`,
      ),
    ],
    retention: [
      ...k.retention.windows.flatMap((w) => {
        const basis = w.pairs ? `of ${w.pairs} pairs` : 'no cohort old enough yet';
        return [stat(`Mentors active after ${w.days} days`, pct(w.mentors), basis), stat(`Mentees active after ${w.days} days`, pct(w.mentees), basis)];
      }),
      stat('Unsubscribes this week', String(k.retention.unsubscribesThisWeek)),
      stat('Pauses this week', String(k.retention.pausesThisWeek)),
      stat('Data deletions this week', String(k.retention.deletionsThisWeek)),
    ],
    satisfaction: [
      stat('Average rating this week', rating(k.satisfaction.avgRatingThisWeek), plural(k.satisfaction.ratingsThisWeek, 'rating')),
      stat('Average rating, 8 weeks', rating(k.satisfaction.avgRating8Weeks), plural(k.satisfaction.ratings8Weeks, 'rating')),
      stat(
        'Ratings this week',
        String(k.satisfaction.ratingsThisWeek),
        ([1, 2, 3, 4, 5] as const).map((r) => `${r}★ ${k.satisfaction.distributionThisWeek[r]}`).join(' · '),
      ),
      stat('Response rate', pct(k.satisfaction.responseRateThisWeek), `${plural(k.satisfaction.checkinRequestsThisWeek, 'check-in')} sent`),
    ],
    deliverability: [
      stat('Bounces this week', String(k.deliverability.bouncesThisWeek)),
      stat('Complaints this week', String(k.deliverability.complaintsThisWeek)),
      stat('Suppressed addresses', String(k.deliverability.suppressedAddresses), 'never emailed again'),
      stat('Emails in an unknown state', String(k.deliverability.emailsUnknown), 'the sender stopped between SES and its record; never resent'),
    ],
    atRiskSummary:
      k.atRisk.count === 0
        ? 'No pair is at risk: every pair has been active or answered a reminder.'
        : `${k.atRisk.count} ${k.atRisk.count === 1 ? 'pair has' : 'pairs have'} been quiet for three meeting cycles after two reminders.${k.atRisk.count > k.atRisk.pairs.length ? ' The CSV export lists them all.' : ''}`,
    atRisk: k.atRisk.pairs
      .slice(0, 20)
      .map((p) => ({ mentorName: p.mentorName, menteeName: p.menteeName, daysQuiet: p.daysQuiet, pairUrl: p.pairUrl ?? links.dashboardUrl })),
    incentiveRule: `Participants earn the incentive (${config.rewardDescription}) once their pair has logged ${config.incentiveMeetings} meetings.`,
    incentives: k.incentives.earners.map((e) => ({ name: e.name, role: e.role })),
    exportUrl: links.exportUrl,
    dashboardUrl: links.dashboardUrl,
  };
}
