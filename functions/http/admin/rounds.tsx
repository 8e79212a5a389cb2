import type { Child } from 'hono/jsx';
import { Hono } from 'hono';
import {
  excludePair,
  labels,
  listRounds,
  pinPair,
  publishRound,
  roundSuggestions,
  viewRound,
  type PersonLabel,
  type RoundView,
} from '../../app/use-cases/admin/rounds';
import type { ReviewedPair } from '../../domain/matching';
import type { MatchingRound, RoundStatus } from '../../domain/round';
import { readForm, type FormFields } from '../form-body';
import { formPostGuards } from '../guards';
import type { Ctx } from '../types';
import { parseListQuery } from './api/list-query';
import { parsePairRef } from './api/pair-ref-body';
import type { AdminEnv } from './env';
import { AdminLayout } from './pages/admin-layout';
import { DataTable } from './pages/data-table';
import { PostButton } from './pages/post-button';
import type { AdminHttpDeps } from './types';

const CURRENT = '/admin/rounds';

const when = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(iso)) + ' UTC';

const STATUS_TEXT: Record<RoundStatus, string> = { proposed: 'Proposed, not published', published: 'Published', superseded: 'Superseded' };

function Person(props: { id: string; people: Record<string, PersonLabel> }) {
  const p = props.people[props.id];
  return <a href={`/admin/people/${encodeURIComponent(props.id)}`}>{p ? p.name : props.id}</a>;
}

/** A one-button POST form (no JavaScript needed). */
function Reasons(props: { reasons: string[] }) {
  return props.reasons.length ? (
    <ul>
      {props.reasons.map((r) => (
        <li>{r}</li>
      ))}
    </ul>
  ) : (
    <span>—</span>
  );
}

function PairRow(props: { round: MatchingRound; pair: ReviewedPair; people: Record<string, PersonLabel> }) {
  const { round, pair, people } = props;
  const base = `/admin/rounds/${encodeURIComponent(round.id)}`;
  const ref = { mentorId: pair.mentorId, menteeId: pair.menteeId };
  const name = (id: string) => people[id]?.name ?? id;
  return (
    <tr>
      <td>
        <Person id={pair.mentorId} people={people} />
      </td>
      <td>
        <Person id={pair.menteeId} people={people} />
      </td>
      <td>
        {pair.score}
        {pair.pinned ? (
          <>
            {' '}
            <span class="badge">Pinned</span>
          </>
        ) : null}
      </td>
      <td>
        <Reasons reasons={pair.reasons} />
      </td>
      {round.status === 'proposed' ? (
        <td>
          <div class="actions">
            <PostButton action={`${base}/exclude`} fields={ref} label={`Exclude ${name(pair.mentorId)} and ${name(pair.menteeId)}`} secondary />
            {pair.pinned ? null : <PostButton action={`${base}/pin`} fields={ref} label={`Pin ${name(pair.mentorId)} and ${name(pair.menteeId)}`} secondary />}
            <a href={`${base}/suggestions/${encodeURIComponent(pair.menteeId)}`}>Another mentor for {name(pair.menteeId)}</a>
            <a href={`${base}/suggestions/${encodeURIComponent(pair.mentorId)}`}>Another mentee for {name(pair.mentorId)}</a>
          </div>
        </td>
      ) : null}
    </tr>
  );
}

/** Links to the other pages of a large round (plain links: a GET that changes nothing). */
function RoundPages(props: { view: RoundView }) {
  const { round, page, pages } = props.view;
  if (pages <= 1) return null;
  const href = (n: number) => `/admin/rounds/${encodeURIComponent(round.id)}?page=${n + 1}`;
  return (
    <nav aria-label="Pages of this round">
      <p>
        Page {page + 1} of {pages}
        {page > 0 ? (
          <>
            {' · '}
            <a href={href(page - 1)}>Previous page</a>
          </>
        ) : null}
        {page + 1 < pages ? (
          <>
            {' · '}
            <a href={href(page + 1)}>Next page</a>
          </>
        ) : null}
      </p>
    </nav>
  );
}

