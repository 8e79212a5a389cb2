/**
 * Realistic sample variables for every template: what `npm run emails:preview` renders,
 * what the bench fills, and what the email tests start from. Scripts and tests import
 * it; no Lambda does, so it stays out of the bundles.
 */
import { chartBarPx, chartRow, goalRow, statRow, tileRow } from '../functions/app/support/digest-rows';
import { DEFAULT_GUIDELINES } from '../functions/domain/program';
import { signToken } from '../functions/domain/tokens';
import type { DigestAtRiskPair, EmailVars, TemplateName } from '../functions/email-rendering/catalogue';

const base = 'http://localhost:3000';
const expiry = Math.floor(Date.UTC(2030, 0, 1) / 1000);
const link = (path: string, purpose: Parameters<typeof signToken>[0]['p']) =>
  `${base}/${path}/${signToken({ p: purpose, s: 'p_01JD8Q3ZK7M4W2X9V6T5R1N0BC', e: expiry }, 'preview-secret')}`;

const adminCommon = {
  programName: 'Acme Remote Mentoring',
  identityLine: 'Acme Corp · People Team · 1 Example Way, Springfield, 12345',
};
const common = { ...adminCommon, unsubscribeUrl: link('unsubscribe', 'unsubscribe') };
const checkin = link('checkin', 'checkin');
/** Admin emails link to console pages (sign-in first), never to bearer links. */
const consolePage = (path: string) => `${base}/admin/${path}`;

/** Meetings logged per week, W41–W48 2026. */
const meetingsPerWeek = [9, 14, 12, 17, 15, 21, 19, 24];
const chartPx = chartBarPx(meetingsPerWeek);

const atRiskNames: [string, string, number][] = [
  ['Grace Hopper', 'Ada Lovelace', 43],
  ['Katherine Johnson', 'Mae Jemison', 38],
  ['Alan Turing', 'Tim Berners-Lee', 31],
  ['Margaret Hamilton', 'Radia Perlman', 29],
];
const atRiskPairs = (n: number): DigestAtRiskPair[] =>
  Array.from({ length: n }, (_, i) => {
    const [mentorName, menteeName, daysQuiet] = atRiskNames[i % atRiskNames.length]!;
    return {
      mentorName,
      menteeName,
      daysQuiet: daysQuiet - Math.floor(i / atRiskNames.length),
      pairUrl: consolePage(`pairs/pair_01JD8Q3ZK7M4W2X9V6T5R1N${String(i).padStart(3, '0')}`),
    };
  });

