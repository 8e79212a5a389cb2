/**
 * How an untrusted value is made safe for each part of an email: our own rather than
 * Mustache's escape, which also rewrites '/', '=' and '`' (every href and link text
 * would change) and leaves control characters in. These run on every value of every
 * render, so they return the input itself when nothing needs replacing (the common
 * case, found by one native regex test).
 */

// Per-character replacements for code units below 0x40; undefined means "keep".
// C1 controls (0x7f–0x9f) are dropped in every part as well.
const HTML_ESCAPES: (string | undefined)[] = [];
const TEXT_ESCAPES: (string | undefined)[] = [];
const LINE_ESCAPES: (string | undefined)[] = [];
for (let c = 0; c < 0x20; c++) {
  const whitespace = c === 0x09 || c === 0x0a;
  HTML_ESCAPES[c] = whitespace ? undefined : '';
  TEXT_ESCAPES[c] = c === 0x0a ? undefined : '';
  LINE_ESCAPES[c] = c >= 0x09 && c <= 0x0d ? ' ' : '';
}
Object.assign(HTML_ESCAPES, { 0x22: '&quot;', 0x26: '&amp;', 0x27: '&#39;', 0x3c: '&lt;', 0x3e: '&gt;' });

// Unicode line and paragraph separators break lines too.
const lineSeparator = (c: number) => (c === 0x2028 || c === 0x2029 ? ' ' : undefined);

function replaceChars(value: string, table: (string | undefined)[], extra?: (c: number) => string | undefined): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x40) rep = table[c];
    else if (c >= 0x7f && c <= 0x9f) rep = '';
    else if (extra !== undefined && c >= 0x2028) rep = extra(c);
    if (rep !== undefined) {
      out += value.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return last === 0 ? value : out + value.slice(last);
}

// Control characters are what these look for.
/* eslint-disable no-control-regex */
const HTML_SPECIAL = /[\x00-\x08\x0b-\x1f"&'<>\x7f-\x9f]/;
const TEXT_SPECIAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;
const LINE_SPECIAL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
const HEADER_SPECIAL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]|^ | $| {2}/;
/* eslint-enable no-control-regex */

/** For the HTML part: the five special characters escaped, control characters other than tab and newline dropped. */
export function escapeHtml(value: string): string {
  return HTML_SPECIAL.test(value) ? replaceChars(value, HTML_ESCAPES) : value;
}

/** For the text part: control characters other than newline dropped. */
export function cleanText(value: string): string {
  return TEXT_SPECIAL.test(value) ? replaceChars(value, TEXT_ESCAPES) : value;
}

/** One line, spacing kept (a row's text line is laid out in columns): line breaks become spaces, other control characters go. */
export function oneLine(value: string): string {
  return LINE_SPECIAL.test(value) ? replaceChars(value, LINE_ESCAPES, lineSeparator) : value;
}

/** One line, no control characters, single spaces, trimmed: a subject (no header injection), a list item. */
export function cleanHeader(value: string): string {
  if (!HEADER_SPECIAL.test(value)) return value;
  const spaced = replaceChars(value, LINE_ESCAPES, lineSeparator);
  if (!spaced.includes('  ') && !spaced.startsWith(' ') && !spaced.endsWith(' ')) return spaced;
  return spaced
    .split(' ')
    .filter((word) => word !== '')
    .join(' ');
}

/** True for absolute http(s) URLs without whitespace or control characters. */
export function isHttpUrl(value: string): boolean {
  const scheme = value.slice(0, 8).toLowerCase();
  if (!scheme.startsWith('https://') && !scheme.startsWith('http://')) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
  }
  return URL.canParse(value);
}

/** A colour chosen by code, e.g. a status colour: only ever `#rrggbb`. */
export const isHexColour = (value: string): boolean => /^#[0-9a-f]{6}$/i.test(value);
