import { describe, expect, it } from 'vitest';
import { HTML_ONLY_VARS, TEMPLATE_AUDIENCE, templateVarKinds, type ScalarKind } from '../../../functions/email-rendering/catalogue';
import { EmailTemplateError, renderEmail, TEMPLATE_NAMES, type EmailVars, type TemplateName } from '../../../functions/email-rendering/render';
import { SAMPLE_VARS } from '../../../scripts/email-samples';

const common = {
  programName: 'Acme Mentoring',
  unsubscribeUrl: 'https://mentoring.example.test/unsubscribe/tok-unsub',
  identityLine: 'Acme Corp · 1 Example Way, Springfield',
  preheader: 'One click and you are in.',
};

// The shared samples (scripts/email-samples.ts) are these tests' fixtures too; links and a few values are set here.
const confirmVars = (over: Partial<EmailVars<'confirm'>> = {}): EmailVars<'confirm'> => ({
  ...SAMPLE_VARS.confirm,
  ...common,
  confirmUrl: 'https://mentoring.example.test/confirm/tok-confirm',
  ...over,
});

const alreadyVars = (over: Partial<EmailVars<'already-registered'>> = {}): EmailVars<'already-registered'> => ({
  ...SAMPLE_VARS['already-registered'],
  ...common,
  statusLine: "You're already in the matching pool.",
  actionLabel: 'See your sign-up',
  actionUrl: 'https://mentoring.example.test/me/tok-action',
  ...over,
});

const introVars = (over: Partial<EmailVars<'intro'>> = {}): EmailVars<'intro'> => ({
  ...SAMPLE_VARS.intro,
  ...common,
  feedbackUrl: 'https://mentoring.example.test/feedback/tok-feedback',
  ...over,
});

const notThisRoundVars = (over: Partial<EmailVars<'not-this-round'>> = {}): EmailVars<'not-this-round'> => ({
  ...SAMPLE_VARS['not-this-round'],
  ...common,
  manageUrl: 'https://mentoring.example.test/manage/tok-manage',
  ...over,
});

type RowMarker = Record<string, string | number>;
type Marker = string | number | string[] | RowMarker[];

/**
 * Every variable gets a distinct marker value (two items for a list or two records for
 * rows, or as many as it must hold at least), so each one can be found in the output.
 */
function markerVars(name: TemplateName): Record<string, Marker> {
  const kinds = templateVarKinds(name);
  const suffix = (n: number) => 'abcdefghij'[n]!;
  const scalar = (kind: ScalarKind, key: string, i: number, n = 0): string | number =>
    kind === 'url'
      ? `https://example.test/${key}/x${i}${suffix(n)}`
      : kind === 'number'
        ? 9000 + i * 10 + n
        : kind === 'colour'
          ? `#${(0xa00000 + i * 0x100 + n).toString(16)}`
          : `marker-${key}-${i}-${suffix(n)}`;
  return Object.fromEntries(
    Object.entries(kinds).map(([key, kind], i): [string, Marker] => {
      if (typeof kind === 'string') return [key, scalar(kind, key, i)];
      const count = Math.min(kind.max, Math.max(2, kind.min));
      if (kind.kind === 'list') return [key, Array.from({ length: count }, (_, n) => `marker-${key}-${i}-${suffix(n)}`)];
      const fields = Object.entries(kind.fields);
      return [
        key,
        Array.from({ length: count }, (_, n) => Object.fromEntries(fields.map(([field, k], f) => [field, scalar(k, `${key}.${field}`, i * 100 + f, n)]))),
      ];
    }),
  );
}

const render = (name: TemplateName, vars: object) => renderEmail(name, vars as unknown as EmailVars<typeof name>);

