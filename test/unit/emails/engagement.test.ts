/**
 * The pair-engagement emails (issue 4): ice-breakers, conversation starters,
 * check-in, the two nudges, the admin escalation and the closing survey.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { EmailTemplateError, renderEmail, TEMPLATE_NAMES, type EmailVars, type TemplateName } from '../../../functions/email-rendering/render';
import { SAMPLE_VARS } from '../../../scripts/email-samples';

const adminCommon = {
  programName: 'Acme Mentoring',
  identityLine: 'Acme Corp · 1 Example Way, Springfield',
  preheader: 'A short preview line.',
};
const common = { ...adminCommon, unsubscribeUrl: 'https://mentoring.example.test/unsubscribe/tok-unsub' };
const pair = { firstName: 'Ada', partnerFirstName: 'Grace' };

const icebreakersVars = (over: Partial<EmailVars<'icebreakers'>> = {}): EmailVars<'icebreakers'> => ({
  ...common,
  ...pair,
  questions: ['What was your dream job growing up?', "What's your favorite movie?", "What's the scariest thing you've done for fun?"],
  ...over,
});

const startersVars = (over: Partial<EmailVars<'starters'>> = {}): EmailVars<'starters'> => ({
  ...common,
  ...pair,
  prompts: ['Where do you see yourself in five years?', 'What is a skill that you would like to improve?', 'What is something you are frustrated by?'],
  ...over,
});

const checkinUrl = (answer: string) => `https://mentoring.example.test/checkin/tok-checkin?a=${answer}`;
const checkinVars = (over: Partial<EmailVars<'checkin'>> = {}): EmailVars<'checkin'> => ({
  ...common,
  ...pair,
  meetingNumber: 2,
  metUrl: checkinUrl('met'),
  notYetUrl: checkinUrl('not-yet'),
  rate1Url: checkinUrl('r1'),
  rate2Url: checkinUrl('r2'),
  rate3Url: checkinUrl('r3'),
  rate4Url: checkinUrl('r4'),
  rate5Url: checkinUrl('r5'),
  feedbackUrl: 'https://mentoring.example.test/feedback/tok-feedback',
  ...over,
});

// From here on the shared samples (scripts/email-samples.ts) are the fixtures, with test links.
const nudgeVars = (over: Partial<EmailVars<'nudge'>> = {}): EmailVars<'nudge'> => ({ ...SAMPLE_VARS.nudge, ...common, ...over });

const nudgeSecondVars = (over: Partial<EmailVars<'nudge-second'>> = {}): EmailVars<'nudge-second'> => ({ ...SAMPLE_VARS['nudge-second'], ...common, ...over });

const escalationVars = (over: Partial<EmailVars<'escalation'>> = {}): EmailVars<'escalation'> => ({
  ...SAMPLE_VARS.escalation,
  ...adminCommon,
  pairUrl: 'https://mentoring.example.test/admin/pairs/pair-1',
  ...over,
});

const closingVars = (over: Partial<EmailVars<'closing-survey'>> = {}): EmailVars<'closing-survey'> => ({
  ...SAMPLE_VARS['closing-survey'],
  ...common,
  feedbackUrl: 'https://mentoring.example.test/feedback/tok-closing',
  rejoinUrl: 'https://mentoring.example.test/rejoin/tok-rejoin',
  ...over,
});

const render = (name: TemplateName, vars: object) => renderEmail(name, vars as unknown as EmailVars<typeof name>);

/** Every href in the HTML, unescaped. */
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

/** The <a> element whose href is `url`. */
const anchor = (html: string, url: string) => {
  const found = new RegExp(`<a href="${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>[\\s\\S]*?</a>`).exec(html);
  expect(found, `a link to ${url}`).not.toBeNull();
  return found![0];
};
const visibleText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('engagement emails: with the preview samples', () => {
  it.each(TEMPLATE_NAMES)('%s renders every part with no leftover placeholder, and a one-line subject', (name) => {
    const email = render(name, SAMPLE_VARS[name]);

    for (const part of [email.subject, email.html, email.text]) expect(part).not.toMatch(/\{\{|\}\}/);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text).not.toMatch(/\n{4,}/);
  });

  it.each(TEMPLATE_NAMES)('%s: the text part carries every link of the HTML and every list item', (name) => {
    // (Records of `rows` variables are checked per template, e.g. in digest.test.ts.)
    const vars = SAMPLE_VARS[name] as unknown as Record<string, unknown>;

    const email = render(name, vars);

    const links = hrefs(email.html);
    expect(links.length).toBeGreaterThan(0);
    for (const url of links) expect(email.text).toContain(url);
    for (const value of Object.values(vars)) {
      if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') expect(email.text).toContain(`\n- ${item}\n`);
    }
  });
});

