import type { JobDeps } from '../support/deps';
import { pairLinkContext, type PairContext } from '../support/pair-links';
import { recordActivity, type RecordOutcome } from './record-activity';

export const CHECKIN_ANSWERS = ['met', 'not_yet', '1', '2', '3', '4', '5'] as const;
export type CheckInAnswer = (typeof CHECKIN_ANSWERS)[number];
export const isCheckInAnswer = (value: unknown): value is CheckInAnswer => (CHECKIN_ANSWERS as readonly unknown[]).includes(value);

/**
 * A one-click check-in answer. Each answer counts once per member and check-in,
 * however often the link is opened; a rating is kept once per check-in.
 */
export async function checkIn(deps: JobDeps, token: string, answer: CheckInAnswer): Promise<PairContext & { outcome: RecordOutcome }> {
  const context = await pairLinkContext(deps, token, 'checkin');
  const base = `checkin#${context.pair.id}#${context.me.id}#${context.detail ?? '0'}`;
  const rating = Number(answer);
  const outcome = await recordActivity(
    deps,
    context.pair,
    Number.isInteger(rating)
      ? { key: `${base}#rating`, participantId: context.me.id, kind: 'rating', source: 'link', rating }
      : { key: `${base}#${answer}`, participantId: context.me.id, kind: answer as 'met' | 'not_yet', source: 'link' },
  );
  return { ...context, outcome };
}
