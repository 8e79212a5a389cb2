/**
 * Deterministic picks from the question catalogues, so a re-run or a retried
 * step chooses the same questions and a pair never gets the same one twice.
 */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** `count` distinct items for `seed`, skipping `exclude`; fewer when the catalogue runs out. */
export function pickQuestions(catalogue: readonly string[], seed: string, count: number, exclude: readonly string[] = []): string[] {
  const available = catalogue.filter((q) => !exclude.includes(q));
  if (available.length === 0) return [];
  const start = hash(seed) % available.length;
  const out: string[] = [];
  for (let i = 0; i < available.length && out.length < count; i++) out.push(available[(start + i) % available.length] as string);
  return out;
}

/** The ice-breaker the intro email opens with. */
export function introIceBreaker(catalogue: readonly string[], pairId: string): string {
  return pickQuestions(catalogue, `intro:${pairId}`, 1)[0] ?? '';
}
