import { DAYS, TOOLS } from '../../domain/signup-schema';
import { FieldError } from './field-error';
import { Layout } from './layout';

export type FormValues = Record<string, string | string[] | undefined>;
export type FormErrors = Record<string, string>;

const TOOL_LABELS: Record<(typeof TOOLS)[number], string> = {
  zoom: 'Zoom',
  teams: 'Microsoft Teams',
  meet: 'Google Meet',
  slack: 'Slack huddles',
  skype: 'Skype',
  phone: 'Phone',
  in_person: 'In person',
};
const DAY_LABELS: Record<(typeof DAYS)[number], string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

/** Field order, for the error summary (it lists errors in the order the form shows them). */
const FIELD_ORDER = [
  'name',
  'email',
  'role',
  'timezone',
  'languages',
  'skills',
  'goals',
  'department',
  'yearsExperience',
  'preferredTools',
  'availability',
  'capacity',
  'consent',
];

const PRESELECT_TIME_ZONE = `(function(){var s=document.getElementById('f-timezone');if(!s||s.value)return;try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;for(var i=0;i<s.options.length;i++){if(s.options[i].value===z){s.value=z;break}}}catch(e){}})();`;

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

function describedBy(name: string, errors: FormErrors, hint = false) {
  const ids = [hint ? `h-${name}` : '', errors[name] ? `e-${name}` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function TextField(props: {
  name: string;
  label: string;
  values: FormValues;
  errors: FormErrors;
  type?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  inputmode?: 'numeric';
}) {
  const { name, errors } = props;
  return (
    <>
      <label for={`f-${name}`}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`h-${name}`}>
          {props.hint}
        </span>
      ) : null}
      <FieldError name={name} errors={errors} />
      <input
        type={props.type ?? 'text'}
        id={`f-${name}`}
        name={name}
        value={str(props.values[name])}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        required={props.required}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={describedBy(name, errors, Boolean(props.hint))}
      />
    </>
  );
}

