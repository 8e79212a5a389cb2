/**
 * The console's people pages: the list with search and filters, a person's
 * page with its actions, a pair's page, and the CSV import. Server-rendered,
 * working without JavaScript: every action is a POST form that redirects back
 * (303) with a notice; the JSON twins are in api/people.ts.
 */
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { importInvitations, IMPORT_COLUMNS, MAX_IMPORT_ROWS, type ImportSummary } from '../../app/use-cases/admin/import-invitations';
import { endAndRematch, makeManualPair, pairDetail } from '../../app/use-cases/admin/pairs';
import {
  adminPause,
  approveParticipant,
  blockParticipant,
  listParticipants,
  personDetail,
  removeParticipant,
  resendConfirmationFor,
  suggestionsFor,
} from '../../app/use-cases/admin/people';
import { AdminRequestRefused, type Issue } from '../../app/support/errors';
import { pairTimeline } from '../../domain/pair';
import { endReasonLabel, FitCheckAnswers } from './pages/fit-check-answers';
import { PARTICIPANT_STATUSES, type Participant } from '../../domain/participant';
import { ROLES } from '../../domain/signup-schema';
import { readForm } from '../form-body';
import { formPostGuards, requireContentType } from '../guards';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { parseListQuery } from './api/list-query';
import { FirstMeetingSection } from './first-meeting-view';
import { MAX_IMPORT_BYTES, parsePeopleQuery } from './api/people';
import type { AdminEnv } from './env';
import { AdminLayout } from './pages/admin-layout';
import { DataTable } from './pages/data-table';
import { PostButton } from './pages/post-button';
import type { AdminHttpDeps } from './types';
import type { Ctx } from '../types';
import { csrf } from 'hono/csrf';

/** readForm's checks (a garbled body → 400, a file → 422) for a console form; it reads only the request. */
const readAdminForm = (c: { req: Ctx['req'] }) => readForm(c as Ctx);

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '—');
const statusLabel = (s: string) => s.replace(/_/g, ' ');

const NOTICES: Record<string, string> = {
  approve: 'Approved: they are in the matching pool.',
  pause: 'Paused for 30 days: no reminders or follow-ups.',
  block: 'Blocked from matching.',
  remove: 'Removed: their personal data is erased.',
  resend: 'A new confirmation link is on its way (within the sign-up caps).',
  pair: 'Paired: both introductions are queued.',
  end: 'The pair has ended; both are back in the matching pool.',
};

const ACTIONS = ['approve', 'pause', 'block', 'remove', 'resend'] as const;

