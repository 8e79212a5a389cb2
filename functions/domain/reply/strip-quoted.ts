/**
 * What a person actually wrote in a reply: quoted history, forwarded messages
 * and signatures cut away. Pure string work, no DOM and no dependencies, so it
 * runs the same in Lambda and locally and is cheap to test with a table of real
 * replies (test/unit/reply).
 *
 * Top-posting (the usual case) keeps everything above the first sign of
 * history. A reply written below or between quoted lines keeps the unquoted
 * lines and drops the quoted ones and their attribution. Sign-offs such as
 * "Thanks,\nAda" are kept: they are the person's words, and a command is read
 * from the first line anyway.
 *
 * Replies come from anyone, so the work is linear in the text and bounded:
 * only the first STRIP_MAX_CHARS are read, every line is looked at a constant
 * number of times, and no regex runs over an unbounded line.
 */

const NBSP_LIKE = /[\u00a0\u2007\u202f]/g;
const INVISIBLE = /\u200b|\u200c|\u200d|\u2060|\ufeff/g;

function normalize(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(NBSP_LIKE, ' ').replace(INVISIBLE, '');
}

const collapse = (line: string) => line.trim().replace(/\s+/g, ' ');

const isQuoteLine = (line: string) => /^\s*>/.test(line);

// "On Tue, 1 Dec 2026 at 09:00, Grace <grace@example.com> wrote:" and its
// translations. Every client puts a date or time in it, hence the digit.
const ATTRIBUTIONS: RegExp[] = [
  /^on\s.{4,300}\swrote\s?:$/i,
  /^am\s.{4,300}\sschrieb(\s.{0,200})?:$/i,
  /^le\s.{4,300}\sa\s[ée]crit\s?:$/i,
  /^el\s.{4,300}\sescribi[óo]\s?:$/i,
  /^em\s.{4,300}\sescreveu\s?:$/i,
  /^op\s.{4,300}\sschreef(\s.{0,200})?:$/i,
  /^il\s.{4,300}\sha\sscritto\s?:$/i,
];
// "Grace Hopper wrote:" without a date: only trusted when quoted lines follow.
const BARE_ATTRIBUTION = /^.{1,200}\s(wrote|schrieb|a [ée]crit|escribi[óo]|escreveu|schreef|ha scritto)\s?:$/i;
const ATTRIBUTION_START = /^(on|am|le|el|em|op|il)\s/i;

const isDatedAttribution = (joined: string) => /\d/.test(joined) && ATTRIBUTIONS.some((re) => re.test(joined));

const SEPARATOR = new RegExp(
  '^-{2,}\\s*(' +
    [
      'original message',
      'ursprüngliche nachricht',
      'originalnachricht',
      "message d['’]origine",
      'message original',
      'mensaje original',
      'mensagem original',
      'oorspronkelijk bericht',
      'origineel bericht',
      'messaggio originale',
      'forwarded message',
      'weitergeleitete nachricht',
      'message transféré',
      'mensaje reenviado',
      'mensagem encaminhada',
      'mensagem reencaminhada',
      'doorgestuurd bericht',
      'messaggio inoltrato',
    ].join('|') +
    ')\\s*-{2,}$',
  'i',
);
const FORWARD_INTRO =
  /^(begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|inicio del mensaje reenviado|início da mensagem reencaminhada|begin doorgestuurd bericht|inizio messaggio inoltrato)\s?:$/i;
const UNDERSCORES = /^_{10,}$/;

// Outlook / Exchange header blocks: "From: … / Sent: … / To: … / Subject: …", localized.
const HEADER_FROM = /^\*?(from|von|de|van|da|od|från|fra)\s?:\*?\s*\S/i;
const HEADER_SENT = /^\*?(sent|date|gesendet|datum|envoyé|enviado|enviada|fecha|data|verzonden|verstuurd|inviato|skickat|sendt)\s?:/i;
const HEADER_TO = /^\*?(to|an|à|a|para|aan|cc|subject|betreff|objet|asunto|assunto|onderwerp|oggetto|ämne|emne)\s?:/i;
const HEADER_ONE_LINE =
  /^\*?(from|von|de|van)\s?:.+\s\*?(sent|date|gesendet|datum|envoyé|enviado|fecha|verzonden)\s?:.+\s\*?(to|an|à|para|aan|subject|betreff|objet|asunto|assunto|onderwerp)\s?:/i;

/**
 * Longest (collapsed) line that can be a marker: a separator, a forward intro,
 * a header line, a signature. Longer lines are text, so no marker regex ever
 * runs over an unbounded line. Attributions have their own, tighter bound.
 */
