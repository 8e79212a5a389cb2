import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText } from '../../functions/lib/clean-text';
import { csvCell } from '../../functions/lib/csv';
import { parseFeedbackForm } from '../../functions/domain/feedback-schema';
import { validateSignup } from '../../functions/domain/signup-schema';
import { signupRecord } from '../support/fakes';

const cp = (n: number) => String.fromCodePoint(n);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => cp(from + i));

/** Every character the cleaner removes (outside tag sequences and joiners in context). */
const STRIPPED = [
  ...range(0x202a, 0x202e),
  ...range(0x2066, 0x2069),
  '\u200E',
  '\u200F',
  '\u061C',
  '\u200B',
  ...range(0x2060, 0x2064),
  '\uFEFF',
  '\u00AD',
  '\u180E',
  '\u3164',
  '\uFFA0',
  ...range(0xfff9, 0xfffb),
  ...range(0x0000, 0x0008),
  ...range(0x000b, 0x001f),
  ...range(0x007f, 0x009f),
  ...range(0xe0000, 0xe007f),
];
const STRIPPED_SET = new Set(STRIPPED);
const hasStripped = (s: string) => [...s].some((ch) => STRIPPED_SET.has(ch));
const ENGLAND = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';

describe('cleanText', () => {
  it.each(STRIPPED.map((ch) => [ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'), ch]))('removes U+%s', (_hex, ch) => {
    expect(cleanText(`Ada${ch}Lovelace`)).toBe('AdaLovelace');
    expect(cleanLine(`${ch}Ada`)).toBe('Ada');
  });

  it('undoes a "Trojan Source" reordering: the text is what it looks like', () => {
    // Displays as "Ada gpj.exe" style trickery: RLO … PDF, and isolates.
    expect(cleanText('invoice\u202Etxt.exe\u202C')).toBe('invoicetxt.exe');
    expect(cleanText('\u2067admin\u2069 \u2066user\u2069')).toBe('admin user');
  });

  it('keeps tab and newline in free text, drops carriage returns and turns line separators into newlines', () => {
    expect(cleanText('one\r\ntwo\tthree\u2028four\u2029five')).toBe('one\ntwo\tthree\nfour\nfive');
  });

  it('keeps what real names and words need: accents, scripts, joiners between letters, emoji', () => {
    for (const text of [
      'José Müller-Łukasiewicz',
      'محمد عبد الله',
      'می\u200Cخواهم', // Persian: ZWNJ inside a word
      'क्\u200Dष', // Devanagari: ZWJ asks for a half form
      '👩\u200D💻 and 👨\u200D👩\u200D👧',
      '❤\uFE0F',
      `Go ${ENGLAND}!`,
      '山田 太郎',
      'שלום',
    ]) {
      expect(cleanText(text)).toBe(text);
      expect(cleanLine(text)).toBe(text);
    }
  });

  it('removes joiners that join nothing: at the ends, beside spaces, repeated', () => {
    expect(cleanText('\u200D\u200C')).toBe('');
    expect(cleanText('\u200DAda\u200C')).toBe('Ada');
    expect(cleanText('Ada \u200D Lovelace')).toBe('Ada  Lovelace');
    expect(cleanText('👩\u200D\u200D\u200D💻')).toBe('👩\u200D💻');
    expect(cleanText('a\u200D\u200Bb')).toBe('a\u200Db');
  });

  it('removes tag characters outside a flag sequence, and unpaired surrogates', () => {
    expect(cleanText('hi\u{E0041}\u{E0042} there')).toBe('hi there');
    expect(cleanText('\u{E0067}\u{E007F}x')).toBe('x');
    expect(cleanText('a\uD800b\uDC00c')).toBe('abc');
    expect(cleanText('😀')).toBe('😀');
  });

  it('cleanLine makes one line: breaks and tabs become one space', () => {
    expect(cleanLine('Ada\r\nLovelace')).toBe('Ada Lovelace');
    expect(cleanLine('Ada \n\t Lovelace')).toBe('Ada Lovelace');
    expect(cleanLine('Ada\u2028Lovelace')).toBe('Ada Lovelace');
  });

  const anyText = fc.string({
    unit: fc.oneof(
      fc.constantFrom(...STRIPPED, '\u200C', '\u200D', '\n', '\t', '\r', ' ', '\u2028', '\uFE0F', '\u{1F3F4}'),
      fc.constantFrom('a', 'é', 'ش', 'क', '👩', '\uD800', '\uDC00'),
    ),
    maxLength: 40,
  });

  it('property: cleaned text contains no stripped character or lone surrogate, except tags inside a flag', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = cleanText(s).replace(/\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu, '');
        expect(hasStripped(out)).toBe(false);
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out)).toBe(false);
        expect(/^[\u200C\u200D]|[\u200C\u200D]$|\s[\u200C\u200D]|[\u200C\u200D]\s|[\u200C\u200D]{2}/.test(cleanText(s))).toBe(false);
        expect(/[\n\t]/.test(cleanLine(s))).toBe(false);
      }),
    );
  });

  it('property: idempotent, never longer, and ordinary text passes through unchanged', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(cleanText(cleanText(s))).toBe(cleanText(s));
        expect(cleanLine(cleanLine(s))).toBe(cleanLine(s));
        expect(cleanText(s).length).toBeLessThanOrEqual(s.length);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const plain = s.replace(/[^\p{L}\p{N}\p{P}\p{Zs}\p{Emoji_Presentation}]/gu, '').replace(/[\u00AD\u180E\u3164\uFFA0]/g, '');
        expect(cleanText(plain)).toBe(plain);
      }),
    );
  });
});

describe('cleaning where text enters', () => {
  it('sign-up: names, skills, goals and department are cleaned before they are checked', () => {
    const r = validateSignup(
      signupRecord({
        name: 'Ada\u202E ecalevoL\u202C',
        skills: ['\u200Bsql', 'lead\u00ADership'],
        goals: 'Ship\u2066 it\u2069\r\nSoon\u0007',
        department: '\uFEFFResearch\u200F',
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.name).toBe('Ada ecalevoL');
    expect(r.value.skills).toEqual(['sql', 'leadership']);
    expect(r.value.goals).toBe('Ship it\nSoon');
    expect(r.value.department).toBe('Research');
  });

  it('sign-up: a name of invisible characters only is no name', () => {
    for (const name of ['\u200B', '\u202E\u202C', '\u3164', '\u200D', '\u2060\uFEFF']) {
      const r = validateSignup(signupRecord({ name }));
      expect(r.ok ? [] : r.issues).toEqual([{ path: 'name', message: 'Please tell us your name' }]);
    }
  });

  it('sign-up: a name stays on one line', () => {
    const r = validateSignup(signupRecord({ name: 'Ada\nBcc: victim@example.com' }));
    expect(r.ok && r.value.name).toBe('Ada Bcc: victim@example.com');
  });

  it('feedback: the free-text answers are cleaned', () => {
    const r = parseFeedbackForm({ submission: 'abcdefgh12', met: 'yes', wentWell: 'Great\u202E!gnitset', toImprove: '\u200B\u200B', comments: 'a\u0000b' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feedback.wentWell).toBe('Great!gnitset');
    expect(r.feedback.toImprove).toBeUndefined();
    expect(r.feedback.comments).toBe('ab');
  });

  it('CSV: cells stored before this change are cleaned, and a hidden character cannot hide a formula', () => {
    expect(csvCell('Ada\u202Eecalevol')).toBe('Adaecalevol');
    expect(csvCell('\u200B=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('\uFEFF+1+1')).toBe("'+1+1");
  });
});
