import { describe, expect, it } from 'vitest';
import { htmlToText, STRIP_MAX_CHARS, stripQuoted } from '../../../functions/domain/reply/strip-quoted';

const lines = (...l: string[]) => l.join('\n');

describe('stripQuoted', () => {
  it('trims, normalizes line endings and collapses blank runs', () => {
    expect(stripQuoted('\r\n\r\n  Hello Grace,  \r\n\r\n\r\n\r\nSee you Friday.\r\n\r\n')).toBe('Hello Grace,\n\nSee you Friday.');
  });

  it('leaves a reply without history alone', () => {
    expect(stripQuoted('Met.\nIt was great.')).toBe('Met.\nIt was great.');
  });

  it('cuts at the first quoted line when there is no attribution', () => {
    expect(stripQuoted(lines('Sounds good', '> original', '> text'))).toBe('Sounds good');
  });

  it('handles an attribution wrapped over three lines', () => {
    const text = lines(
      'Met',
      'On Tue, 1 Dec 2026 at 09:00, Mentor Loop for the Example Engineering Mentoring',
      'Programme via Example Mentoring <',
      'reply+pair-abc-0123456789abcdef@reply.example.org> wrote:',
      'Hello',
    );
    expect(stripQuoted(text)).toBe('Met');
  });

  it('does not treat a date-less "… wrote:" in the body as history unless quotes follow', () => {
    expect(stripQuoted(lines('This is what Grace wrote:', 'practice daily.'))).toBe(lines('This is what Grace wrote:', 'practice daily.'));
    expect(stripQuoted(lines('Agreed.', '', 'Grace Hopper wrote:', '> practice daily.'))).toBe('Agreed.');
  });

  it('keeps an ordinary line that starts like an attribution', () => {
    expect(stripQuoted(lines('On Friday we meet again.', 'Am Montag auch.'))).toBe(lines('On Friday we meet again.', 'Am Montag auch.'));
  });

  it('needs a Sent/Date and a To/Subject line before calling "From:" a header block', () => {
    expect(stripQuoted(lines('From: my side all fine.', 'Talk soon'))).toBe(lines('From: my side all fine.', 'Talk soon'));
  });

  it('cuts the localized Outlook separators and Apple forwards', () => {
    for (const marker of [
      '-----Message d’origine-----',
      '-----Mensaje original-----',
      '-----Oorspronkelijk bericht-----',
      'Begin forwarded message:',
      'Anfang der weitergeleiteten Nachricht:',
    ]) {
      expect(stripQuoted(lines('Mine', '', marker, 'Theirs'))).toBe('Mine');
    }
  });

  it('cuts mobile signatures in several languages', () => {
    for (const signature of [
      'Sent from my Galaxy',
      'Sent from Outlook for Android',
      'Sent from Mail for Windows',
      'Get Outlook for Android',
      'Von meinem iPad gesendet',
      'Envoyé de mon iPhone',
      'Enviado desde mi Samsung',
      'Verzonden vanaf mijn iPhone',
    ]) {
      expect(stripQuoted(lines('Met', '', signature))).toBe('Met');
    }
  });

  it('cuts at the "--" signature delimiter, with or without the trailing space', () => {
    expect(stripQuoted(lines('5', '-- ', 'Ada'))).toBe('5');
    expect(stripQuoted(lines('5', '--', 'Ada'))).toBe('5');
  });

  it('stays fast on a large message', () => {
    const big = lines(
      'Met',
      '',
      'On Tue, 1 Dec 2026 at 09:00, X <x@example.com> wrote:',
      ...Array.from({ length: 20_000 }, (_, i) => `> line ${i} ${'x'.repeat(60)}`),
    );
    const started = performance.now();
    expect(stripQuoted(big)).toBe('Met');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('hostile input stays linear (replies come from anyone)', () => {
  const fast = (run: () => unknown) => {
    const started = performance.now();
    run();
    expect(performance.now() - started).toBeLessThan(1_500);
  };

  it.each([
    ['many bare "<"', '<'.repeat(300_000)],
    ['many unclosed tags', '<div class="x'.repeat(50_000)],
    ['many unclosed comments', '<!--'.repeat(200_000)],
    ['many unclosed styles', '<style>x'.repeat(100_000)],
    ['one huge tag', `<a ${'x="1" '.repeat(200_000)}`],
    ['many closing-tag lookalikes inside a style', `<style>${'</stylex '.repeat(100_000)}`],
  ])('htmlToText: %s', (_name, html) => fast(() => htmlToText(html)));

  it.each([
    ['trailing spaces then text', `${' '.repeat(500_000)}x`],
    ['a huge From: line', `From: ${'a sent: b to: '.repeat(50_000)}`],
    ['a huge attribution-like line', `On ${'1 '.repeat(300_000)}wrote`],
    ['many dashes', '-'.repeat(500_000)],
    ['From: lines followed by blank lines', Array.from({ length: 20_000 }, () => 'From: x\n\n\n').join('')],
  ])('stripQuoted: %s', (_name, text) => fast(() => stripQuoted(text)));
});

describe('adversarial replies: every step linear and bounded (issue 8)', () => {
  // Generous bounds: this machine is shared. The old code took seconds (26 lines)
  // to forever (40 lines) on a run of "On Mon wrote:", each line doubling it.
  const within = (ms: number, run: () => unknown) => {
    const started = performance.now();
    const result = run();
    expect(performance.now() - started).toBeLessThan(ms);
    return result;
  };
  const repeat = (line: string, times: number) => Array.from({ length: times }, () => line).join('\n');

  it('a run of date-less attribution lines (the 723-byte message that froze the service)', () => {
    expect(within(200, () => stripQuoted(repeat('On Mon wrote:', 26)))).toBe(repeat('On Mon wrote:', 26));
    expect(within(200, () => stripQuoted(repeat('On Mon wrote:', 40)))).toBe(repeat('On Mon wrote:', 40));
  });

  it.each([
    ['thousands of date-less attributions', repeat('On Mon wrote:', 5_000)],
    ['thousands of attributions in every language', repeat('Am Mo schrieb:\nLe lun a écrit :\nOn Mon wrote:\nOp ma schreef:', 2_000)],
    ['thousands of dated attributions', repeat('On Mon 1 Dec wrote:', 5_000)],
    ['attributions wrapped over two lines, overlapping', repeat('On Mon 1\nDec wrote:', 5_000)],
    ['bare attributions each followed by many blank lines', repeat(`Grace wrote:${'\n'.repeat(200)}`, 500)],
    ['deep quote nesting', Array.from({ length: 20_000 }, (_, i) => `${'>'.repeat(i % 500)} x`).join('\n')],
    ['1 MB of ">"', '>'.repeat(1024 * 1024)],
    ['1 MB of "> " lines', repeat('>', 512 * 1024)],
    ['"From:" lines each followed by many blank lines', repeat(`From: x${'\n'.repeat(500)}`, 300)],
    ['"From:" lines then a million blank lines', `${repeat('From: x', 5)}${'\n'.repeat(1_000_000)}Sent: y\nTo: z`],
    ['one 1 MB line', `Met ${'word '.repeat(200_000)}`],
    ['a 1 MB line of spaces between quote markers', `${' '.repeat(1024 * 1024)}>`],
    ['a 1 MB attribution-like line', `On 1 ${'Mon '.repeat(250_000)}wrote:`],
    ['a 1 MB one-line header block', `From: a ${'Sent: b '.repeat(120_000)}To: c`],
    ['a 1 MB mobile-signature-like line', `Sent from my ${'<x'.repeat(500_000)}`],
  ])('stripQuoted: %s', (_name, text) => {
    within(1_000, () => stripQuoted(text));
  });

  it('reads only the first STRIP_MAX_CHARS of a huge reply', () => {
    const reply = `Met\n${'x'.repeat(STRIP_MAX_CHARS)}\nOn Tue, 1 Dec 2026 at 09:00, X <x@example.com> wrote:\n> stop`;
    expect(stripQuoted(reply).startsWith('Met\n')).toBe(true);
    expect(stripQuoted(reply).length).toBeLessThanOrEqual(STRIP_MAX_CHARS);
  });

  it('grows linearly: 10× the attribution lines take about 10× the time, not 100×', () => {
    const time = (lines: number) => {
      const text = repeat('On Mon 1 Dec wrote:\nOn Mon wrote:', lines / 2);
      stripQuoted(text);
      const started = performance.now();
      for (let i = 0; i < 3; i++) stripQuoted(text);
      return performance.now() - started;
    };
    const [small, large] = [time(300), time(3_000)];
    expect(large / Math.max(small, 1)).toBeLessThan(40);
  });

  it.each([
    ['1 MB of nested unclosed divs', '<div>'.repeat(200_000)],
    ['1 MB of text between tags', `<p>${'Met '.repeat(250_000)}</p>`],
    ['1 MB of entities', '&amp;'.repeat(200_000)],
    ['1 MB of <br>', '<br>'.repeat(250_000)],
  ])('htmlToText: %s', (_name, html) => {
    within(1_500, () => htmlToText(html));
  });
});

describe('htmlToText', () => {
  it('drops head, style, script and comments', () => {
    const html = '<html><head><title>T</title><style>.a{color:red}</style></head><body><!-- hidden --><script>alert(1)</script><p>Hello</p></body></html>';
    expect(htmlToText(html)).toBe('Hello');
  });

  it('copes with a missing </head>', () => {
    expect(htmlToText('<html><head><meta charset="utf-8"><title>x</title><style>p{}</style><body><p>Met</p></body></html>')).toBe('Met');
  });

  it('turns br, p and div into line breaks without piling up blank lines', () => {
    expect(htmlToText('<div><div><p>One</p></div></div><div>Two<br>Three</div><div><br></div><div>Four</div>')).toBe('One\nTwo\nThree\n\nFour');
  });

  it('treats source newlines and runs of spaces as one space', () => {
    expect(htmlToText('<p>We\n   met\ttoday</p>')).toBe('We met today');
  });

  it('decodes named and numeric entities, once', () => {
    expect(htmlToText('Caf&eacute; &amp; cr&#232;me &#x2605; &lt;b&gt;bold&lt;/b&gt; &amp;amp; &unknown; &nbsp;x')).toBe(
      'Café & crème ★ <b>bold</b> &amp; &unknown; x',
    );
  });

  it('cuts at blockquote, gmail_quote, divRplyFwdMsg and appendonsend, and everything after', () => {
    expect(htmlToText('<div>Mine</div><blockquote>Theirs</blockquote><div>after</div>')).toBe('Mine');
    expect(htmlToText('<div>Mine</div><div class="gmail_quote"><div class="gmail_attr">On … wrote:</div>Theirs</div>')).toBe('Mine');
    expect(htmlToText("<div>Mine</div><div id='divRplyFwdMsg'><b>From:</b> x</div>")).toBe('Mine');
    expect(htmlToText('<div>Mine</div><div id="appendonsend"></div><hr><div>From: x</div>')).toBe('Mine');
  });

  it('keeps a bare "<" of the text and skips declarations', () => {
    expect(htmlToText('<!DOCTYPE html><?xml version="1.0"?><p>1 <3 you & 2 < 5</p>')).toBe('1 <3 you & 2 < 5');
  });

  it('keeps table cells apart and drops images', () => {
    expect(htmlToText('<table><tr><td>Met</td><td><img src="cid:x" alt="smile">today</td></tr></table>')).toBe('Met today');
  });
});
