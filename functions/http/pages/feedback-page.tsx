import { FieldError } from './field-error';
import { Layout } from './layout';

export type FeedbackValues = Record<string, string | undefined>;

const LABELS = ['Not at all', 'A little', 'Somewhat', 'Quite', 'Very'];

function Area(props: { name: string; label: string; values: FeedbackValues; errors: Record<string, string> }) {
  return (
    <>
      <label for={`f-${props.name}`}>{props.label}</label>
      <FieldError name={props.name} errors={props.errors} />
      <textarea
        id={`f-${props.name}`}
        name={props.name}
        maxlength={2000}
        aria-invalid={props.errors[props.name] ? 'true' : undefined}
        aria-describedby={props.errors[props.name] ? `e-${props.name}` : undefined}
      >
        {props.values[props.name] ?? ''}
      </textarea>
    </>
  );
}

export function FeedbackPage(props: {
  programName: string;
  nonce?: string;
  partnerFirstName: string;
  action: string;
  values: FeedbackValues;
  errors: Record<string, string>;
}) {
  const { values, errors } = props;
  const list = Object.entries(errors);
  return (
    <Layout title={`How is it going with ${props.partnerFirstName}?`} programName={props.programName} nonce={props.nonce}>
      <h1>How is it going with {props.partnerFirstName}?</h1>
      <p class="lead">Two minutes, and only the program admins see your answers. {props.partnerFirstName} doesn't.</p>
      {list.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
          <h2 id="error-summary-title">Please check your answers</h2>
          <ul>
            {list.map(([field, message]) => (
              <li>
                <a href={`#f-${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={props.action} novalidate>
        <fieldset id="f-met">
          <legend>Have you met so far?</legend>
          <FieldError name="met" errors={errors} />
          <label class="choice">
            <input type="radio" name="met" value="yes" checked={values.met === 'yes'} />
            <span>Yes</span>
          </label>
          <label class="choice">
            <input type="radio" name="met" value="no" checked={values.met === 'no'} />
            <span>Not yet</span>
          </label>
          <label for="f-timesMet">If yes: how many times in all?</label>
          <FieldError name="timesMet" errors={errors} />
          <input
            type="number"
            id="f-timesMet"
            name="timesMet"
            min={1}
            max={50}
            inputmode="numeric"
            value={values.timesMet ?? ''}
            aria-invalid={errors.timesMet ? 'true' : undefined}
          />
        </fieldset>
        <fieldset id="f-satisfaction">
          <legend>How happy are you with your match?</legend>
          <FieldError name="satisfaction" errors={errors} />
          <div class="choices">
            {LABELS.map((label, i) => (
              <label class="choice">
                <input type="radio" name="satisfaction" value={String(i + 1)} checked={values.satisfaction === String(i + 1)} />
                <span>
                  {i + 1} · {label}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>In your own words (optional)</legend>
          <Area name="wentWell" label="What went well?" values={values} errors={errors} />
          <Area name="toImprove" label="What could be better?" values={values} errors={errors} />
          <Area name="comments" label="Anything else?" values={values} errors={errors} />
        </fieldset>
        <button class="button" type="submit">
          Send feedback
        </button>
      </form>
    </Layout>
  );
}
