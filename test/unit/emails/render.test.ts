import { describe, expect, it } from 'vitest';
import { COMMON_VARS, HTML_ONLY_VARS, TEMPLATE_VARS } from '../../../functions/emails/catalogue';
import {
  EmailTemplateError,
  renderEmail,
  TEMPLATE_NAMES,
  type EmailVars,
  type TemplateName,
} from '../../../functions/emails/render';

const common = {
  programName: 'Acme Mentoring',
  unsubscribeUrl: 'https://mentoring.example.test/unsubscribe/tok-unsub',
  identityLine: 'Acme Corp · 1 Example Way, Springfield',
  preheader: 'One click and you are in.',
};

const confirmVars = (over: Partial<EmailVars<'confirm'>> = {}): EmailVars<'confirm'> => ({
  ...common,
  firstName: 'Amara',
  role: 'mentee',
  confirmUrl: 'https://mentoring.example.test/confirm/tok-confirm',
  expiresInDays: 7,
  ...over,
});

const alreadyVars = (over: Partial<EmailVars<'already-registered'>> = {}): EmailVars<'already-registered'> => ({
  ...common,
  firstName: 'Amara',
  statusLine: "You're already in the matching pool.",
  actionLabel: 'See your sign-up',
  actionUrl: 'https://mentoring.example.test/me/tok-action',
  ...over,
});

/** Every variable gets a distinct marker value, so each one can be found in the output. */
function markerVars(name: TemplateName): Record<string, string | number> {
  const kinds = { ...COMMON_VARS, ...TEMPLATE_VARS[name] } as Record<string, string>;
  return Object.fromEntries(
    Object.entries(kinds).map(([key, kind], i) => [
      key,
      kind === 'url' ? `https://example.test/${key}/x${i}` : kind === 'number' ? 9000 + i : `marker-${key}-${i}`,
    ]),
  );
}

const render = (name: TemplateName, vars: object) =>
  renderEmail(name, vars as unknown as EmailVars<typeof name>);

describe('renderEmail: every template', () => {
  it.each(TEMPLATE_NAMES)('%s renders subject, HTML and text with every declared variable filled', (name) => {
    const vars = markerVars(name);

    const email = render(name, vars);

    for (const part of [email.subject, email.html, email.text]) {
      expect(part).not.toMatch(/\{\{|\}\}/);
    }
    for (const [key, value] of Object.entries(vars)) {
      expect(email.html, `HTML uses ${key}`).toContain(String(value));
      if (!HTML_ONLY_VARS.includes(key)) expect(email.text, `text uses ${key}`).toContain(String(value));
    }
    expect(email.html.startsWith('<!doctype html>')).toBe(true);
    expect(email.html).toContain('<html lang="en"');
    expect(email.html).toContain(`<title>${email.subject}</title>`);
    expect(email.subject).toContain(String(vars.programName));
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text.length).toBeGreaterThan(200);
  });

  it.each(TEMPLATE_NAMES)('%s: links are hrefs in HTML and written out in the text part', (name) => {
    const vars = markerVars(name);

    const email = render(name, vars);

    const urls = Object.values(vars).filter((v): v is string => typeof v === 'string' && v.startsWith('https://'));
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) {
      expect(email.html).toContain(`href="${url}"`);
      expect(email.text).toContain(url);
    }
  });

  it.each(TEMPLATE_NAMES)('%s: footer says why, links to unsubscribe and carries the identity line', (name) => {
    const vars = markerVars(name);

    const email = render(name, vars);

    for (const part of [email.html, email.text]) {
      expect(part).toContain(`sign up for ${vars.programName}`);
      expect(part).toContain(String(vars.identityLine));
      expect(part).toMatch(/unsubscribe/i);
    }
    expect(email.html).toMatch(new RegExp(`<div style="display:none;[^"]*">${vars.preheader}`));
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
  it('shows the caller\'s status line and action button', () => {
    const email = renderEmail('already-registered', alreadyVars());

    expect(email.subject).toBe('Your sign-up for Acme Mentoring');
    expect(email.html).toContain('You&#39;re already in the matching pool.');
    expect(email.html).toMatch(/href="https:\/\/mentoring\.example\.test\/me\/tok-action"[^>]*>\s*See your sign-up\s*</);
    expect(email.html).toContain("If this wasn't you, you can ignore this email");
    expect(email.text).toContain("You're already in the matching pool.");
    expect(email.text).toContain('See your sign-up:\nhttps://mentoring.example.test/me/tok-action');
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

    expect(() => renderEmail('confirm', confirmVars({ confirmUrl: bad }))).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret-token-123') }));
  });

  it('renders the same output for the same input (no state between renders)', () => {
    const first = renderEmail('confirm', confirmVars({ firstName: '<x>' }));
    renderEmail('confirm', confirmVars({ firstName: 'Other' }));

    expect(renderEmail('confirm', confirmVars({ firstName: '<x>' }))).toEqual(first);
  });
});