/** The digest's sample, with `atRisk` at-risk pairs (the bench and the size test use 20). */
export function digestSample(atRisk = 4): EmailVars<'digest'> {
  return {
    ...adminCommon,
    preheader: '46 active pairs, 24 meetings logged (best week yet), 4 pairs at risk, 2 goals on track.',
    weekLabel: 'Week 48: 23–29 Nov 2026',
    headline: '24 meetings logged, 4 pairs at risk',
    tiles: [
      tileRow({ label: 'Active pairs', value: '46', change: '+3 vs last week', trend: 'up', tone: 'good' }),
      tileRow({ label: 'New pairs', value: '5', change: '−2 vs last week', trend: 'down', tone: 'neutral' }),
      tileRow({ label: 'Meetings logged', value: '24', change: '+5 vs last week', trend: 'up', tone: 'good' }),
      tileRow({ label: 'Average satisfaction', value: '4.3 / 5', change: 'no change vs last week', trend: 'flat', tone: 'neutral' }),
      tileRow({ label: 'Match rate', value: '84%', change: '−3 points vs last week', trend: 'down', tone: 'bad' }),
    ],
    chartTitle: 'Meetings logged per week, last 8 weeks',
    chart: meetingsPerWeek.map((value, i) => chartRow({ week: `W${41 + i}`, barPx: chartPx[i]!, value: String(value) })),
    goals: [
      goalRow({
        description: '80% of mentees matched by 31 Mar 2027',
        current: '84%',
        target: '80%',
        deadline: '31 Mar 2027',
        projected: '88%',
        status: 'met',
      }),
      goalRow({
        description: 'Average satisfaction at least 4.2 by the end of the cohort',
        current: '4.3',
        target: '4.2',
        deadline: '28 Feb 2027',
        projected: '4.4',
        status: 'on-track',
      }),
      goalRow({
        description: '70% of pairs meet every two weeks',
        current: '61%',
        target: '70%',
        deadline: '31 Jan 2027',
        projected: '64%',
        status: 'at-risk',
      }),
      goalRow({
        description: '50 active pairs by the end of November',
        current: '46',
        target: '50',
        deadline: '29 Nov 2026',
        projected: '46',
        status: 'missed',
      }),
    ],
    participants: [
      statRow('Signed up', '212', '+9 this week'),
      statRow('Confirmed', '187', '88% of sign-ups'),
      statRow('Waiting for a match', '31', '12 mentors, 19 mentees'),
      statRow('In an active pair', '92', ''),
      statRow('Mentors / mentees', '71 / 116', 'confirmed, by role'),
    ],
    matching: [
      statRow('Match rate', '84%', 'confirmed mentees in a pair'),
      statRow('Median days to match', '6', ''),
      statRow('New pairs this week', '5', ''),
      statRow('Active pairs', '46', ''),
    ],
    activity: [
      statRow('Meetings per pair per month', '1.6', 'benchmark 2.0 (every 14 days)'),
      statRow('Replies per pair per month', '3.1', ''),
      statRow('Check-ins answered', '71%', '34 of 48 this week'),
      statRow('Pairs on track', '78%', '36 of 46 active pairs'),
    ],
    retention: [
      statRow('Still active after 30 days', '96%', 'cohorts W40–W44, 41 pairs'),
      statRow('Still active after 60 days', '91%', 'cohorts W36–W40, 33 pairs'),
      statRow('Still active after 90 days', '87%', 'cohorts W32–W35, 23 pairs'),
      statRow('Unsubscribed / paused', '2 / 1', 'this week'),
    ],
    satisfaction: [
      statRow('Average rating', '4.3 / 5', '58 ratings'),
      statRow('Rated 4 or 5', '84%', '5★ 29 · 4★ 20 · 3★ 6 · 2★ 2 · 1★ 1'),
      statRow('Response rate', '63%', '58 of 92 asked'),
    ],
    deliverability: [
      statRow('Bounces', '1', '0.2% of 512 emails sent'),
      statRow('Complaints', '0', ''),
      statRow('Suppressed addresses', '3', 'never emailed again'),
    ],
    atRiskSummary:
      atRisk === 0
        ? 'A pair is at risk after 42 days without activity despite two reminders.'
        : `${atRisk} pairs have had no activity for 4 weeks or more despite two reminders, the quietest first.`,
    atRisk: atRiskPairs(atRisk),
    incentiveRule: 'Participants earn the coffee voucher at their third logged meeting.',
    incentives: [
      { name: 'Amara Okafor', role: 'mentee' },
      { name: 'Linus Berg', role: 'mentor' },
      { name: 'Sofia Marquez', role: 'mentee' },
    ],
    exportUrl: consolePage('export.csv'),
    dashboardUrl: consolePage('dashboard'),
  };
}