describe('renderEmail: every template', () => {
  it.each(TEMPLATE_NAMES)('%s renders subject, HTML and text with every declared variable filled', (name) => {
    const vars = markerVars(name);

    const email = render(name, vars);

    for (const part of [email.subject, email.html, email.text]) {
      expect(part).not.toMatch(/\{\{|\}\}/);
    }
    for (const [key, value] of Object.entries(vars)) {
      if (Array.isArray(value) && typeof value[0] === 'object') {
        // A record's field may be for one part only (a colour, a text line): each shows in one part at least.
        for (const record of value as RowMarker[]) {
          for (const [field, v] of Object.entries(record)) expect(`${email.html}\n${email.text}`, `${key}.${field}`).toContain(String(v));
        }
        continue;
      }
      const items = Array.isArray(value) ? value.map(String) : [String(value)];
      for (const v of items) expect(email.html, `HTML uses ${key}`).toContain(v);
      if (HTML_ONLY_VARS.includes(key)) continue;
      for (const v of items) expect(email.text, `text uses ${key}`).toContain(v);
    }
    expect(email.html.startsWith('<!doctype html>')).toBe(true);
    expect(email.html).toContain('<html lang="en"');
    expect(email.html).toContain(`<title>${email.subject}</title>`);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text.length).toBeGreaterThan(200);
  });

  it.each(TEMPLATE_NAMES)('%s: links are hrefs in HTML and written out in the text part', (name) => {
    const vars = markerVars(name);

    const email = render(name, vars);

    const urls = Object.values(vars).filter((v): v is string => typeof v === 'string' && v.startsWith('https://'));
    expect(urls.length).toBeGreaterThanOrEqual(1);
    for (const url of urls) {
      expect(email.html).toContain(`href="${url}"`);
      expect(email.text).toContain(url);
    }
  });

  // The invitation goes to someone who never signed up: its own footer (below).
  const participantTemplates = TEMPLATE_NAMES.filter((name) => TEMPLATE_AUDIENCE[name] === 'participant' && name !== 'invitation');
  const adminTemplates = TEMPLATE_NAMES.filter((name) => TEMPLATE_AUDIENCE[name] === 'admin');

  it.each(participantTemplates)('%s: footer says why, links to unsubscribe and carries the identity line', (name) => {
    const vars = markerVars(name);

    const email = render(name, vars);

    for (const part of [email.html, email.text]) {
      expect(part).toContain(`sign up for ${vars.programName}`);
      expect(part).toContain(String(vars.identityLine));
      expect(part).toMatch(/unsubscribe/i);
    }
    expect(email.html).toMatch(new RegExp(`<div style="display:none;[^"]*">${vars.preheader}`));
  });

  it('invitation: footer says the program team invited the address, links to decline it and carries the identity line', () => {
    const vars = markerVars('invitation');
    const email = render('invitation', vars);
    for (const part of [email.html, email.text]) {
      expect(part).toContain(`the team running ${vars.programName} invited this address`);
      expect(part).toContain(String(vars.identityLine));
      expect(part).toContain('Decline this invitation');
      expect(part).toContain(String(vars.unsubscribeUrl));
      expect(part).not.toContain('sign up for');
    }
  });

  it.each(adminTemplates)('%s (admin): footer says the reader is an admin and carries the identity line, with no unsubscribe link', (name) => {
    const vars = markerVars(name);

    const email = render(name, vars);

    expect(vars).not.toHaveProperty('unsubscribeUrl');
    for (const part of [email.html, email.text]) {
      expect(part).toContain(`You're receiving this email as an admin of ${vars.programName}.`);
      expect(part).toContain(String(vars.identityLine));
      expect(part).not.toMatch(/unsubscribe|sign up for/i);
    }
    expect(email.html).toMatch(new RegExp(`<div style="display:none;[^"]*">${vars.preheader}`));
  });

  it('has at least one admin template, and only admin templates go without an unsubscribe link', () => {
    expect(adminTemplates).toEqual(['escalation', 'admin-sign-in', 'confirmations-deferred', 'send-quota-near', 'round-reminder', 'digest']);
    for (const name of TEMPLATE_NAMES) {
      expect('unsubscribeUrl' in templateVarKinds(name), name).toBe(TEMPLATE_AUDIENCE[name] === 'participant');
    }
  });
});

describe('renderEmail: confirm', () => {
  it('greets, names the role, links the button and states the expiry', () => {
    const email = renderEmail('confirm', confirmVars({ expiresInDays: 3 }));

    expect(email.subject).toBe('Confirm your place in Acme Mentoring');
    expect(email.html).toContain('Hi Amara,');
    expect(email.html).toContain('signing up as a mentee for Acme Mentoring');
    expect(email.html).toMatch(/href="https:\/\/mentoring\.example\.test\/confirm\/tok-confirm"[^>]*>\s*Confirm my address\s*</);
    expect(email.html).toContain('expires in 3 days');
    expect(email.html).toContain("If this wasn't you, ignore this email");
    expect(email.text).toContain('Hi Amara,');
    expect(email.text).toContain('expires in 3 days');
    expect(email.text).toContain('https://mentoring.example.test/confirm/tok-confirm');
  });
});

