/**
 * Search terms of a participant (the admin console's people search by name,
 * email and skill), and how a query matches them. Pure.
 *
 * A participant is indexed under a bounded set of normalised terms: the words
 * of their name, their address, its local part's words and its domain, and the
 * words of their skills. A query's words must each be the start of one of
 * those terms ("ada lov" finds Ada Lovelace; "python" finds a skill "Python
 * 3"). Normalising: Unicode NFKD, accents dropped, lower case.
 */
import type { Participant } from './participant';

/** At most this many terms per participant: with the profile, guard and counters it fits one DynamoDB transaction (100 items). */
export const MAX_SEARCH_TERMS = 40;
/** Terms are cut to this many characters (a query word longer than that is cut the same way). */
export const MAX_TERM_LENGTH = 64;
/** A query longer than this is refused (400), before anything is read. */
export const MAX_QUERY_LENGTH = 100;
/** At most this many words in a query. */
export const MAX_QUERY_WORDS = 5;

/** Lower case, accents dropped, cut to MAX_TERM_LENGTH. */
export function normaliseTerm(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .slice(0, MAX_TERM_LENGTH);
}

const wordsOf = (text: string) =>
  normaliseTerm(text.slice(0, 1000))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);

/** The terms a participant is found by, unique, in a stable order, at most MAX_SEARCH_TERMS. */
export function searchTerms(p: Pick<Participant, 'name' | 'email' | 'skills'>): string[] {
  const email = normaliseTerm(p.email.trim());
  const [local = '', domain = ''] = email.split('@');
  const terms = [...wordsOf(p.name), email, ...wordsOf(local), ...(domain ? [domain] : []), ...p.skills.flatMap(wordsOf)];
  return [...new Set(terms)].slice(0, MAX_SEARCH_TERMS);
}

/** A query's words, normalised and split as terms are ("o'brien" → o, brien); a piece with an `@` or a dot stays whole (an address or a domain). */
export function queryWords(q: string): string[] {
  const pieces = q.trim().split(/\s+/).slice(0, MAX_QUERY_WORDS);
  return [...new Set(pieces.flatMap((piece) => (/[@.]/.test(piece) ? [normaliseTerm(piece)] : wordsOf(piece))))].filter((w) => w.length > 0);
}

/** The word a store looks up by prefix: the longest, the most selective. */
export const leadingWord = (words: readonly string[]): string => words.reduce((a, b) => (b.length > a.length ? b : a), '');

/** Whether every query word starts one of the terms. */
export const matchesAll = (terms: readonly string[], words: readonly string[]): boolean => words.every((w) => terms.some((t) => t.startsWith(w)));

/**
 * The term a participant is listed under for a lookup by `word`: the first (in
 * sort order) of their terms that starts with it. A store reading index
 * entries in term order returns a participant only at that entry, so one who
 * matches under several terms appears once, whatever page boundaries fall.
 */
export function listedUnder(terms: readonly string[], word: string): string | undefined {
  let best: string | undefined;
  for (const t of terms) if (t.startsWith(word) && (best === undefined || t < best)) best = t;
  return best;
}