describe('renderEmail: icebreakers', () => {
  it('offers the three questions as a numbered list, pick any or skip any, and asks for "met"', () => {
    const vars = icebreakersVars();

    const email = renderEmail('icebreakers', vars);

    expect(email.subject).toBe('Three ice-breakers for you and Grace');
    expect(email.html).toContain(
      `<ol style="margin: 0; padding: 0 0 0 24px;">${vars.questions.map((q) => `<li>${q.replaceAll("'", '&#39;')}</li>`).join('')}</ol>`,
    );
    expect(email.text).toContain(`getting comfortable: pick any, skip any.\n\n${vars.questions.map((q) => `- ${q}\n`).join('')}\nTry this`);
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Hi Ada,');
      expect(part).toContain('pick any, skip any');
      expect(part).toMatch(/first call:(<\/strong>)? each of you answers one, then trade/);
      expect(part).toMatch(/Once you've met,(<\/strong>)? reply [“"]met[”"] to this email/);
    }
  });

  it.each([2, 4, 0])('rejects %i questions: the subject promises three', (n) => {
    const questions = Array.from({ length: n }, (_, i) => `Question ${i + 1}?`);

    expect(() => renderEmail('icebreakers', icebreakersVars({ questions }))).toThrow(/'questions' has \d+ items, at (least|most) 3/);
  });
});

describe('renderEmail: starters', () => {
  it('moves from personal to practical with the prompts, in both parts', () => {
    const vars = startersVars();

    const email = renderEmail('starters', vars);

    expect(email.subject).toBe('Conversation starters for your next call with Grace');
    for (const part of [email.html, email.text]) {
      expect(part).toContain('from personal to practical');
      expect(part).toContain('your next call with Grace');
      for (const prompt of vars.prompts) expect(part).toContain(prompt);
      expect(part).toMatch(/reply [“"]met[”"] to this email/);
    }
  });

  it('takes 2 to 4 prompts', () => {
    const prompts = (n: number) => Array.from({ length: n }, (_, i) => `Prompt ${i + 1}?`);

    expect(renderEmail('starters', startersVars({ prompts: prompts(2) })).text).toContain('- Prompt 2?\n');
    expect(renderEmail('starters', startersVars({ prompts: prompts(4) })).text).toContain('- Prompt 4?\n');
    expect(() => renderEmail('starters', startersVars({ prompts: prompts(1) }))).toThrow(/'prompts' has 1 items, at least 2 are required/);
    expect(() => renderEmail('starters', startersVars({ prompts: prompts(5) }))).toThrow(/'prompts' has 5 items, at most 4 are allowed/);
  });
});

describe('renderEmail: checkin', () => {
  it('asks with one-click answers, says replying "met" works too, and links the longer form', () => {
    const vars = checkinVars();

    const email = renderEmail('checkin', vars);

    expect(email.subject).toBe('Did you and Grace meet?');
    expect(visibleText(anchor(email.html, vars.metUrl))).toBe('Yes, we met');
    expect(visibleText(anchor(email.html, vars.notYetUrl))).toBe('Not yet');
    expect(visibleText(anchor(email.html, vars.feedbackUrl))).toBe('Tell us what went well and what could be better');
    expect(email.text).toContain(`Yes, we met:\n${vars.metUrl}\n`);
    expect(email.text).toContain(`Not yet:\n${vars.notYetUrl}\n`);
    expect(email.text).toContain(`Tell us what went well and what could be better:\n${vars.feedbackUrl}\n`);
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Meeting 2 with Grace was due around now.');
      expect(part).toMatch(/Replying [“"]met[”"] to this email works too\./);
    }
    expect(email.html).toContain('How useful was it?</h2>');
    expect(email.text).toContain('\n\nHOW USEFUL WAS IT?\n\n');
  });

  it('rates 1–5 with five links that each have a visible text label and an accessible name', () => {
    const vars = checkinVars();

    const email = renderEmail('checkin', vars);

    const labels = ['Not really', 'A little', 'Somewhat', 'Quite', 'Very'];
    const urls = [vars.rate1Url, vars.rate2Url, vars.rate3Url, vars.rate4Url, vars.rate5Url];
    urls.forEach((url, i) => {
      const n = i + 1;
      const a = anchor(email.html, url);
      expect(a).toContain(`aria-label="Rate ${n} out of 5: ${labels[i]!.toLowerCase()} useful"`);
      expect(a).toContain(`title="Rate ${n} out of 5: ${labels[i]!.toLowerCase()} useful"`);
      // Visible text, not colour alone: the number and its word.
      expect(visibleText(a)).toBe(`${n} ${labels[i]}`);
      expect(email.text).toContain(`Rate ${n} out of 5 (${labels[i]!.toLowerCase()} useful):\n${url}\n`);
    });
  });
});