describe('renderEmail: already-registered', () => {
  it("shows the caller's status line and action button", () => {
    const email = renderEmail('already-registered', alreadyVars());

    expect(email.subject).toBe('Your sign-up for Acme Mentoring');
    expect(email.html).toContain('You&#39;re already in the matching pool.');
    expect(email.html).toMatch(/href="https:\/\/mentoring\.example\.test\/me\/tok-action"[^>]*>\s*See your sign-up\s*</);
    expect(email.html).toContain("If this wasn't you, you can ignore this email");
    expect(email.text).toContain("You're already in the matching pool.");
    expect(email.text).toContain('See your sign-up:\nhttps://mentoring.example.test/me/tok-action');
  });
});

describe('renderEmail: intro', () => {
  it('introduces both people to the recipient, with the partner in the subject', () => {
    const email = renderEmail('intro', introVars());

    expect(email.subject).toBe('Meet your mentor: Grace Hopper');
    expect(email.html).toContain('<h1 style="margin: 0; font-size: 24px; line-height: 1.3; font-weight: 700;">Meet your mentor: Grace Hopper</h1>');
    for (const part of [email.html, email.text]) {
      expect(part).toContain("As the mentee, you'll be working with your mentor, Grace Hopper, for the next 12 weeks.");
      expect(part).toContain('Hi Ada,');
      expect(part).toContain('Grace is getting this same introduction');
      expect(part).toMatch(/Mentor(<\/span><br><span[^>]*>|: )Grace Hopper/);
      expect(part).toMatch(/Mentee(<\/span><br><span[^>]*>|: )Ada Lovelace/);
    }
  });

  it('lists every reason: as <li> items in HTML and as "- " lines in the text part', () => {
    const vars = introVars();

    const email = renderEmail('intro', vars);

    expect(email.html).toContain(`<ul style="margin: 0; padding: 0 0 0 22px;">${vars.reasons.map((r) => `<li>${r}</li>`).join('')}</ul>`);
    expect(email.text).toContain(`WHY WE MATCHED YOU\n\n${vars.reasons.map((r) => `- ${r}\n`).join('')}\n\nYOUR FIRST STEP`);
  });

  it('carries the guidelines, first step, ice-breaker, goal template and reply instructions in both parts', () => {
    const vars = introVars();

    const email = renderEmail('intro', vars);

    for (const part of [email.html, email.text]) {
      expect(part).toMatch(/every (<strong>)?14 days(<\/strong>)?, for (<strong>)?12 weeks/);
      expect(part).toMatch(/book (a|your first) call by Mon 7 Dec/i);
      expect(part).toContain('What was your dream job growing up?');
      for (const word of ['Specific', 'Measurable', 'Achievable', 'Relevant', 'Time-bound']) expect(part).toContain(word);
      expect(part).toMatch(/An example, from a mentee/);
      expect(part).toMatch(/mentee drives the agenda/);
      expect(part).toContain('Just reply to this email — it reaches Grace and us.');
      expect(part).toMatch(/Reply [“"]met[”"] after you meet, [“"]pause[”"] to pause reminders\./);
    }
    expect(email.html).toContain('You both like Zoom, so that&#39;s an easy place to start.');
    expect(email.text).toContain(vars.toolSuggestion);
    expect(email.text).toContain(vars.overlapSummary);
    expect(email.html).toMatch(/href="https:\/\/mentoring\.example\.test\/feedback\/tok-feedback"[^>]*>Tell us how it's going</);
    expect(email.text).toContain("Tell us how it's going:\nhttps://mentoring.example.test/feedback/tok-feedback");
  });
});

describe('renderEmail: not-this-round', () => {
  it("passes on the caller's reason and the next round, and links to managing participation", () => {
    const email = renderEmail('not-this-round', notThisRoundVars());

    expect(email.subject).toMatch(/^No match this round/);
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Hi Amara,');
      expect(part).toContain('This round there were more mentees than mentors with matching hours.');
      expect(part).toContain('stay in the pool as a mentee, with priority in the next round on Monday 7 December');
      expect(part).toContain('You can step out of the program at any time');
    }
    expect(email.html).toMatch(/href="https:\/\/mentoring\.example\.test\/manage\/tok-manage"[^>]*>\s*Manage my participation\s*</);
    expect(email.text).toContain('Manage my participation:\nhttps://mentoring.example.test/manage/tok-manage');
    expect(email.html).not.toMatch(/sorry|apolog|regret/i);
  });
});