export function SignupPage(props: { programName: string; values: FormValues; errors: FormErrors; nonce?: string; cadenceDays: number; durationWeeks: number }) {
  const { values, errors } = props;
  const errorList = FIELD_ORDER.filter((f) => errors[f]);
  const role = str(values.role);
  const tools = list(values.preferredTools);
  return (
    <Layout
      title={errorList.length ? 'Fix the errors to join' : 'Join the mentoring program'}
      programName={props.programName}
      nonce={props.nonce}
      scripts={PRESELECT_TIME_ZONE}
    >
      <h1>Join the mentoring program</h1>
      <p class="lead">
        Tell us a little about yourself and we'll pair you with a mentor or mentee who fits: shared skills, overlapping hours and a language in common, wherever
        you both are. Pairs meet about every {props.cadenceDays} days for {props.durationWeeks} weeks.
      </p>

      {errorList.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} id="error-summary">
          <h2 id="error-summary-title">There {errorList.length === 1 ? 'is a problem' : `are ${errorList.length} problems`} with your answers</h2>
          <ul>
            {errorList.map((f) => (
              <li>
                <a href={`#f-${f}`}>{errors[f]}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <form method="post" action="/signup" novalidate>
        <fieldset>
          <legend>About you</legend>
          <TextField name="name" label="Full name" values={values} errors={errors} autocomplete="name" required />
          <TextField
            name="email"
            label="Work email"
            type="email"
            values={values}
            errors={errors}
            autocomplete="email"
            required
            hint="We'll send a link to confirm it's you."
          />
          <TextField
            name="department"
            label="Department (optional)"
            values={values}
            errors={errors}
            autocomplete="organization-title"
            hint="We like to pair people across departments."
          />
          <TextField name="yearsExperience" label="Years of work experience (optional)" type="number" inputmode="numeric" values={values} errors={errors} />
        </fieldset>

        <fieldset id="f-role" aria-describedby={describedBy('role', errors)}>
          <legend>I want to join as</legend>
          <FieldError name="role" errors={errors} />
          <label class="choice">
            <input type="radio" name="role" value="mentee" checked={role === 'mentee'} />
            <span>
              A mentee <span class="hint">I'd like guidance to grow my skills and career.</span>
            </span>
          </label>
          <label class="choice">
            <input type="radio" name="role" value="mentor" checked={role === 'mentor'} />
            <span>
              A mentor <span class="hint">I'd like to share what I know with a colleague.</span>
            </span>
          </label>
          <label for="f-capacity">If you mentor: how many mentees at once?</label>
          <FieldError name="capacity" errors={errors} />
          <select id="f-capacity" name="capacity" aria-invalid={errors.capacity ? 'true' : undefined} aria-describedby={describedBy('capacity', errors)}>
            {['1', '2', '3', '4', '5'].map((n) => (
              <option value={n} selected={str(values.capacity) === n}>
                {n}
              </option>
            ))}
          </select>
        </fieldset>

        <fieldset>
          <legend>Skills and goals</legend>
          <TextField
            name="skills"
            label="Skills"
            values={values}
            errors={errors}
            hint="Comma-separated. Mentors: what you can teach. Mentees: what you want to grow. For example: public speaking, sql, negotiation"
          />
          <label for="f-goals">Your goals for the program (optional)</label>
          <span class="hint" id="h-goals">
            What would make these weeks worth it for you?
          </span>
          <FieldError name="goals" errors={errors} />
          <textarea
            id="f-goals"
            name="goals"
            maxlength={1000}
            aria-invalid={errors.goals ? 'true' : undefined}
            aria-describedby={describedBy('goals', errors, true)}
          >
            {str(values.goals)}
          </textarea>
        </fieldset>

        <fieldset>
          <legend>Where and when</legend>
          <label for="f-timezone">Time zone</label>
          <FieldError name="timezone" errors={errors} />
          <select
            id="f-timezone"
            name="timezone"
            autocomplete="off"
            aria-invalid={errors.timezone ? 'true' : undefined}
            aria-describedby={describedBy('timezone', errors)}
          >
            <option value="">Choose your time zone</option>
            {TIME_ZONES.map((z) => (
              <option value={z} selected={str(values.timezone) === z}>
                {z.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
          <TextField
            name="languages"
            label="Languages you can mentor or be mentored in"
            values={values}
            errors={errors}
            hint="Comma-separated language codes, for example: en, de, pt-BR"
          />
          <p id="f-availability" class="hint spaced">
            <strong>When are you usually free to meet?</strong> Times in your own time zone. Leave days empty when you are not available.
          </p>
          <FieldError name="availability" errors={errors} />
          <table class="slots">
            <caption class="visually-hidden">Weekly availability</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
              </tr>
            </thead>
            <tbody>
              {DAYS.map((d) => (
                <tr>
                  <th scope="row">{DAY_LABELS[d]}</th>
                  <td>
                    <input type="time" name={`avail_${d}_from`} aria-label={`${DAY_LABELS[d]} from`} value={str(values[`avail_${d}_from`])} />
                  </td>
                  <td>
                    <input type="time" name={`avail_${d}_to`} aria-label={`${DAY_LABELS[d]} to`} value={str(values[`avail_${d}_to`])} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>

        <fieldset id="f-preferredTools">
          <legend>Tools you like to meet with</legend>
          <FieldError name="preferredTools" errors={errors} />
          <div class="choices">
            {TOOLS.map((t) => (
              <label class="choice">
                <input type="checkbox" name="preferredTools" value={t} checked={tools.includes(t)} />
                <span>{TOOL_LABELS[t]}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <div class="trap" aria-hidden="true">
          <label for="f-website">Leave this field empty</label>
          <input type="text" id="f-website" name="website" tabindex={-1} autocomplete="off" />
        </div>

        <fieldset>
          <legend>Consent</legend>
          <FieldError name="consent" errors={errors} />
          <label class="choice">
            <input
              type="checkbox"
              id="f-consent"
              name="consent"
              value="yes"
              checked={str(values.consent) === 'yes'}
              aria-invalid={errors.consent ? 'true' : undefined}
              aria-describedby={describedBy('consent', errors)}
            />
            <span>
              I agree that the program stores these answers to match me and emails me about the program. I can unsubscribe or delete my data at any time.
            </span>
          </label>
        </fieldset>

        <button class="button" type="submit">
          Sign me up
        </button>
      </form>
    </Layout>
  );
}
