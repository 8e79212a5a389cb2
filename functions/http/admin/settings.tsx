/**
 * `/admin/settings`: the program's current settings version (who, when), a form that replaces
 * it (plain HTML: goals as repeatable rows, catalogues one item per line; no script needed),
 * markers where the deploy-time default differs, and the version history. A bad form comes back
 * with 422 and each problem next to its field; an edit of a version someone else has replaced
 * meanwhile comes back with 409 and is not written.
 *
 * `settingsRoutes` also mounts the JSON API (api/program.ts).
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { CurrentSettings } from '../../app/support/current-config';
import { readProgramSettings, settingsHistory, updateProgramSettings } from '../../app/use-cases/admin/program-settings';
import { GOAL_METRICS } from '../../domain/kpi/goals';
import { TOOL_LABELS } from '../../domain/intro-content';
import { TOOLS } from '../../domain/signup-schema';
import type { SettingsIssue } from '../../settings/read';
import type { ProgramSettings } from '../../settings/settings';
import type { SettingsVersionPage } from '../../ports';
import { readForm, type FormFields } from '../form-body';
import type { Ctx } from '../types';
import { requireContentType } from '../guards';
import { csrf } from 'hono/csrf';
import { AdminLayout } from './pages/admin-layout';
import { DataTable } from './pages/data-table';
import { programApiRoutes, settingsBodyLimit } from './api/program';
import type { AdminEnv } from './env';
import type { AdminHttpDeps } from './types';

const PATH = '/admin/settings';
/** Empty goal rows the form offers for new goals. */
const NEW_GOAL_ROWS = 2;
const HISTORY_SHOWN = 20;

const CSS = `
form.settings fieldset{border:1px solid var(--line);border-radius:8px;padding:1rem;margin:0 0 1.25rem;background:#fff}
form.settings legend{font-weight:700;padding:0 .4rem}
form.settings label{display:block;font-weight:600;margin:.75rem 0 .25rem}
form.settings input[type=text],form.settings input[type=number],form.settings input[type=date],form.settings input[type=url],form.settings input[type=datetime-local],form.settings select,form.settings textarea{width:100%;max-width:40rem;box-sizing:border-box;font:inherit;padding:.4rem}
form.settings textarea{min-height:7rem}
form.settings .goal{border-top:1px solid var(--line);padding-top:.5rem;margin-top:.75rem}
form.settings .check label{display:inline;font-weight:600}
.differs{margin-left:.5rem}
details.default{font-size:.9rem;margin:.25rem 0}
details.default pre{white-space:pre-wrap;word-break:break-word}
`;

type Errors = Map<string, string[]>;

/** Issues by the form field they belong to: its own path, or the list it is an item of. */
function errorsOf(issues: readonly SettingsIssue[]): Errors {
  const out: Errors = new Map();
  for (const issue of issues) {
    const key =
      /^(iceBreakers|conversationStarters|allowedEmailDomains|guidelines\.bestPractices|guidelines\.goalTemplate)(\.|$)/.exec(issue.path)?.[1] ?? issue.path;
    out.set(key, [...(out.get(key) ?? []), issue.message]);
  }
  return out;
}

const fieldId = (name: string) => `f-${name.replaceAll('.', '-')}`;

function FieldErrors(props: { name: string; errors: Errors }) {
  const list = props.errors.get(props.name);
  if (!list) return null;
  return (
    <span class="field-error" id={`${fieldId(props.name)}-error`}>
      {list.join('; ')}
    </span>
  );
}