describe('renderEmail: list variables', () => {
  const reasonsHtml = (html: string) => /<ul style="margin: 0; padding: 0 0 0 22px;">([\s\S]*?)<\/ul>/.exec(html)![1]!;
  const reasonsText = (text: string) => /WHY WE MATCHED YOU\n\n([\s\S]*?)\n\nYOUR FIRST STEP/.exec(text)![1]!;

  it('escapes each item in HTML and keeps it as it is in text', () => {
    const email = renderEmail('intro', introVars({ reasons: ['<script>alert(1)</script>', `"quotes" & 'apostrophes' <b>`] }));

    expect(reasonsHtml(email.html)).toBe('<li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li>&quot;quotes&quot; &amp; &#39;apostrophes&#39; &lt;b&gt;</li>');
    expect(email.html).not.toContain('<script>');
    expect(reasonsText(email.text)).toBe(`- <script>alert(1)</script>\n- "quotes" & 'apostrophes' <b>\n`);
  });

  it('makes each item one line: CR, LF and other control characters cannot add lines or bullets', () => {
    const email = renderEmail('intro', introVars({ reasons: ['both prefer Zoom\r\n- injected line', 'a\u0000b\u2028c\t d \u009b', '  padded  '] }));

    expect(reasonsText(email.text)).toBe('- both prefer Zoom - injected line\n- ab c d\n- padded\n');
    expect(reasonsHtml(email.html)).toBe('<li>both prefer Zoom - injected line</li><li>ab c d</li><li>padded</li>');
  });

  it('writes nothing for an empty list: no <li>, no blank line', () => {
    const email = renderEmail('intro', introVars({ reasons: [] }));

    expect(reasonsHtml(email.html)).toBe('');
    expect(reasonsText(email.text)).toBe('');
    expect(email.html).not.toContain('<li></li>');
  });

  it('takes up to 20 items and rejects 21', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => `reason ${i + 1}`);

    expect(
      reasonsText(renderEmail('intro', introVars({ reasons: items(20) })).text)
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(20);
    expect(() => renderEmail('intro', introVars({ reasons: items(21) }))).toThrow(/'reasons' has 21 items, at most 20/);
  });

  it('rejects values that are not arrays of non-blank strings, without echoing them', () => {
    expect(() => render('intro', { ...introVars(), reasons: 'both prefer Zoom' })).toThrow(/'reasons' must be an array of strings/);
    expect(() => render('intro', { ...introVars(), reasons: ['ok', 42] })).toThrow(/'reasons' item 1 must be a string/);
    expect(() => render('intro', { ...introVars(), reasons: ['ok', ' \r\n\t'] })).toThrow(/'reasons' item 1 is blank/);
    expect(() => render('intro', { ...introVars(), reasons: undefined })).toThrow(/missing the variable 'reasons'/);
    expect(() => render('intro', { ...introVars(), reasons: ['secret-reason', 7] })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-reason') }),
    );
  });

  it('accepts a frozen (readonly) array and leaves it untouched', () => {
    const reasons = Object.freeze(['both prefer Zoom', 'different departments']);

    const email = renderEmail('intro', introVars({ reasons }));

    expect(reasonsText(email.text)).toBe('- both prefer Zoom\n- different departments\n');
    expect(reasons).toEqual(['both prefer Zoom', 'different departments']);
  });
});

