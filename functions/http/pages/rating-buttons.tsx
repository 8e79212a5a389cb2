const LABELS = ['Not useful', 'A little useful', 'Useful', 'Very useful', 'Extremely useful'];

/** "How useful was it?" as five buttons, each named by its number and words (not colour alone), in a labelled group. */
export function RatingButtons(props: { action: string }) {
  return (
    <form method="post" action={props.action} class="card">
      <h2 id="rate-title">How useful was the meeting?</h2>
      <div role="group" aria-labelledby="rate-title">
        {LABELS.map((label, i) => (
          <button class="button secondary" type="submit" name="answer" value={String(i + 1)}>
            {i + 1} · {label}
          </button>
        ))}
      </div>
    </form>
  );
}
