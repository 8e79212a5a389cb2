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

const common = {
  programName: 'Acme Remote Mentoring',
  unsubscribeUrl: link('unsubscribe', 'unsubscribe'),
  identityLine: 'Acme Corp · People Team · 1 Example Way, Springfield, 12345',
};

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