const MAX_MARKER_LINE = 1000;
const MAX_ATTRIBUTION = 400;
const MAX_HEADER_ONE_LINE = 500;
const MAX_SIGNATURE_LINE = 300;

const SIGNATURE_DELIMITER = /^--\s*$/;
const MOBILE_SIGNATURE = new RegExp(
  '^(' +
    [
      'sent from my .{1,40}',
      'sent from (outlook|mail|yahoo mail|gmail|proton mail|protonmail)( for .{1,20})?',
      'sent from .{1,30} for (ios|android|iphone|ipad|mac|windows)',
      'get outlook for (ios|android)',
      'von meinem .{1,40} gesendet',
      'gesendet von (meinem )?.{1,40}',
      'holen sie sich outlook für (ios|android)',
      'enviado desde mi .{1,40}',
      'enviado desde .{1,30} para (ios|android)',
      'obtener outlook para (ios|android)',
      'enviado do meu .{1,40}',
      'enviado a partir do .{1,40}',
      'obter o outlook para (ios|android)',
      'envoyé de mon .{1,40}',
      'envoyé depuis .{1,40}',
      'obtenez outlook pour (ios|android)',
      'télécharger outlook pour (ios|android)',
      'verzonden (vanaf|met) mijn .{1,40}',
      'verstuurd vanaf mijn .{1,40}',
      'outlook voor (ios|android) downloaden',
      'inviato da .{1,40}',
    ].join('|') +
    // Outlook mobile appends its link: "Get Outlook for iOS<https://aka.ms/o0ukef>".
    ')\\.?(\\s*<[^>\\s]+>)?$',
  'i',
);

const isSignatureStart = (line: string) => {
  if (SIGNATURE_DELIMITER.test(line)) return true;
  const collapsed = collapse(line);
  return collapsed.length <= MAX_SIGNATURE_LINE && MOBILE_SIGNATURE.test(collapsed);
};

function cutSignature(lines: string[]): string[] {
  const at = lines.findIndex(isSignatureStart);
  return at < 0 ? lines : lines.slice(0, at);
}

