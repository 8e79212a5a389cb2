/**
 * Names and free text come from the public and end up in emails, pages and
 * the admins' CSV. Characters that are invisible or that reorder what is
 * displayed can make text read differently from what it is ("Trojan Source"
 * bidi tricks, blank-looking names, hidden text in a CSV cell), so they are
 * removed before text is stored or shown. Pure: the same input always gives
 * the same output, and cleaning twice changes nothing.
 *
 * Removed:
 * - bidirectional embeddings, overrides and isolates U+202A–202E, U+2066–2069,
 *   the direction marks U+200E, U+200F and U+061C (ARABIC LETTER MARK): they
 *   reorder the visible text without being visible themselves;
 * - invisible formatting: U+200B (zero-width space), U+2060–2064 (word joiner,
 *   invisible operators), U+206A–206F (deprecated format controls), U+FEFF (BOM /
 *   zero-width no-break space), U+00AD (soft hyphen), U+180E (Mongolian vowel
 *   separator), U+FFF9–FFFB (interlinear annotation), U+3164 and U+FFA0 (Hangul
 *   fillers, which render as blanks and are used for "invisible" names);
 * - C0 and C1 control characters (U+0000–001F, U+007F–009F) except tab and
 *   newline; a carriage return is dropped, so CRLF becomes LF;
 * - tag characters U+E0000–E007F, except inside an emoji tag sequence (the flags
 *   of England, Scotland, Wales: U+1F3F4, tags, U+E007F);
 * - unpaired surrogates (they cannot be encoded as UTF-8 in an email or a CSV).
 * U+2028 and U+2029 (line and paragraph separators) become a newline.
 *
 * Kept: U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER. Persian,
 * Arabic, the Indic scripts and Sinhala need them to spell words correctly, and
 * emoji sequences (👩‍💻, 👨‍👩‍👧) are joined by U+200D; removing them would
 * misspell people's names. They change how neighbouring letters join, never the
 * order of the text, so they cannot disguise it. A joiner means something only
 * between two visible characters, so one at the start or end of the text, next
 * to whitespace, or repeated, is removed: a name made only of joiners is empty.
 *
 * Variation selectors (U+FE00–FE0F) stay as well: emoji presentation needs them.
 */

const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]/g;
const LINE_SEPARATORS = /[\u2028\u2029]/g;
// Group 1 keeps a whole emoji tag sequence; any other tag character is removed.
const TAGS = /(\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F})|[\u{E0000}-\u{E007F}]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const STRAY_JOINERS = /^[\u200C\u200D]+|[\u200C\u200D]+$|(?<=\s)[\u200C\u200D]+|[\u200C\u200D]+(?=\s)/g;
const REPEATED_JOINERS = /([\u200C\u200D])[\u200C\u200D]+/g;

/** Multi-line free text (goals, feedback): keeps newlines and tabs, removes the rest listed above. */
export function cleanText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '')
    .replace(LINE_SEPARATORS, '\n')
    .replace(INVISIBLE, '')
    .replace(TAGS, (_all, sequence: string | undefined) => sequence ?? '')
    .replace(REPEATED_JOINERS, '$1')
    .replace(STRAY_JOINERS, '');
}

/** Single-line text (names, departments, skills): as `cleanText`, and line breaks and tabs become one space. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/[^\S\n\t]*[\n\t][\s]*/g, ' ');
}
