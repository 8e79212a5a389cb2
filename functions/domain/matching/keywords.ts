/**
 * Goal keywords: which of a mentor's skills a mentee's free-text goals name.
 * A skill matches when its words appear in the goals as a contiguous phrase,
 * case-insensitively ("public speaking" in "…get better at public speaking.").
 * Words keep inner dots, pluses, hashes and hyphens, so "node.js", "c++",
 * "c#" and "front-end" stay whole. No stemming: simple and predictable.
 */

const WORD = /[\p{L}\p{N}]+(?:[.+#'-]+[\p{L}\p{N}]+)*[+#]*/gu;

export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Whether `phrase` (a word list) occurs contiguously in `text` (a word list). */
export function containsPhrase(text: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  outer: for (let i = 0; i + phrase.length <= text.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (text[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * An index of skill phrases by their first word, so a goals text is checked
 * against a large vocabulary in time proportional to its own length.
 */
export class PhraseIndex {
  private readonly byFirstWord = new Map<string, { id: number; phrase: string[] }[]>();

  add(id: number, skill: string): void {
    const phrase = words(skill);
    const first = phrase[0];
    if (first === undefined) return;
    let list = this.byFirstWord.get(first);
    if (!list) this.byFirstWord.set(first, (list = []));
    list.push({ id, phrase });
  }

  /** Ids of the indexed phrases that occur in `textWords`, ascending, without duplicates. */
  find(textWords: readonly string[]): number[] {
    const found = new Set<number>();
    for (let i = 0; i < textWords.length; i++) {
      const candidates = this.byFirstWord.get(textWords[i] as string);
      if (!candidates) continue;
      for (const { id, phrase } of candidates) {
        let ok = i + phrase.length <= textWords.length;
        for (let k = 1; ok && k < phrase.length; k++) ok = textWords[i + k] === phrase[k];
        if (ok) found.add(id);
      }
    }
    return [...found].sort((a, b) => a - b);
  }
}
