/**
 * The nudge ladder (the guide's tip 4, accountability): when a pair has been
 * quiet for longer than the meeting cadence, a friendly nudge; at twice the
 * cadence a shorter one; at three times the pair is at risk and the admins
 * hear about it. Any activity restarts the ladder from that moment (its
 * "basis"), so a nudge scheduled from an older basis is stale and does nothing.
 */
import type { NudgeStep, Pair } from './pair';

const DAY_MS = 86_400_000;

export const nudgeStepOf = (level: 1 | 2 | 3): NudgeStep => `nudge-${level}`;

/**
 * When nudge `level` falls due for a ladder counting from `basis`: a day after
 * `level` cadences, so a quiet pair first gets the check-in, and the nudge only
 * if that went unanswered too.
 */
export function nudgeAt(basis: string, level: 1 | 2 | 3, cadenceDays: number): string {
  return new Date(Date.parse(basis) + (level * cadenceDays + 1) * DAY_MS).toISOString();
}

export type NudgeDecision =
  | { kind: 'skip'; reason: 'ended' | 'stale' | 'done' }
  | { kind: 'wait'; until: string }
  | { kind: 'nudge'; level: 1 | 2; next: { step: NudgeStep; at: string } }
  | { kind: 'escalate' };

/**
 * What a firing of `step` (scheduled from `basis`) should do now. `pausedUntil`
 * is the latest pause of either member, if any: the ladder waits for it.
 */
export function decideNudge(
  pair: Pick<Pair, 'status' | 'lastActivityAt' | 'nudgeLevel'>,
  step: NudgeStep,
  basis: string | undefined,
  nowIso: string,
  cadenceDays: number,
  pausedUntil?: string,
): NudgeDecision {
  if (pair.status === 'ended') return { kind: 'skip', reason: 'ended' };
  if (basis !== pair.lastActivityAt) return { kind: 'skip', reason: 'stale' };
  const level = Number(step.slice(-1)) as 1 | 2 | 3;
  if ((pair.nudgeLevel ?? 0) >= level) return { kind: 'skip', reason: 'done' };
  if (pausedUntil && pausedUntil > nowIso) return { kind: 'wait', until: pausedUntil };
  if (level === 3) return { kind: 'escalate' };
  const nextLevel = (level + 1) as 2 | 3;
  return { kind: 'nudge', level, next: { step: nudgeStepOf(nextLevel), at: nudgeAt(basis, nextLevel, cadenceDays) } };
}

/** Whole days since the pair's last activity. */
export function daysQuiet(lastActivityAt: string, nowIso: string): number {
  return Math.floor((Date.parse(nowIso) - Date.parse(lastActivityAt)) / DAY_MS);
}
