/**
 * `npm run emails:preview`: renders every template with realistic sample data
 * into preview/<name>.html and preview/<name>.txt (gitignored) and prints the paths.
 * Open the HTML in a browser, or screenshot it with headless Chromium.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { signToken } from '../functions/domain/tokens';
import { renderEmail, TEMPLATE_NAMES, type EmailVars, type TemplateName } from '../functions/emails/render';

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

/** Sample variables for every template (also used by the bench). */
export const SAMPLE_VARS: { [N in TemplateName]: EmailVars<N> } = {
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
    rematchUrl: `${base}/admin/rematch/${signToken({ p: 'admin', s: 'pair_01JD8Q3ZK7M4W2X9V6T5R1N0BC', e: expiry }, 'preview-secret')}`,
    adminReason: 'We flag a pair when it has been quiet for three times the 14-day meeting cadence.',
  },
  'closing-survey': {
    ...common,
    preheader: 'Two minutes of feedback, and a one-click way into the next round.',
    firstName: 'Ada',
    partnerFirstName: 'Grace',
    weeks: 12,
    feedbackUrl: link('feedback', 'feedback'),
    rejoinUrl: `${base}/rejoin/${signToken({ p: 'confirm', s: 'p_01JD8Q3ZK7M4W2X9V6T5R1N0BC', e: expiry }, 'preview-secret')}`,
  },
};

function main(): void {
  const dir = join(import.meta.dirname, '..', 'preview');
  mkdirSync(dir, { recursive: true });
  for (const name of TEMPLATE_NAMES) {
    const email = renderEmail(name, SAMPLE_VARS[name] as EmailVars<typeof name>);
    const html = join(dir, `${name}.html`);
    const text = join(dir, `${name}.txt`);
    writeFileSync(html, email.html);
    writeFileSync(text, `Subject: ${email.subject}\n\n${email.text}`);
    console.log(`${relative(process.cwd(), html)}\n${relative(process.cwd(), text)}`);
  }
}

if (process.argv[1] && import.meta.filename === realpathSync(process.argv[1])) main();