function Issues(props: { issues: Issue[] }) {
  return (
    <div class="notice" role="alert">
      <p>
        <strong>Nothing was changed.</strong>
      </p>
      <ul>
        {props.issues.map((i) => (
          <li>
            {i.path.startsWith('rows.') ? `Row ${i.path.split('.')[1]}${i.path.split('.')[2] ? `, ${i.path.split('.')[2]}` : ''}` : i.path}: {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function peopleRoutes({ deps }: AdminHttpDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const formPost = formPostGuards(deps.config.publicUrl);
  const page = (c: { get(k: 'secureHeadersNonce'): string | undefined }, title: string, children: Child, current = '/admin/people') => (
    <AdminLayout title={title} programName={deps.config.name} nonce={c.get('secureHeadersNonce')} current={current}>
      {children}
    </AdminLayout>
  );

  app.get('/admin/people', async (c) => {
    const raw = c.req.query();
    const query = parsePeopleQuery(raw);
    const list = parseListQuery({ limit: raw.limit ?? '50', cursor: raw.cursor });
    const result = await listParticipants(deps, query, list);
    const next = new URLSearchParams({
      ...(query.q ? { q: query.q } : {}),
      ...(query.role ? { role: query.role } : {}),
      ...(query.status ? { status: query.status } : {}),
    });
    if (result.cursor) next.set('cursor', result.cursor);
    return c.html(
      page(
        c,
        'People',
        <>
          <p class="actions">
            <a class="button small" href="/admin/people/import">
              Import people to invite
            </a>
          </p>
          <form method="get" action="/admin/people" role="search" class="card">
            <label for="q">Search by name, email or skill</label>
            <input id="q" name="q" type="search" maxlength={100} value={query.q ?? ''} />
            <label for="role">Role</label>
            <select id="role" name="role">
              <option value="">Any role</option>
              {ROLES.map((r) => (
                <option value={r} selected={query.role === r}>
                  {r}
                </option>
              ))}
            </select>
            <label for="status">Status</label>
            <select id="status" name="status">
              <option value="">Any status</option>
              {PARTICIPANT_STATUSES.map((s) => (
                <option value={s} selected={query.status === s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
            <button class="button small" type="submit">
              Search
            </button>
          </form>
          <DataTable
            label="People"
            caption={result.participants.length === 0 ? 'No one matches.' : `${result.participants.length} shown`}
            captionVisible
            columns={['Name', 'Email', 'Role', 'Status', 'Skills', 'Signed up']}
          >
            {result.participants.map((p) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/people/${encodeURIComponent(p.id)}`}>{p.name ?? `(removed ${p.id})`}</a>
                </th>
                <td>{p.email ?? '—'}</td>
                <td>{p.role}</td>
                <td>
                  <span class="badge">{statusLabel(p.status)}</span>
                </td>
                <td>{(p.skills ?? []).join(', ')}</td>
                <td>{day(p.createdAt)}</td>
              </tr>
            ))}
          </DataTable>
          {result.cursor ? (
            <p>
              <a href={`/admin/people?${next.toString()}`}>Next page</a>
            </p>
          ) : null}
        </>,
      ),
    );
  });

  app.get('/admin/people/import', (c) => c.html(page(c, 'Import people to invite', <ImportForm />)));

  app.post(
    '/admin/people/import',
    bodyLimit({
      maxSize: MAX_IMPORT_BYTES,
      onError: () => {
        throw new HTTPException(413, { message: 'payload_too_large' });
      },
    }),
    requireContentType('multipart/form-data', 'application/x-www-form-urlencoded'),
    csrf({ origin: new URL(deps.config.publicUrl).origin }),
    async (c) => {
      let body: Record<string, unknown>;
      try {
        body = await c.req.parseBody();
      } catch {
        throw new AdminRequestRefused(400, 'malformed_form', [{ path: '(body)', message: 'the form could not be read' }]);
      }
      const file = body.file;
      const text = file instanceof File && file.size > 0 ? await file.text() : typeof body.text === 'string' ? body.text : '';
      let summary: ImportSummary;
      try {
        summary = await importInvitations(deps, c.get('admin'), text);
      } catch (error) {
        if (error instanceof AdminRequestRefused)
          return c.html(page(c, 'Import people to invite', <ImportForm issues={error.issues} text={typeof body.text === 'string' ? body.text : ''} />), 422);
        throw error;
      }
      return c.html(
        page(
          c,
          'Import done',
          <div class="notice" role="status">
            <p>
              {summary.rows} rows: {summary.invited} invited, {summary.alreadyInvited} invited before (not again), {summary.alreadyParticipants} already taking
              part (skipped).
            </p>
            <p>
              <a href="/admin/people">Back to people</a>
            </p>
          </div>,
        ),
      );
    },
  );

  app.get('/admin/people/:id', async (c) => {
    const { participant: p, pairs, activity, emails } = await personDetail(deps, c.req.param('id'));
    const done = NOTICES[c.req.query('done') ?? ''];
    const suggestions = p.status === 'waiting' ? await suggestionsFor(deps, p.id, 10) : [];
    const base = `/admin/people/${encodeURIComponent(p.id)}`;
    const can = {
      approve: p.status === 'awaiting_approval',
      pause: p.status !== 'deleted',
      block: ['pending', 'awaiting_approval', 'waiting', 'matched', 'alumni'].includes(p.status),
      remove: p.status !== 'deleted',
      resend: p.status === 'pending',
    };
    const labels = {
      approve: 'Approve',
      pause: 'Pause 30 days',
      block: 'Block from matching',
      remove: 'Remove (erase personal data)',
      resend: 'Re-send confirmation',
    };
    return c.html(
      page(
        c,
        p.name ?? `Removed participant ${p.id}`,
        <>
          {done ? (
            <p class="notice" role="status">
              {done}
            </p>
          ) : null}
          <p>
            <span class="badge">{p.role}</span> <span class="badge">{statusLabel(p.status)}</span>
            {p.pausedUntil ? <span class="badge">paused until {day(p.pausedUntil)}</span> : null}
          </p>
          <div class="actions">
            {ACTIONS.filter((a) => can[a]).map((a) => (
              <PostButton action={`${base}/${a}`} label={labels[a]} />
            ))}
          </div>
          <h2>Answers</h2>
          <Answers p={p} />
          <h2>Pairs</h2>
          {pairs.length === 0 ? (
            <p>No pairs yet.</p>
          ) : (
            <DataTable label="Pairs" columns={['Pair', 'Partner', 'Status', 'Since']}>
              {pairs.map(({ pair, partner }) => (
                <tr>
                  <th scope="row">
                    <a href={`/admin/pairs/${encodeURIComponent(pair.id)}`}>{pair.id}</a>
                  </th>
                  <td>{partner?.name ?? '(removed)'}</td>
                  <td>{statusLabel(pair.status)}</td>
                  <td>{day(pair.createdAt)}</td>
                </tr>
              ))}
            </DataTable>
          )}
          <h2>Activity</h2>
          <ActivityList items={activity} />
          <h2>Emails</h2>
          {emails.length === 0 ? (
            <p>No emails yet.</p>
          ) : (
            <DataTable label="Emails" columns={['When', 'Email', 'State']}>
              {emails.map((e) => (
                <tr>
                  <td>{e.at.slice(0, 16).replace('T', ' ')}</td>
                  <th scope="row">{e.template}</th>
                  <td>{e.state}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {p.status === 'waiting' ? (
            <>
              <h2 id="pair-with">Pair with…</h2>
              {suggestions.length === 0 ? (
                <p>No one in the matching pool fits (language, an hour of overlap, not paired before).</p>
              ) : (
                <DataTable label="Possible partners" columns={['Partner', 'Score', 'Why', 'Action']}>
                  {suggestions.map((s) => (
                    <tr>
                      <th scope="row">
                        <a href={`/admin/people/${encodeURIComponent(s.partnerId)}`}>{s.partner.name}</a>
                      </th>
                      <td>{s.score}</td>
                      <td>{s.reasons.join('; ')}</td>
                      <td>
                        <PostButton action={`${base}/pair`} fields={{ partnerId: s.partnerId }} label="Pair" ariaLabel={`Pair with ${s.partner.name}`} />
                      </td>
                    </tr>
                  ))}
                </DataTable>
              )}
            </>
          ) : null}
        </>,
      ),
    );
  });

  const actions = {
    approve: approveParticipant,
    pause: adminPause,
    block: blockParticipant,
    remove: removeParticipant,
    resend: resendConfirmationFor,
  } as const;
  for (const [action, run] of Object.entries(actions)) {
    app.post(`/admin/people/:id/${action}`, ...formPost, async (c) => {
      await readAdminForm(c);
      const id = c.req.param('id');
      await run(deps, c.get('admin'), id);
      return c.redirect(`/admin/people/${encodeURIComponent(id)}?done=${action}`, 303);
    });
  }

  app.post('/admin/people/:id/pair', ...formPost, async (c) => {
    const form = await readAdminForm(c);
    const id = c.req.param('id');
    const partnerId = typeof form.partnerId === 'string' ? form.partnerId : '';
    const person = (await personDetail(deps, id)).participant;
    const [mentorId, menteeId] = person.role === 'mentor' ? [id, partnerId] : [partnerId, id];
    const { pair } = await makeManualPair(deps, c.get('admin'), mentorId, menteeId);
    return c.redirect(`/admin/pairs/${encodeURIComponent(pair.id)}?done=pair`, 303);
  });

  app.get('/admin/pairs/:pairId', async (c) => {
    const { pair, mentor, mentee, activity } = await pairDetail(deps, c.req.param('pairId'));
    const done = NOTICES[c.req.query('done') ?? ''];
    const timeline = pairTimeline(pair.createdAt, deps.config);
    const member = (label: string, p: Participant | undefined, id: string) => (
      <li>
        {label}: <a href={`/admin/people/${encodeURIComponent(id)}`}>{p?.name ?? `(removed ${id})`}</a>{' '}
        {p ? <span class="badge">{statusLabel(p.status)}</span> : null}
      </li>
    );
    return c.html(
      page(
        c,
        `Pair ${pair.id}`,
        <>
          {done ? (
            <p class="notice" role="status">
              {done}
            </p>
          ) : null}
          <ul>
            {member('Mentor', mentor, pair.mentorId)}
            {member('Mentee', mentee, pair.menteeId)}
          </ul>
          <p>
            Status: <span class="badge">{statusLabel(pair.status)}</span> · since {day(pair.createdAt)} · ends {day(pair.endedAt ?? pair.endsAt)} · meetings
            logged {pair.meetingsLogged ?? 0} · last activity {day(pair.lastActivityAt)} · score {pair.score}
          </p>
          {pair.reasons.length ? <p>Why: {pair.reasons.join('; ')}</p> : null}
          {pair.status !== 'ended' ? (
            <div class="actions">
              <PostButton action={`/admin/pairs/${encodeURIComponent(pair.id)}/end`} label="End this pair and re-match both" />
            </div>
          ) : (
            <p>
              Ended {day(pair.endedAt)} ({endReasonLabel(pair.endReason)}).
            </p>
          )}
          <FirstMeetingSection meeting={pair.firstMeeting} />
          <FitCheckAnswers pair={pair} />
          <h2>Timeline</h2>
          <ol>
            {timeline.map((t) => (
              <li>
                {day(t.at)}: {t.step}
              </li>
            ))}
          </ol>
          <h2>Activity</h2>
          <ActivityList items={[...activity].reverse()} />
        </>,
      ),
    );
  });

  app.post('/admin/pairs/:pairId/end', ...formPost, async (c) => {
    await readAdminForm(c);
    const pair = await endAndRematch(deps, c.get('admin'), c.req.param('pairId'));
    return c.redirect(`/admin/pairs/${encodeURIComponent(pair.id)}?done=end`, 303);
  });

  return app;
}

function Answers(props: { p: Participant }) {
  const p = props.p;
  if (p.status === 'deleted') return <p>Their personal data was erased on {day(p.updatedAt)}; only anonymous counts remain.</p>;
  const rows: [string, Child][] = [
    ['Email', p.email],
    ['Time zone', p.timezone],
    ['Skills', p.skills.join(', ') || '—'],
    ['Goals', p.goals || '—'],
    ['Department', p.department ?? '—'],
    ['Years of experience', p.yearsExperience ?? '—'],
    ['Languages', p.languages.join(', ')],
    ['Preferred tools', p.preferredTools.join(', ') || '—'],
    ['Availability', p.availability.map((a) => `${a.day} ${a.from}–${a.to}`).join(', ') || '—'],
    ...(p.role === 'mentor' ? ([['Capacity', p.capacity ?? 1]] as [string, Child][]) : []),
    ['Signed up', day(p.createdAt)],
    ['Confirmed', day(p.confirmedAt)],
  ];
  return (
    <DataTable label="Answers" columns={[]}>
      {rows.map(([k, v]) => (
        <tr>
          <th scope="row">{k}</th>
          <td>{v}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function ActivityList(props: { items: { at: string; kind: string; source: string; pairId: string }[] }) {
  if (props.items.length === 0) return <p>No activity yet.</p>;
  return (
    <ul>
      {props.items.map((a) => (
        <li>
          {a.at.slice(0, 16).replace('T', ' ')}: {a.kind} ({a.source})
        </li>
      ))}
    </ul>
  );
}

function ImportForm(props: { issues?: Issue[]; text?: string }) {
  return (
    <>
      {props.issues ? <Issues issues={props.issues} /> : null}
      <p>
        A CSV file with a header row naming the columns <code>{IMPORT_COLUMNS.join(', ')}</code> (role: mentor or mentee), at most {MAX_IMPORT_ROWS} rows. Every
        row is checked first; nothing is imported unless all are good. Each new address gets one invitation email linking to a pre-filled sign-up form; an
        address invited before, or already taking part, is not invited again.
      </p>
      <form method="post" action="/admin/people/import" enctype="multipart/form-data" class="card">
        <label for="file">CSV file</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" />
        <label for="text">Or paste the CSV</label>
        <textarea id="text" name="text" rows={8}>
          {props.text ?? ''}
        </textarea>
        <button class="button" type="submit">
          Check and import
        </button>
      </form>
    </>
  );
}