describe('renderEmail: nudge', () => {
  it('is warm, gives the shared hours and tool, makes replying the way to schedule, and offers "pause"', () => {
    const vars = nudgeVars();

    const email = renderEmail('nudge', vars);

    expect(email.subject).toBe('Time to catch up with Grace?');
    expect(email.html).toContain('You both like Zoom, so that&#39;s an easy place to start.');
    for (const part of [email.html, email.text]) {
      expect(part).toContain("We haven't heard from you and Grace for 16 days.");
      expect(part).toContain(part === email.html ? vars.overlapSummary.replaceAll("'", '&#39;') : vars.overlapSummary);
      expect(part).toContain('reply to this email with a time or two that work for you. Your reply reaches Grace too.');
      expect(part).toMatch(/Reply [“"]met[”"] and we'll note it\./);
      expect(part).toMatch(/Reply [“"]pause[”"] and we'll pause reminders for 30 days\./);
      expect(part).not.toMatch(/sorry|fail|should have|disappoint|must|overdue/i);
    }
  });
});

describe('renderEmail: nudge-second', () => {
  it('is shorter, suggests a 15-minute call, and says telling us it is not working is fine', () => {
    const email = renderEmail('nudge-second', nudgeSecondVars());

    expect(email.subject).toBe('15 minutes with Grace this week?');
    for (const part of [email.html, email.text]) {
      expect(part).toContain("It's been 29 days since we last heard from you and Grace.");
      expect(part).toContain('a 15-minute call this week');
      expect(part).toMatch(/Not working out\?(<\/strong>)? That's fine, and it happens\. Reply and tell us/);
      expect(part).toContain('your reply comes to us, not to Grace');
    }
    expect(email.text.length).toBeLessThan(renderEmail('nudge', nudgeVars()).text.length);
  });
});

describe('renderEmail: escalation (admin)', () => {
  it('names the pair in the subject and sums up what we know', () => {
    const vars = escalationVars({ lastActivity: 'last check-in 9 Nov', nudgesSent: 1 });

    const email = renderEmail('escalation', vars);

    expect(email.subject).toBe('Pair at risk: Grace Hopper and Ada Lovelace, 43 days quiet');
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Grace Hopper and Ada Lovelace have gone quiet');
      expect(part).toContain('This pair in Acme Mentoring has had no activity for 43 days');
      expect(part).toMatch(/Mentor(<\/th><td[^>]*>|: )Grace Hopper/);
      expect(part).toMatch(/Mentee(<\/th><td[^>]*>|: )Ada Lovelace/);
      expect(part).toMatch(/Paired on(<\/th><td[^>]*>|: )Mon 2 Nov/);
      expect(part).toMatch(/Quiet for(<\/th><td[^>]*>|: )43 days \(last check-in 9 Nov\)/);
      expect(part).toMatch(/Reminders sent(<\/th><td[^>]*>|: )1/);
      expect(part).toContain(vars.adminReason);
    }
  });

  it('links to the pair in the console (no bearer link) as a button, a fallback link and a text-part link', () => {
    const vars = escalationVars();

    const email = renderEmail('escalation', vars);

    expect(email.html).toMatch(/href="https:\/\/mentoring\.example\.test\/admin\/pairs\/pair-1"[^>]*>\s*Open this pair in the console\s*</);
    expect(hrefs(email.html).filter((url) => url === vars.pairUrl)).toHaveLength(2);
    expect(email.text).toContain(`Open this pair in the console (sign in first when asked):\n${vars.pairUrl}\n`);
  });

  it('has no unsubscribe link, and carries the admin footer with the identity line', () => {
    const email = renderEmail('escalation', escalationVars());

    for (const part of [email.html, email.text]) {
      expect(part).not.toMatch(/unsubscribe/i);
      expect(part).toContain("You're receiving this email as an admin of Acme Mentoring.");
      expect(part).toContain('Acme Corp · 1 Example Way, Springfield');
    }
    expect(hrefs(email.html)).toEqual([escalationVars().pairUrl, escalationVars().pairUrl]);
  });

  it('rejects an unsubscribeUrl, at compile time and at run time, saying why', () => {
    expectTypeOf<EmailVars<'escalation'>>().not.toHaveProperty('unsubscribeUrl');
    expectTypeOf<EmailVars<'nudge'>>().toHaveProperty('unsubscribeUrl');

    // @ts-expect-error: an admin email takes no participant unsubscribe link.
    const call = () => renderEmail('escalation', { ...escalationVars(), unsubscribeUrl: common.unsubscribeUrl });

    expect(call).toThrow(EmailTemplateError);
    expect(call).toThrow(/'escalation' is an admin email: it has no participant unsubscribe link/);
  });
});

describe('renderEmail: closing-survey', () => {
  it('thanks them, asks for 2 minutes of feedback and offers the next round', () => {
    const vars = closingVars();

    const email = renderEmail('closing-survey', vars);

    expect(email.subject).toBe('12 weeks with Grace: how did it go?');
    expect(email.html).toMatch(/href="https:\/\/mentoring\.example\.test\/feedback\/tok-closing"[^>]*>\s*Share how it went\s*</);
    expect(email.html).toMatch(/href="https:\/\/mentoring\.example\.test\/rejoin\/tok-rejoin"[^>]*>\s*Join the next round\s*</);
    expect(email.text).toContain(`Share how it went:\n${vars.feedbackUrl}\n`);
    expect(email.text).toContain(`Join the next round:\n${vars.rejoinUrl}\n`);
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Your 12 weeks with Grace in Acme Mentoring are up. Thank you');
      expect(part).toMatch(/spare 2 minutes\?/);
      expect(part).toContain('Join the next matching round from the link below');
    }
  });
});

describe('engagement emails: escaping', () => {
  const nasty = `<b>Bob</b> "Bobby" O'Brien`;
  const escaped = '&lt;b&gt;Bob&lt;/b&gt; &quot;Bobby&quot; O&#39;Brien';

  const cases: [TemplateName, object][] = [
    ['icebreakers', icebreakersVars({ partnerFirstName: nasty })],
    ['starters', startersVars({ partnerFirstName: nasty })],
    ['checkin', checkinVars({ partnerFirstName: nasty })],
    ['nudge', nudgeVars({ partnerFirstName: nasty })],
    ['nudge-second', nudgeSecondVars({ partnerFirstName: nasty })],
    ['closing-survey', closingVars({ partnerFirstName: nasty })],
    ['escalation', escalationVars({ mentorName: nasty, menteeName: nasty })],
  ];

  it.each(cases)('%s: a partner name with <b> and quotes is escaped in HTML (also <title> and aria-label) and kept as-is in text and subject', (name, vars) => {
    const email = render(name, vars);

    expect(email.html).toContain(escaped);
    expect(email.html).not.toContain('<b>Bob');
    expect(email.html).toContain(
      `<title>${email.subject.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')}</title>`,
    );
    expect(email.subject).toContain(nasty);
    expect(email.text).toContain(nasty);
  });

  it('escapes list items of the new templates and keeps them one line each', () => {
    const email = renderEmail('icebreakers', icebreakersVars({ questions: ['<img src=x onerror=alert(1)>?', 'Two\r\n- injected?', `"Three" & 'four'?`] }));

    expect(email.html).toContain('<li>&lt;img src=x onerror=alert(1)&gt;?</li><li>Two - injected?</li><li>&quot;Three&quot; &amp; &#39;four&#39;?</li>');
    expect(email.text).toContain(`- <img src=x onerror=alert(1)>?\n- Two - injected?\n- "Three" & 'four'?\n`);
  });
});