function tidy(lines: string[]): string {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (!line && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  return out.join('\n').trim();
}

/**
 * Everything the stripping asks about a line, computed once per line in one
 * backward pass, so that no question ever rescans the text: the whole strip is
 * linear in the text's length (DESIGN §9), however the lines are crafted.
 * (Attribution spans used to be found by a recursion over the following lines,
 * exponential in a run of "On Mon wrote:" lines.)
 */
class Lines {
  readonly raw: string[];
  /** Trimmed, inner whitespace runs as one space; '' for a blank line. */
  private readonly collapsed: string[];
  private readonly quote: boolean[];
  /** Index of the first non-blank line at or after i (length when none): blank runs are skipped in one step. */
  private readonly nextContent: Int32Array;
  /** How many lines (1–3) the attribution starting at i spans; 0 when there is none. */
  private readonly attribution: Uint8Array;

  constructor(text: string) {
    this.raw = text.split('\n');
    const n = this.raw.length;
    this.collapsed = this.raw.map(collapse);
    this.quote = this.raw.map(isQuoteLine);
    this.nextContent = new Int32Array(n + 1);
    this.nextContent[n] = n;
    this.attribution = new Uint8Array(n);
    for (let i = n - 1; i >= 0; i--) {
      this.nextContent[i] = this.collapsed[i] ? i : this.nextContent[i + 1]!;
      this.attribution[i] = this.attributionSpan(i);
    }
  }

  get length(): number {
    return this.raw.length;
  }

  isQuote(i: number): boolean {
    return this.quote[i] ?? false;
  }

  attributionAt(i: number): number {
    return this.attribution[i] ?? 0;
  }

  /** Needs attribution[j] for every j > i: the constructor fills them backwards. */
  private attributionSpan(i: number): number {
    let joined = '';
    for (let span = 1; span <= 3 && i + span - 1 < this.raw.length; span++) {
      const at = i + span - 1;
      const line = this.collapsed[at]!;
      if (!line) return 0;
      // A wrapped attribution never contains another attribution's start: without
      // this, "On Monday we met" above a real attribution would be swallowed.
      if (span > 1 && ATTRIBUTION_START.test(line) && this.attribution[at]! > 0) return 0;
      if ((span === 1 ? 0 : joined.length + 1) + line.length > MAX_ATTRIBUTION) return 0;
      joined = span === 1 ? line : `${joined} ${line}`;
      if (isDatedAttribution(joined)) return span;
      if (span === 1 && BARE_ATTRIBUTION.test(joined) && this.nextContentIsQuote(i + 1)) return 1;
    }
    return 0;
  }

  private nextContentIsQuote(from: number): boolean {
    const j = this.nextContent[Math.min(from, this.raw.length)]!;
    return j < this.raw.length && this.quote[j]!;
  }

  private headerBlockAt(i: number): boolean {
    const first = this.collapsed[i]!;
    if (first.length <= MAX_HEADER_ONE_LINE && HEADER_ONE_LINE.test(first)) return true;
    if (!HEADER_FROM.test(first)) return false;
    let sent = false;
    let to = false;
    // The next six non-blank lines, however many blank lines lie between them.
    for (let j = this.nextContent[i + 1]!, seen = 0; j < this.raw.length && seen < 6; j = this.nextContent[j + 1]!, seen++) {
      const line = this.collapsed[j]!;
      if (line.length > MAX_MARKER_LINE) continue;
      if (HEADER_SENT.test(line)) sent = true;
      else if (HEADER_TO.test(line)) to = true;
      if (sent && to) return true;
    }
    return false;
  }

  /** A marker after which everything is someone else's message, never interleaved with the reply. */
  isHardMarker(i: number): boolean {
    const line = this.collapsed[i]!;
    if (!line || line.length > MAX_MARKER_LINE) return false;
    return SEPARATOR.test(line) || FORWARD_INTRO.test(line) || UNDERSCORES.test(line) || this.headerBlockAt(i);
  }
}

/**
 * How much of a reply's text is read. Commands come from the first line and no
 * one writes their reply 64 KB deep, so the rest (long quoted history, pasted
 * logs) is never looked at: the work per message is bounded whatever its size.
 */
export const STRIP_MAX_CHARS = 64 * 1024;

/** The reply's own text: quoted history, forwarded content and signatures removed, trimmed. */
export function stripQuoted(text: string): string {
  const lines = new Lines(normalize(text.length > STRIP_MAX_CHARS ? text.slice(0, STRIP_MAX_CHARS) : text));
  let first = -1;
  for (let i = 0; i < lines.length && first < 0; i++) {
    if (lines.isQuote(i) || lines.attributionAt(i) > 0 || lines.isHardMarker(i)) first = i;
  }
  if (first < 0) return tidy(cutSignature(lines.raw));

  const above = cutSignature(lines.raw.slice(0, first));
  if (above.some((line) => line.trim())) return tidy(above);

  // Nothing above the history: the reply is written below or between quoted lines.
  const kept: string[] = [];
  for (let i = first; i < lines.length; i++) {
    if (lines.isHardMarker(i)) break;
    const span = lines.attributionAt(i);
    if (span > 0) {
      i += span - 1;
      continue;
    }
    if (!lines.isQuote(i)) kept.push(lines.raw[i]!);
  }
  return tidy(cutSignature(kept));
}

// --- HTML-only replies -------------------------------------------------------
// A single forward scan with indexOf, no backtracking regex over the whole
// document: inbound mail is untrusted and may be megabytes of crafted markup.

// Raw-text elements, dropped with their content (to the end when unclosed, as browsers do).
// <head> itself is not listed: what it holds is covered here, and a missing </head> is common.
const DROP_WITH_CONTENT = new Set(['style', 'script', 'title', 'template', 'noscript']);
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'table',
  'tbody',
  'thead',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'address',
  'section',
  'article',
  'header',
  'footer',
  'center',
  'dl',
  'dt',
  'dd',
  'hr',
]);
// Gmail's gmail_quote, Outlook's divRplyFwdMsg/appendonsend, Yahoo, Thunderbird, old Outlook.
const HISTORY_DIV_MARKERS = ['gmail_quote', 'divrplyfwdmsg', 'appendonsend', 'yahoo_quoted', 'moz-cite-prefix', 'outlookmessageheader'];
const TAG_NAME = /\/?([a-zA-Z][a-zA-Z0-9:-]*)/y;

function isHistoryStart(name: string, tag: string): boolean {
  if (name === 'blockquote') return true;
  if (name !== 'div' && name !== 'hr') return false;
  const lower = tag.toLowerCase();
  return name === 'div' ? HISTORY_DIV_MARKERS.some((marker) => lower.includes(marker)) : lower.includes('stopspelling');
}