/** Sample variables for every template. */
export const SAMPLE_VARS: { [N in TemplateName]: EmailVars<N> } = {
  invitation: {
    ...common,
    preheader: 'Your sign-up form is filled in already.',
    firstName: 'Amara',
    role: 'mentee',
    signupUrl: 'https://mentoring.example.com/?invite=eyJwIjoiaW52aXRlIn0.c2lnbmF0dXJl',
    expiresInDays: 30,
  },
  confirm: {
    ...common,
    preheader: 'One click and you are in the matching pool.',
    firstName: 'Amara',
    role: 'mentee',
    confirmUrl: link('confirm', 'confirm'),
    expiresInDays: 7,
  },
  'already-registered': {
    ...common,
    preheader: 'Someone tried to sign up again with your address.',
    firstName: 'Amara',
    statusLine: 'Your address is registered but not confirmed yet.',
    actionLabel: 'Confirm my address',
    actionUrl: link('confirm', 'confirm'),
  },
  intro: {
    ...common,
    preheader: 'Why we matched you, when you are both free, and how to start.',
    recipientFirstName: 'Ada',
    recipientRole: 'mentee',
    partnerName: 'Grace Hopper',
    partnerFirstName: 'Grace',
    partnerRole: 'mentor',
    bestPractices: DEFAULT_GUIDELINES.bestPractices,
    goalTemplate: DEFAULT_GUIDELINES.goalTemplate,
    incentiveLine: 'Log 3 meetings together (reply "met") and you both earn a coffee on the program.',
    webinar: [{ title: 'Mentoring 101 (45 min)', url: 'https://learn.example.com/mentoring-101', when: 'Thu 14 Jan, 15:00 UTC' }],
    mentorName: 'Grace Hopper',
    menteeName: 'Ada Lovelace',
    reasons: [
      'shares 3 skills: leadership, sql, negotiation',
      '6 h/week overlap, Tue–Thu mornings Berlin / afternoons Singapore',
      'both prefer Zoom',
      'different departments',
    ],
    toolSuggestion: "You both like Zoom, so that's an easy place to start.",
    overlapSummary: "You're both free Tue–Thu, 09:00–11:00 in Berlin (16:00–18:00 in Singapore).",
    cadenceDays: 14,
    durationWeeks: 12,
    firstMeetingBy: 'Mon 7 Dec',
    iceBreaker: 'What was your dream job growing up?',
    feedbackUrl: link('feedback', 'feedback'),
    decline: [],
  },
  'mentor-choice': {
    ...common,
    preheader: '3 mentors we think suit you: pick the one you like.',
    firstName: 'Amara',
    lead: "It's your turn in Mentor Loop: here are 3 mentors we think suit you. Have a look and choose the one you'd like to work with.",
    mentors: [
      {
        name: 'Grace Hopper',
        firstNameOf: 'Grace',
        about: 'Engineering · 25 years of experience',
        reasons: 'shares 2 skills: leadership, sql; 6 h/week overlap, Tue–Thu mornings; both prefer Zoom',
        url: link('choose', 'choose'),
      },
      {
        name: 'Alan Turing',
        firstNameOf: 'Alan',
        about: 'Research · 12 years of experience',
        reasons: 'shares 1 skill: python; 3 h/week overlap, Mon afternoons',
        url: link('choose', 'choose'),
      },
      {
        name: 'Katherine Johnson',
        firstNameOf: 'Katherine',
        about: 'Finance',
        reasons: 'goals mention negotiation; 2 h/week overlap, Wed mornings; different departments',
        url: link('choose', 'choose'),
      },
    ],
    deadlineLine: "if you haven't chosen by Monday 7 December, we'll pair you with the mentor who suits you best at that point.",
  },
  'not-this-round': {
    ...common,
    preheader: 'You stay in the pool, with priority next round.',
    firstName: 'Amara',
    role: 'mentee',
    nextRoundDate: 'Monday 7 December',
    reasonHint: 'This round there were more mentees than mentors with matching hours.',
    manageUrl: link('unsubscribe', 'unsubscribe'),
  },
  icebreakers: {
    ...common,
    preheader: 'Pick any, skip any: they are just for getting comfortable.',
    firstName: 'Ada',
    partnerFirstName: 'Grace',
    questions: [
      'If you could have any restaurant in your home, what would it be?',
      'What was your dream job growing up?',
      'Which value of the company do you find the most personally relevant?',
    ],
  },
  starters: {
    ...common,
    preheader: 'From personal to practical: where you are headed, and what would help.',
    firstName: 'Ada',
    partnerFirstName: 'Grace',
    prompts: [
      'Where do you see yourself in five years?',
      'What is a skill you would like to improve, and how would you know you had?',
      'What is something at work you are frustrated by right now?',
    ],
  },
  checkin: {
    ...common,
    preheader: 'Yes or not yet: one click, nothing to fill in.',
    firstName: 'Ada',
    partnerFirstName: 'Grace',
    meetingNumber: 2,
    metUrl: `${checkin}?met=yes`,
    notYetUrl: `${checkin}?met=no`,
    rate1Url: `${checkin}?rating=1`,
    rate2Url: `${checkin}?rating=2`,
    rate3Url: `${checkin}?rating=3`,
    rate4Url: `${checkin}?rating=4`,
    rate5Url: `${checkin}?rating=5`,
    feedbackUrl: link('feedback', 'feedback'),
  },
  nudge: {
    ...common,
    preheader: 'Your shared free hours, to make booking easy.',
    firstName: 'Ada',
    partnerFirstName: 'Grace',
    daysQuiet: 16,
    overlapSummary: "You're both free Tue–Thu, 09:00–11:00 in Berlin (16:00–18:00 in Singapore).",
    toolSuggestion: "You both like Zoom, so that's an easy place to start.",
  },
  'nudge-second': {
    ...common,
    preheader: 'A short call is enough to get going again.',
    firstName: 'Ada',
    partnerFirstName: 'Grace',
    daysQuiet: 29,
  },
  escalation: {
    ...adminCommon,
    preheader: 'No activity for 43 days after 2 reminders. One click ends the pair and re-matches both.',
    mentorName: 'Grace Hopper',
    menteeName: 'Ada Lovelace',
    daysQuiet: 43,
    pairedOn: 'Mon 2 Nov',
    lastActivity: 'no activity since pairing',
    nudgesSent: 2,
    pairUrl: consolePage('pairs/pair_01JD8Q3ZK7M4W2X9V6T5R1N0BC'),
    adminReason: 'We flag a pair when it has been quiet for three times the 14-day meeting cadence.',
  },
  'admin-sign-in': {
    ...adminCommon,
    preheader: 'Open the link within 15 minutes to sign in. It works once.',
    signInUrl: consolePage('sign-in/Yk3xQ9v2mW7pL0aT5rN8cJ4hF6dS1eB0uG2iK9oZ'),
    expiresInMinutes: 15,
  },
  'confirmations-deferred': {
    ...adminCommon,
    preheader: 'Sign-ups are all stored; the rest of this hour’s confirmations go out from 10:00 UTC.',
    hourLabel: 'Mon, 30 Nov 2026, 09:00–10:00 UTC',
    limit: 500,
    resumesAt: '10:00 UTC',
    exportUrl: consolePage('export.csv'),
    adminReason:
      "More than 500 people asked for a confirmation email within one hour, the program's CONFIRMATIONS_PER_HOUR cap (CDK context confirmationsPerHour). You get this notice at most once per hour in which that happens.",
  },
  'send-quota-near': {
    ...adminCommon,
    preheader: 'Intros and follow-ups wait; confirmations and sign-in links still go out.',
    sentLast24Hours: 47_600,
    max24HourSend: 50_000,
    increaseUrl: 'https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-request-increase.html',
    adminReason: 'The SES account has sent 95% of its 24-hour quota. You get this notice at most once a day.',
  },
  'round-reminder': {
    ...adminCommon,
    preheader: '14 proposed pairs are waiting to be published.',
    proposedOn: 'Monday 23 November 2026',
    pairCount: 14,
    roundUrl: `${base}/admin/rounds/01JD8Q3ZK7M4W2X9V6T5R1N0BC`,
    adminReason:
      'The program matches in review mode: a round proposes pairs and sends nothing until an admin publishes it. You get this reminder once per round left unpublished for seven days.',
  },
  digest: digestSample(),
  'closing-survey': {
    ...common,
    preheader: 'Two minutes of feedback, and a one-click way into the next round.',
    firstName: 'Ada',
    partnerFirstName: 'Grace',
    weeks: 12,
    feedbackUrl: link('feedback', 'feedback'),
    rejoinUrl: `${base}/rejoin/${signToken({ p: 'confirm', s: 'p_01JD8Q3ZK7M4W2X9V6T5R1N0BC', e: expiry }, 'preview-secret')}`,
  },
  'command-confirm': {
    ...common,
    preheader: 'Nothing has changed yet: one press on the page confirms it.',
    firstName: 'Ada',
    request: 'stop all emails from Acme Remote Mentoring',
    manageUrl: `${link('unsubscribe', 'unsubscribe')}?ask=stop`,
  },
  'first-meeting': {
    ...common,
    preheader: 'A time you and Grace are both free: accept it in your calendar, or reply "accept".',
    firstName: 'Ada',
    partnerFirstName: 'Grace',
    when: 'Tue 8 Dec, 09:00 PST',
    partnerWhen: 'Tue 8 Dec, 18:00 CET',
    minutes: 30,
    place: 'Zoom',
    link: [{ url: 'https://zoom.example.com/j/123' }],
    lead: 'You and Grace are both free at this time, so we put your first meeting there.',
  },
  'first-meeting-by-reply': {
    ...common,
    preheader: 'Three times did not suit: reply with a time or two that work for you.',
    firstName: 'Ada',
    partnerFirstName: 'Grace',
    overlapSummary: "You're both free about 2 h a week: Tue 09:00–11:00 your time (18:00–20:00 for Grace).",
  },
  'first-meeting-cancelled': {
    ...common,
    preheader: 'The invitation is withdrawn from your calendar.',
    firstName: 'Ada',
    when: 'Tue 8 Dec, 09:00 PST',
  },
  'fit-check': {
    ...common,
    preheader: 'Good fit, still deciding, or not a good fit: one click, and only we see it.',
    firstName: 'Amara',
    partnerFirstName: 'Linus',
    goodUrl: `${link('fit', 'fit')}?answer=good`,
    decidingUrl: `${link('fit', 'fit')}?answer=deciding`,
    notUrl: `${link('fit', 'fit')}?answer=not`,
  },
  'fit-ended': {
    ...common,
    preheader: "Nobody is to blame: you're first in line for the next round.",
    firstName: 'Amara',
    partnerFirstName: 'Linus',
  },
  'fit-confirm': {
    ...common,
    preheader: 'Nothing has changed yet: one press on the page confirms it.',
    firstName: 'Amara',
    partnerFirstName: 'Linus',
    confirmUrl: `${link('fit', 'fit')}?answer=not`,
  },
  'webinar-invitation': {
    ...common,
    preheader: 'Kick-off: how the program works, Tuesday 12 January 2027, 17:00 UTC.',
    heading: "You're invited: Kick-off: how the program works",
    firstName: 'Amara',
    lead: 'Welcome to Acme Remote Mentoring! Our introductory session sets expectations for the program: how matching works, what a good first meeting looks like, and what to ask your partner.',
    sessionTitle: 'Kick-off: how the program works',
    when: 'Tuesday 12 January 2027, 17:00 to 18:00 (UTC)',
    joinUrl: 'https://meet.example.com/acme-kickoff',
    calendarNote: 'This email carries a calendar invitation: accept it in your calendar app to keep the session in your calendar.',
  },
};