const invalid = (name: string, errors: Errors) => (errors.has(name) ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${fieldId(name)}-error` } : {});

function Differs(props: { name: Exclude<keyof ProgramSettings, 'goals'>; current: CurrentSettings }) {
  const deployed = props.current.deployDefaults[props.name];
  if (JSON.stringify(deployed) === JSON.stringify(props.current.settings[props.name])) return null;
  return (
    <>
      <span class="badge differs">deploy default differs</span>
      <details class="default">
        <summary>Deploy default</summary>
        <pre>{Array.isArray(deployed) ? deployed.join('\n') : typeof deployed === 'object' ? JSON.stringify(deployed, null, 2) : String(deployed)}</pre>
      </details>
    </>
  );
}

interface FormValues {
  [field: string]: string;
}

/** The form's values for a settings document. */
function formValues(s: ProgramSettings): FormValues {
  const values: FormValues = {
    identityLine: s.identityLine,
    meetingCadenceDays: String(s.meetingCadenceDays),
    mentorshipWeeks: String(s.mentorshipWeeks),
    incentiveMeetings: String(s.incentiveMeetings),
    rewardDescription: s.rewardDescription,
    allowedEmailDomains: s.allowedEmailDomains.join('\n'),
    signupsNeedApproval: s.signupsNeedApproval ? 'on' : '',
    matchingMode: s.matchingMode,
    choiceDays: String(s.choiceDays),
    firstMeetingMinutes: String(s.firstMeetingMinutes),
    ...Object.fromEntries(TOOLS.map((tool) => [`toolLinks.${tool}`, s.toolLinks[tool] ?? ''])),
    matchingCron: s.matchingCron,
    digestCron: s.digestCron,
    'guidelines.bestPractices': s.guidelines.bestPractices.join('\n'),
    'guidelines.goalTemplate': s.guidelines.goalTemplate.join('\n'),
    'webinar.title': s.webinar?.title ?? '',
    'webinar.url': s.webinar?.url ?? '',
    'webinar.at': s.webinar ? s.webinar.at.slice(0, 16) : '',
    iceBreakers: s.iceBreakers.join('\n'),
    conversationStarters: s.conversationStarters.join('\n'),
  };
  s.goals.forEach((g, i) => {
    values[`goals.${i}.id`] = g.id;
    values[`goals.${i}.description`] = g.description;
    values[`goals.${i}.metric`] = g.metric;
    values[`goals.${i}.target`] = String(g.target);
    values[`goals.${i}.deadline`] = g.deadline;
  });
  return values;
}

const one = (fields: FormFields, name: string): string => {
  const value = fields[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};
const linesOf = (text: string) => text.split(/\r?\n/);
const numberOf = (text: string): unknown => (text.trim() === '' ? undefined : Number(text.trim()));

/** The most goal rows a form is read for (the schema allows 20; the rest would be refused anyway). */
const MAX_GOAL_ROWS = 40;

/** The settings document a submitted form describes (checked by the use case like any JSON edit), and the values to show again. */
export function documentFromForm(fields: FormFields): { document: Record<string, unknown>; values: FormValues; goalRows: number[] } {
  const values: FormValues = {};
  for (const name of Object.keys(fields)) if (name.length <= 60) values[name] = one(fields, name);
  const goals: Record<string, unknown>[] = [];
  // The form row of each goal in the document: blank and removed rows are left out.
  const goalRows: number[] = [];
  for (let i = 0; i < MAX_GOAL_ROWS; i++) {
    const row = ['id', 'description', 'metric', 'target', 'deadline'].map((f) => one(fields, `goals.${i}.${f}`).trim());
    if (row.every((v) => v === '') || one(fields, `goals.${i}.remove`) === 'on') continue;
    goalRows.push(i);
    const [id, description, metric, target, deadline] = row;
    goals.push({ id, description, metric, target: numberOf(target!), deadline });
  }
  const webinarFields = ['title', 'url', 'at'].map((f) => one(fields, `webinar.${f}`).trim());
  const [title, url, at] = webinarFields;
  const document = {
    identityLine: one(fields, 'identityLine'),
    meetingCadenceDays: numberOf(one(fields, 'meetingCadenceDays')),
    mentorshipWeeks: numberOf(one(fields, 'mentorshipWeeks')),
    incentiveMeetings: numberOf(one(fields, 'incentiveMeetings')),
    rewardDescription: one(fields, 'rewardDescription'),
    allowedEmailDomains: linesOf(one(fields, 'allowedEmailDomains')),
    signupsNeedApproval: one(fields, 'signupsNeedApproval') === 'on',
    matchingMode: one(fields, 'matchingMode'),
    choiceDays: numberOf(one(fields, 'choiceDays')),
    firstMeetingMinutes: numberOf(one(fields, 'firstMeetingMinutes')),
    toolLinks: Object.fromEntries(TOOLS.map((tool) => [tool, one(fields, `toolLinks.${tool}`).trim()]).filter(([, link]) => link !== '')),
    matchingCron: one(fields, 'matchingCron'),
    digestCron: one(fields, 'digestCron'),
    goals,
    guidelines: { bestPractices: linesOf(one(fields, 'guidelines.bestPractices')), goalTemplate: linesOf(one(fields, 'guidelines.goalTemplate')) },
    // A datetime-local field has no offset: the form says the time is UTC.
    webinar: webinarFields.every((v) => v === '') ? null : { title, url, at: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(at!) ? `${at}Z` : at },
    iceBreakers: linesOf(one(fields, 'iceBreakers')),
    conversationStarters: linesOf(one(fields, 'conversationStarters')),
  };
  return { document, values, goalRows };
}

/** Issues at `goals.<n>…` of the document, moved to the form row the goal came from. */
export const issuesOnFormRows = (issues: readonly SettingsIssue[], goalRows: readonly number[]): SettingsIssue[] =>
  issues.map((issue) => ({
    ...issue,
    path: issue.path.replace(/^goals\.(\d+)/, (whole, n: string) => (goalRows[Number(n)] === undefined ? whole : `goals.${goalRows[Number(n)]}`)),
  }));

/** Goal errors at `goals.<i>` are shown on the row; those of the form's rows after dropping blank ones map back by order. */
function GoalRows(props: { values: FormValues; errors: Errors }) {
  const { values, errors } = props;
  let rows = 0;
  while (values[`goals.${rows}.id`] !== undefined || values[`goals.${rows}.description`] !== undefined) rows++;
  const all = Array.from({ length: rows + NEW_GOAL_ROWS }, (_, i) => i);
  const metrics = Object.keys(GOAL_METRICS);
  return (
    <>
      {all.map((i) => {
        const name = (f: string) => `goals.${i}.${f}`;
        const text = (f: string, label: string, type = 'text', extra: Record<string, string> = {}) => (
          <>
            <label for={fieldId(name(f))}>{label}</label>
            <input type={type} id={fieldId(name(f))} name={name(f)} value={values[name(f)] ?? ''} {...extra} {...invalid(name(f), errors)} />
            <FieldErrors name={name(f)} errors={errors} />
          </>
        );
        return (
          <div class="goal" role="group" aria-labelledby={`${fieldId(`goals.${i}`)}-h`}>
            <h3 id={`${fieldId(`goals.${i}`)}-h`}>{i < rows ? `Goal ${i + 1}` : `New goal (leave empty for none)`}</h3>
            <FieldErrors name={`goals.${i}`} errors={errors} />
            {text('id', 'Id (lower-case letters, digits, dashes)')}
            {text('description', 'Description')}
            <label for={fieldId(name('metric'))}>Metric (a KPI of the digest)</label>
            <select id={fieldId(name('metric'))} name={name('metric')} {...invalid(name('metric'), errors)}>
              <option value="">Choose a metric</option>
              {metrics.map((m) => (
                <option value={m} selected={values[name('metric')] === m}>
                  {m}
                </option>
              ))}
            </select>
            <FieldErrors name={name('metric')} errors={errors} />
            {text('target', 'Target (a share 0–1, or a rating 1–5)', 'number', { step: 'any' })}
            {text('deadline', 'Deadline (a fixed date)', 'date')}
            {i < rows ? (
              <p class="check">
                <input type="checkbox" id={fieldId(name('remove'))} name={name('remove')} /> <label for={fieldId(name('remove'))}>Remove this goal</label>
              </p>
            ) : null}
          </div>
        );
      })}
    </>
  );
}

interface PageProps {
  current: CurrentSettings;
  history: SettingsVersionPage;
  values: FormValues;
  errors: Errors;
  nonce?: string;
  programName: string;
  notice?: string;
}

function SettingsPage(props: PageProps) {
  const { current, values, errors } = props;
  const text = (name: string, label: string, hint?: string, type = 'text') => (
    <>
      <label for={fieldId(name)}>{label}</label>
      {hint ? (
        <span class="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </span>
      ) : null}
      <input type={type} id={fieldId(name)} name={name} value={values[name] ?? ''} {...invalid(name, errors)} />
      <FieldErrors name={name} errors={errors} />
    </>
  );
  const lines = (name: string, label: string, hint: string) => (
    <>
      <label for={fieldId(name)}>{label}</label>
      <span class="hint">{hint}</span>
      <textarea id={fieldId(name)} name={name} {...invalid(name, errors)}>
        {values[name] ?? ''}
      </textarea>
      <FieldErrors name={name} errors={errors} />
    </>
  );
  const who = (id: string) => (id === 'deploy' ? 'the deployment' : `admin ${id}`);
  const issueCount = [...errors.values()].reduce((n, l) => n + l.length, 0);
  return (
    <AdminLayout title="Program settings" programName={props.programName} nonce={props.nonce} current={PATH}>
      <style nonce={props.nonce} dangerouslySetInnerHTML={{ __html: CSS }} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {issueCount ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>The settings were not saved</h2>
          <ul>
            {[...errors.entries()].map(([path, messages]) => (
              <li>
                <a href={`#${fieldId(path)}`}>{path || 'document'}</a>: {messages.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>
        Version <strong>{current.version}</strong>, saved {current.updatedAt} by {who(current.updatedBy)}. Every email and the digest read this version;
        schedules are checked every hour.
      </p>
      <form class="settings" method="post" action={PATH}>
        <input type="hidden" name="version" value={String(current.version)} />
        <fieldset>
          <legend>Rhythm and reward</legend>
          {text('meetingCadenceDays', 'Meeting cadence (days)', undefined, 'number')}
          <Differs name="meetingCadenceDays" current={current} />
          {text('mentorshipWeeks', 'Mentorship length (weeks)', undefined, 'number')}
          <Differs name="mentorshipWeeks" current={current} />
          {text('incentiveMeetings', 'Meetings that earn the reward', undefined, 'number')}
          <Differs name="incentiveMeetings" current={current} />
          {text('rewardDescription', 'The reward, as emails name it', 'e.g. a coffee on the program')}
          <Differs name="rewardDescription" current={current} />
        </fieldset>
        <fieldset>
          <legend>SMART goals</legend>
          <GoalRows values={values} errors={errors} />
          <FieldErrors name="goals" errors={errors} />
        </fieldset>
        <fieldset>
          <legend>Schedules (UTC)</legend>
          {text('matchingCron', 'Matching rounds', 'EventBridge cron in UTC: minutes hours day-of-month month day-of-week year, e.g. cron(0 9 ? * MON *)')}
          <Differs name="matchingCron" current={current} />
          {text('digestCron', 'Weekly digest', 'e.g. cron(0 8 ? * MON *): Mondays 08:00 UTC')}
          <Differs name="digestCron" current={current} />
        </fieldset>
        <fieldset>
          <legend>Who takes part, and how pairs are made</legend>
          {lines('allowedEmailDomains', 'Allowed email domains', 'One per line; none: any address may sign up.')}
          <Differs name="allowedEmailDomains" current={current} />
          <p class="check">
            <input type="checkbox" id={fieldId('signupsNeedApproval')} name="signupsNeedApproval" checked={values.signupsNeedApproval === 'on'} />{' '}
            <label for={fieldId('signupsNeedApproval')}>Sign-ups need an admin’s approval</label>
          </p>
          <Differs name="signupsNeedApproval" current={current} />
          <label for={fieldId('matchingMode')}>Matching mode</label>
          <select id={fieldId('matchingMode')} name="matchingMode" {...invalid('matchingMode', errors)}>
            <option value="auto" selected={values.matchingMode === 'auto'}>
              auto: a round sends its intros at once
            </option>
            <option value="review" selected={values.matchingMode === 'review'}>
              review: an admin publishes each round
            </option>
            <option value="choice" selected={values.matchingMode === 'choice'}>
              choice: each mentee picks one of up to three mentors
            </option>
          </select>
          <FieldErrors name="matchingMode" errors={errors} />
          <Differs name="matchingMode" current={current} />
          {text(
            'choiceDays',
            'Days a mentee has to choose (choice mode)',
            'The first round at least this long after the offer matches the mentee automatically.',
            'number',
          )}
          <Differs name="choiceDays" current={current} />
        </fieldset>
        <fieldset>
          <legend>The first meeting</legend>
          {text(
            'firstMeetingMinutes',
            'Length of the first meeting (minutes)',
            'The calendar invitation proposes a slot this long inside both members’ availability.',
            'number',
          )}
          <Differs name="firstMeetingMinutes" current={current} />
          <h3>Meeting links per tool (optional)</h3>
          {TOOLS.filter((tool) => tool !== 'in_person' && tool !== 'phone').map((tool) =>
            text(`toolLinks.${tool}`, `${TOOL_LABELS[tool]} link (https)`, undefined, 'url'),
          )}
          <FieldErrors name="toolLinks" errors={errors} />
          <Differs name="toolLinks" current={current} />
        </fieldset>
        <fieldset>
          <legend>The intro email</legend>
          {lines('guidelines.bestPractices', 'Best practices', 'One per line (at most 20).')}
          {lines('guidelines.goalTemplate', 'Goal-setting template', 'One question per line (at most 20).')}
          <FieldErrors name="guidelines" errors={errors} />
          <Differs name="guidelines" current={current} />
          <h3>Introductory webinar or training (optional)</h3>
          {text('webinar.title', 'Title')}
          {text('webinar.url', 'Link (https)', undefined, 'url')}
          {text('webinar.at', 'Starts at (UTC)', undefined, 'datetime-local')}
          <FieldErrors name="webinar" errors={errors} />
          <Differs name="webinar" current={current} />
          {lines('iceBreakers', 'Ice-breakers', 'One question per line (at most 100, each at most 300 characters).')}
          <Differs name="iceBreakers" current={current} />
          {lines('conversationStarters', 'Conversation starters', 'One question per line (at most 100, each at most 300 characters).')}
          <Differs name="conversationStarters" current={current} />
        </fieldset>
        <fieldset>
          <legend>Footer</legend>
          {text('identityLine', 'Identity and postal line of every email')}
          <Differs name="identityLine" current={current} />
        </fieldset>
        <button class="button" type="submit">
          Save as version {current.version + 1}
        </button>
      </form>
      <h2>Version history</h2>
      <DataTable label="Version history" columns={['Version', 'Saved', 'By']}>
        {props.history.versions.map((v) => (
          <tr>
            <th scope="row">{v.version}</th>
            <td>{v.updatedAt}</td>
            <td>{who(v.updatedBy)}</td>
          </tr>
        ))}
      </DataTable>
      {props.history.cursor ? (
        <p>
          <a href={`/admin/api/program/versions?cursor=${props.history.cursor}`}>Older versions (JSON)</a>
        </p>
      ) : null}
    </AdminLayout>
  );
}