/** Index just past `</name…>` at or after `from`, or -1. */
function skipPastClose(html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at >= 0; at = html.indexOf('</', at + 2)) {
    const after = html.charAt(at + 2 + name.length);
    if (html.slice(at + 2, at + 2 + name.length).toLowerCase() === name && !/[a-zA-Z0-9:-]/.test(after)) {
      const end = html.indexOf('>', at);
      return end < 0 ? -1 : end + 1;
    }
  }
  return -1;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  shy: '',
  zwj: '',
  zwnj: '',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  lsaquo: '‹',
  rsaquo: '›',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  deg: '°',
  times: '×',
  divide: '÷',
  iexcl: '¡',
  iquest: '¿',
  sect: '§',
  para: '¶',
  star: '☆',
  starf: '★',
  szlig: 'ß',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  aacute: 'á',
  eacute: 'é',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  Aacute: 'Á',
  Eacute: 'É',
  Iacute: 'Í',
  Oacute: 'Ó',
  Uacute: 'Ú',
  agrave: 'à',
  egrave: 'è',
  igrave: 'ì',
  ograve: 'ò',
  ugrave: 'ù',
  Agrave: 'À',
  Egrave: 'È',
  acirc: 'â',
  ecirc: 'ê',
  icirc: 'î',
  ocirc: 'ô',
  ucirc: 'û',
  Ecirc: 'Ê',
  atilde: 'ã',
  otilde: 'õ',
  ntilde: 'ñ',
  Atilde: 'Ã',
  Otilde: 'Õ',
  Ntilde: 'Ñ',
  ccedil: 'ç',
  Ccedil: 'Ç',
  euml: 'ë',
  iuml: 'ï',
  yuml: 'ÿ',
  oslash: 'ø',
  Oslash: 'Ø',
  aring: 'å',
  Aring: 'Å',
  aelig: 'æ',
  AElig: 'Æ',
  oelig: 'œ',
  OElig: 'Œ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi, (entity, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return code === 0xa0 ? ' ' : String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

/** Source text (whitespace included) gathered from HTML: generously more than STRIP_MAX_CHARS of visible text. */
const HTML_TEXT_MAX_CHARS = 4 * STRIP_MAX_CHARS;

const SOFT_BREAK = Symbol('block boundary');
const HARD_BREAK = Symbol('br');

/**
 * Plain text from an HTML-only reply. Quoted history (blockquotes, Gmail's
 * gmail_quote, Outlook's divRplyFwdMsg/appendonsend) and everything after it
 * is dropped; block boundaries and <br> become line breaks; entities are decoded.
 */
export function htmlToText(html: string): string {
  // Text between two line breaks is gathered into one run (one string, not one
  // per tag), and reading stops once more text than stripQuoted reads is gathered.
  const parts: (string | symbol)[] = [];
  let run = '';
  let gathered = 0;
  const text = (s: string) => {
    run += s;
    gathered += s.length;
  };
  const lineBreak = (kind: symbol) => {
    if (run) parts.push(run);
    run = '';
    parts.push(kind);
  };
  let i = 0;
  while (i < html.length && gathered <= HTML_TEXT_MAX_CHARS) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text(html.slice(i));
      break;
    }
    text(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    TAG_NAME.lastIndex = lt + 1;
    const name = TAG_NAME.exec(html);
    const declaration = html[lt + 1] === '!' || html[lt + 1] === '?';
    if (!name && !declaration) {
      text('<'); // a bare "<" in text
      i = lt + 1;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break; // an unterminated tag: nothing readable follows
    i = gt + 1;
    if (!name) continue; // <!DOCTYPE …>, <?xml …?>
    const tag = html.slice(lt + 1, gt);
    const closing = tag.startsWith('/');
    const tagName = (name[1] ?? '').toLowerCase();
    if (closing) {
      if (BLOCK_TAGS.has(tagName) || tagName === 'blockquote') lineBreak(SOFT_BREAK);
      else if (tagName === 'td' || tagName === 'th') text(' ');
      continue;
    }
    if (DROP_WITH_CONTENT.has(tagName)) {
      if (tag.endsWith('/')) continue;
      i = skipPastClose(html, tagName, i);
      if (i < 0) break;
      continue;
    }
    if (isHistoryStart(tagName, tag)) break;
    if (tagName === 'br') lineBreak(HARD_BREAK);
    else if (BLOCK_TAGS.has(tagName)) lineBreak(SOFT_BREAK);
    else if (tagName === 'td' || tagName === 'th') text(' ');
  }
  if (run) parts.push(run);

  // A block boundary ends the current line unless it is already empty, so
  // nested <div>s do not pile up blank lines while <div><br></div> still does.
  const out: string[] = [];
  let atLineStart = true;
  for (const part of parts) {
    if (part === SOFT_BREAK || part === HARD_BREAK) {
      if (part === HARD_BREAK || !atLineStart) out.push('\n');
      atLineStart = true;
    } else if (typeof part === 'string') {
      let text = part.replace(/\s+/g, ' '); // source whitespace is not layout
      if (atLineStart) text = text.replace(/^ /, '');
      if (text) {
        out.push(text);
        atLineStart = false;
      }
    }
  }
  const lines = decodeEntities(out.join(''))
    .replace(NBSP_LIKE, ' ')
    .replace(INVISIBLE, '')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim());
  return tidy(lines);
}