function RoundPage(props: { view: RoundView; notice?: string }) {
  const { round, people } = props.view;
  const base = `/admin/rounds/${encodeURIComponent(round.id)}`;
  const open = round.status === 'proposed';
  return (
    <>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <p>
        Proposed {when(round.createdAt)} · <span class="badge">{STATUS_TEXT[round.status]}</span>
        {round.publishedAt ? ` on ${when(round.publishedAt)}` : ''} · {round.pairs.length} pairs, total score {round.totalScore}
      </p>
      {open ? (
        <div class="actions">
          <PostButton action={`${base}/publish`} label={`Publish ${round.pairs.length} pairs and send the intros`} />
        </div>
      ) : null}
      <h2 id="pairs">Proposed pairs</h2>
      <DataTable label="Proposed pairs" labelledBy="pairs" columns={['Mentor', 'Mentee', 'Score', 'Why', open && 'Change']}>
        {props.view.pairs.map((pair) => (
          <PairRow round={round} pair={pair} people={people} />
        ))}
      </DataTable>
      <RoundPages view={props.view} />
      <h2 id="unmatched">Not matched in this round</h2>
      {round.unmatched.length === 0 ? (
        <p>Everyone in the pool has a partner.</p>
      ) : (
        <DataTable label="Not matched in this round" labelledBy="unmatched" columns={['Person', 'Role', open && 'Partner']}>
          {props.view.unmatched.map((id) => (
            <tr>
              <td>
                <Person id={id} people={people} />
              </td>
              <td>{people[id]?.role ?? '—'}</td>
              {open ? (
                <td>
                  <a href={`${base}/suggestions/${encodeURIComponent(id)}`}>Choose a partner for {people[id]?.name ?? id}</a>
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
      {round.exclusions.length && props.view.page === 0 ? (
        <>
          <h2>Excluded pairs</h2>
          <ul>
            {round.exclusions.map((x) => (
              <li>
                <Person id={x.mentorId} people={people} /> and <Person id={x.menteeId} people={people} />
                {open ? <PostButton action={`${base}/pin`} fields={{ ...x }} label="Pin instead" secondary /> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

const publishedNotice = (q: Record<string, string>) =>
  q.published !== undefined
    ? `Published: ${q.published} pairs created${q.skipped && q.skipped !== '0' ? `, ${q.skipped} left out because a member's state changed (paused, left, or already paired)` : ''}.`
    : q.changed === '1'
      ? 'Saved: the rest of the round was matched again around your choice.'
      : q.already === '1'
        ? 'This round had already been published.'
        : undefined;

/** The console's rounds pages (matching mode `review`); every change is a POST form. */
export function roundsRoutes({ deps }: AdminHttpDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const formPost = formPostGuards(deps.config.publicUrl);
  const nonceOf = (c: { get(key: 'secureHeadersNonce'): string | undefined }) => c.get('secureHeadersNonce');
  const page = (title: string, nonce: string | undefined, children: Child) => (
    <AdminLayout title={title} programName={deps.config.name} nonce={nonce} current={CURRENT}>
      {children}
    </AdminLayout>
  );
  const form = async (c: unknown): Promise<FormFields> => readForm(c as Ctx);
  const one = (fields: FormFields, name: string) => (typeof fields[name] === 'string' ? fields[name] : undefined);

  app.get('/admin/rounds', async (c) => {
    const { rounds, cursor } = await listRounds(deps, parseListQuery({ limit: c.req.query('limit'), cursor: c.req.query('cursor') }));
    return c.html(
      page(
        'Matching rounds',
        nonceOf(c),
        <>
          <p>
            {deps.config.matchingMode === 'review'
              ? 'Matching runs in review mode: each round proposes pairs and nothing is sent until you publish it. A newer round replaces a proposal left unpublished.'
              : 'Matching runs in auto mode: rounds pair people and send the intros at once. Switch to review mode in Settings to check pairs before they are sent.'}
          </p>
          {rounds.length === 0 ? (
            <p>No round has been proposed yet.</p>
          ) : (
            <DataTable label="Matching rounds" caption="Matching rounds, newest first" columns={['Proposed', 'Status', 'Pairs', 'Not matched', 'Total score']}>
              {rounds.map((r) => (
                <tr>
                  <td>
                    <a href={`/admin/rounds/${encodeURIComponent(r.id)}`}>{when(r.createdAt)}</a>
                  </td>
                  <td>
                    <span class="badge">{STATUS_TEXT[r.status]}</span>
                  </td>
                  <td>{r.pairCount}</td>
                  <td>{r.unmatchedCount}</td>
                  <td>{r.totalScore}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {cursor ? <a href={`/admin/rounds?cursor=${encodeURIComponent(cursor)}`}>Older rounds</a> : null}
        </>,
      ),
    );
  });

  app.get('/admin/rounds/:id', async (c) => {
    const view = await viewRound(deps, c.req.param('id'), Number(c.req.query('page') ?? '1') - 1);
    return c.html(page(`Round of ${when(view.round.createdAt)}`, nonceOf(c), <RoundPage view={view} notice={publishedNotice(c.req.query())} />));
  });

  app.get('/admin/rounds/:id/suggestions/:personId', async (c) => {
    const personId = c.req.param('personId');
    const { round, suggestions } = await roundSuggestions(deps, c.req.param('id'), personId);
    const people = await labels(deps, [personId, ...suggestions.map((s) => s.partnerId)]);
    const person = people[personId];
    const base = `/admin/rounds/${encodeURIComponent(round.id)}`;
    const isMentor = person?.role === 'mentor';
    const current = round.pairs.filter((p) => p.mentorId === personId || p.menteeId === personId).map((p) => (isMentor ? p.menteeId : p.mentorId));
    return c.html(
      page(
        `Partners for ${person?.name ?? personId}`,
        nonceOf(c),
        <>
          <p>
            Everyone {person?.name ?? 'this person'} could be paired with in this round, best match first, scored and explained as the matcher does. Choosing
            one pins that pair; the rest of the round is matched again around it.
          </p>
          <p>
            <a href={base}>Back to the round</a>
          </p>
          {suggestions.length === 0 ? (
            <p>Nobody in the pool can be paired with this person this round (no shared language or free hour, or paired before).</p>
          ) : (
            <DataTable
              label="Possible partners"
              caption="Possible partners, best first"
              columns={['Rank', isMentor ? 'Mentee' : 'Mentor', 'Score', 'Why', 'Choose']}
            >
              {suggestions.map((s, i) => {
                const ref = isMentor ? { mentorId: personId, menteeId: s.partnerId } : { mentorId: s.partnerId, menteeId: personId };
                return (
                  <tr>
                    <td>{i + 1}</td>
                    <td>
                      <Person id={s.partnerId} people={people} />
                      {current.includes(s.partnerId) ? ' (proposed now)' : ''}
                    </td>
                    <td>{s.score}</td>
                    <td>
                      <Reasons reasons={s.reasons} />
                    </td>
                    <td>
                      {round.status === 'proposed' && !s.pinned ? (
                        <PostButton action={`${base}/pin`} fields={ref} label={`Pair with ${people[s.partnerId]?.name ?? s.partnerId}`} secondary />
                      ) : s.pinned ? (
                        'Pinned'
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </>,
      ),
    );
  });

  for (const [path, action] of [
    ['exclude', excludePair],
    ['pin', pinPair],
  ] as const) {
    app.post(`/admin/rounds/:id/${path}`, ...formPost, async (c) => {
      const fields = await form(c);
      const id = c.req.param('id');
      await action(deps, c.get('admin'), id, parsePairRef({ mentorId: one(fields, 'mentorId'), menteeId: one(fields, 'menteeId') }));
      return c.redirect(`/admin/rounds/${encodeURIComponent(id)}?changed=1`, 303);
    });
  }

  app.post('/admin/rounds/:id/publish', ...formPost, async (c) => {
    await form(c);
    const id = c.req.param('id');
    const outcome = await publishRound(deps, c.get('admin'), id);
    const query = outcome.publishedNow ? `published=${outcome.pairsCreated}&skipped=${outcome.skipped.length}` : 'already=1';
    return c.redirect(`/admin/rounds/${encodeURIComponent(id)}?${query}`, 303);
  });

  return app;
}