type AdminCtx = Context<AdminEnv>;

export function settingsRoutes(http: AdminHttpDeps): Hono<AdminEnv> {
  const { deps } = http;
  const app = new Hono<AdminEnv>();

  const render = async (c: AdminCtx, status: 200 | 409 | 422, props: Partial<PageProps> = {}) => {
    const current = props.current ?? (await readProgramSettings(deps));
    const history = await settingsHistory(deps, { limit: HISTORY_SHOWN });
    return c.html(
      <SettingsPage
        current={current}
        history={history}
        values={props.values ?? formValues(current.settings)}
        errors={props.errors ?? new Map()}
        nonce={c.get('secureHeadersNonce')}
        programName={deps.config.name}
        notice={props.notice}
      />,
      status,
    );
  };

  app.get(PATH, async (c) => {
    const saved = c.req.query('saved');
    return render(c, 200, saved && /^\d{1,9}$/.test(saved) ? { notice: `Saved as version ${saved}.` } : {});
  });

  app.post(
    PATH,
    settingsBodyLimit,
    requireContentType('application/x-www-form-urlencoded', 'multipart/form-data'),
    csrf({ origin: new URL(deps.config.publicUrl).origin }),
    async (c) => {
      // readForm only reads the request; the console's context carries more variables than the public one.
      const fields = await readForm(c as unknown as Ctx);
      const { document, values, goalRows } = documentFromForm(fields);
      const versionText = one(fields, 'version');
      const expected = /^\d{1,9}$/.test(versionText) ? Number(versionText) : undefined;
      const result = await updateProgramSettings(deps, c.get('admin'), document, expected);
      if (result.outcome === 'invalid') return render(c, 422, { values, errors: errorsOf(issuesOnFormRows(result.issues, goalRows)) });
      if (result.outcome === 'conflict')
        return render(c, 409, {
          values,
          notice: `Someone saved version ${result.currentVersion} while you were editing: your changes were not saved. They are still in the form below; check the current settings and save again.`,
        });
      return c.redirect(`${PATH}?saved=${result.current.version}`, 303);
    },
  );

  app.route('/', programApiRoutes(http));
  return app;
}