describe('renderEmail: escaping', () => {
  const nasty = `<b>Bob</b> "Bobby" O'Brien & Co 🎉`;

  it('HTML-escapes values everywhere in the HTML part', () => {
    const email = renderEmail('confirm', confirmVars({ firstName: nasty, programName: '<i>Acme</i> & "Friends"' }));

    expect(email.html).toContain('Hi &lt;b&gt;Bob&lt;/b&gt; &quot;Bobby&quot; O&#39;Brien &amp; Co 🎉,');
    expect(email.html).not.toContain('<b>Bob');
    expect(email.html).not.toContain('<i>Acme');
    expect(email.html).toContain('<title>Confirm your place in &lt;i&gt;Acme&lt;/i&gt; &amp; &quot;Friends&quot;</title>');
    expect(email.html).toContain('aria-label="Confirm your place in &lt;i&gt;Acme&lt;/i&gt; &amp; &quot;Friends&quot;"');
  });

  it('keeps values as they are in the text part and the subject', () => {
    const email = renderEmail('confirm', confirmVars({ firstName: nasty, programName: 'Acme & "Friends" 🎉' }));

    expect(email.text).toContain(`Hi ${nasty},`);
    expect(email.subject).toBe('Confirm your place in Acme & "Friends" 🎉');
  });

  it('keeps emoji and non-Latin text intact in every part', () => {
    const name = 'Zoë 李雷 Наташа مريم 👩🏽‍💻';
    const program = 'Mentorat été 🌱 メンター';

    const email = renderEmail('confirm', confirmVars({ firstName: name, programName: program }));

    expect(email.html).toContain(`Hi ${name},`);
    expect(email.text).toContain(`Hi ${name},`);
    expect(email.subject).toBe(`Confirm your place in ${program}`);
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const part of [email.subject, email.html, email.text]) expect(part).not.toMatch(loneSurrogate);
  });

  it('removes CR, LF and control characters from the subject (no header injection)', () => {
    const email = renderEmail('confirm', confirmVars({ programName: 'Acme\r\nBcc: victim@example.com\u0000\u2028 \t  X ' }));

    expect(email.subject).toBe('Confirm your place in Acme Bcc: victim@example.com X');
    const codes = [...email.subject].map((ch) => ch.codePointAt(0)!);
    expect(codes.filter((c) => c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029)).toEqual([]);
  });

  it('removes control characters other than newline from the text part', () => {
    const email = renderEmail('confirm', confirmVars({ firstName: 'An\u0000n\u0007\tie\r\nX\u009b' }));

    expect(email.text).toContain('Hi Annie\nX,');
    expect(email.html).toContain('Hi Ann\tie\nX,');
  });

  it('escapes URLs inside href attributes', () => {
    const url = 'https://mentoring.example.test/confirm/t?a=1&b="><script>alert(1)</script>';

    const email = renderEmail('confirm', confirmVars({ confirmUrl: url }));

    expect(email.html).toContain('href="https://mentoring.example.test/confirm/t?a=1&amp;b=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(email.html).not.toContain('<script>');
    expect(email.text).toContain(url);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'mailto:someone@example.com',
    '//evil.example.com/confirm',
    '/confirm/relative',
    'https://exa mple.com/x',
    'https://example.com/x\r\nBcc: a@b.c',
    'http://',
    '',
  ])('rejects a non-http(s) URL: %j', (bad) => {
    expect(() => renderEmail('confirm', confirmVars({ confirmUrl: bad }))).toThrow(EmailTemplateError);
    expect(() => renderEmail('already-registered', alreadyVars({ actionUrl: bad }))).toThrow(/actionUrl/);
    expect(() => renderEmail('confirm', confirmVars({ unsubscribeUrl: bad }))).toThrow(/unsubscribeUrl/);
  });

  it('accepts http and https URLs in any letter case', () => {
    const email = renderEmail('confirm', confirmVars({ confirmUrl: 'HTTP://localhost:3000/confirm/x' }));

    expect(email.html).toContain('href="HTTP://localhost:3000/confirm/x"');
  });
});

describe('renderEmail: variables are a contract', () => {
  it('throws on a missing variable, naming it', () => {
    const { role: _role, ...vars } = confirmVars();

    expect(() => render('confirm', vars)).toThrow(/missing the variable 'role'/);
  });

  it('throws on an unknown variable, naming it', () => {
    expect(() => render('confirm', { ...confirmVars(), lastName: 'Smith' })).toThrow(/no variable 'lastName'/);
  });

  it("throws on another template's variable", () => {
    expect(() => render('confirm', { ...confirmVars(), actionUrl: 'https://x.test/' })).toThrow(EmailTemplateError);
  });

  it('throws on an unknown template', () => {
    expect(() => render('nope' as TemplateName, confirmVars())).toThrow(/Unknown email template 'nope'/);
  });

  it('throws on values of the wrong type', () => {
    expect(() => render('confirm', { ...confirmVars(), expiresInDays: Number.NaN })).toThrow(/expiresInDays/);
    expect(() => render('confirm', { ...confirmVars(), expiresInDays: '7' })).toThrow(/expiresInDays/);
    expect(() => render('confirm', { ...confirmVars(), firstName: 42 })).toThrow(/firstName/);
    expect(() => render('confirm', { ...confirmVars(), firstName: null })).toThrow(/firstName/);
  });

  it('does not put the offending value in the error message (it may carry a token or PII)', () => {
    const bad = 'javascript:secret-token-123';

    expect(() => renderEmail('confirm', confirmVars({ confirmUrl: bad }))).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-token-123') }),
    );
  });

  it('renders the same output for the same input (no state between renders)', () => {
    const first = renderEmail('confirm', confirmVars({ firstName: '<x>' }));
    renderEmail('confirm', confirmVars({ firstName: 'Other' }));

    expect(renderEmail('confirm', confirmVars({ firstName: '<x>' }))).toEqual(first);
  });
});
