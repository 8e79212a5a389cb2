import type { FitAnswerValue, Pair, PairEndReason } from '../../../domain/pair';

const ANSWER_LABELS: Record<FitAnswerValue, string> = { good: 'good fit', deciding: 'still deciding', not: 'not a good fit' };

/** Why a pair ended, in the console's words. */
export const endReasonLabel = (reason: PairEndReason | undefined): string =>
  reason === 'rematched' ? 're-matched' : reason === 'not_fit' ? 'not a good fit (fit check)' : reason === 'declined' ? 'declined by the mentor' : 'completed';

/** The pair's fit check on its console page: the round asked and each member's answer (admins see who answered what; the members never do). */
export function FitCheckAnswers(props: { pair: Pair }) {
  const check = props.pair.fitCheck;
  if (!check) return <p>Fit check: not asked yet (a day after the first meeting).</p>;
  const answer = (a: FitAnswerValue | undefined) => (a ? ANSWER_LABELS[a] : 'no answer yet');
  return (
    <>
      <h2>Fit check</h2>
      <p>
        Round {check.round}, asked {check.askedAt.slice(0, 10)}.
      </p>
      <ul>
        <li>Mentor: {answer(check.answers.mentor)}</li>
        <li>Mentee: {answer(check.answers.mentee)}</li>
      </ul>
    </>
  );
}
