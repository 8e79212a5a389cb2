/**
 * The console's "Admins and keys" page (admins, your sessions, API keys) and the audit log page,
 * with their form POSTs. Every change redirects back (303) except creating a key, whose answer
 * is the only place the key is ever shown.
 */
import { Hono, type Context } from 'hono';
import type { Admin } from '../../ports';
import {
  addAdmin,
  auditPage,
  createApiKey,
  listAdmins,
  listApiKeys,
  mySessions,
  removeAdmin,
  revokeApiKey,
  revokeSession,
  type AuditRow,
} from '../../app/use-cases/admin/manage-access';
import { signOut } from '../../app/use-cases/admin/sign-in';
import { readForm } from '../form-body';
import { formPostGuards } from '../guards';
import type { Ctx } from '../types';
import { parseListQuery } from './api/list-query';
import { clearSessionCookie, sessionSecret } from './auth';
import type { AdminEnv } from './env';
import { AdminLayout } from './pages/admin-layout';
import { DataTable } from './pages/data-table';
import { PostButton } from './pages/post-button';
import type { AdminHttpDeps } from './types';

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
// Console routes read forms as the public routes do; the admin's variables do not matter to the reader.
const form = (c: Context<AdminEnv>) => readForm(c as unknown as Ctx);

function adminName(admins: Admin[], id: string): string {
  if (id === 'system') return 'ADMIN_EMAILS (deploy setting)';
  return admins.find((a) => a.id === id)?.email ?? 'a removed admin';
}

/** Where an audit entry's first target lives in the console, by the action's subject. */
function targetHref(action: string, id: string): string | undefined {
  const subject = action.split('.')[0];
  const pages: Record<string, string> = { participant: '/admin/people/', pair: '/admin/pairs/', round: '/admin/rounds/' };
  return pages[subject ?? ''] ? `${pages[subject ?? '']}${encodeURIComponent(id)}` : undefined;
}

export function accessRoutes({ deps }: AdminHttpDeps) {
  const app = new Hono<AdminEnv>();
  const formPost = formPostGuards(deps.config.publicUrl);
  const page = (c: Context<AdminEnv>, title: string, current: string, body: unknown, status: 200 | 201 = 200) => {
    c.header('cache-control', 'no-store');
    return c.html(
      <AdminLayout title={title} programName={deps.config.name} nonce={c.get('secureHeadersNonce')} current={current}>
        {body as never}
      </AdminLayout>,
      status,
    );
  };

  app.get('/admin/admins', async (c) => {
    const me = c.get('admin');
    const [admins, sessions, keys] = await Promise.all([listAdmins(deps), mySessions(deps, me), listApiKeys(deps)]);
    return page(
      c,
      'Admins and keys',
      '/admin/admins',
      <>
        <h2>Admins</h2>
        <DataTable label="Admins" columns={['Email', 'Added', 'Added by', 'Action']}>
          {admins.map((a) => (
            <tr>
              <th scope="row">
                {a.email} {a.id === me.adminId ? <span class="badge">you</span> : null}
              </th>
              <td>{when(a.addedAt)}</td>
              <td>{adminName(admins, a.addedBy)}</td>
              <td>
                {admins.length > 1 ? (
                  <PostButton action="/admin/admins/remove" fields={{ email: a.email }} label="Remove" ariaLabel={`Remove ${a.email}`} />
                ) : (
                  'The last admin stays'
                )}
              </td>
            </tr>
          ))}
        </DataTable>
        <form method="post" action="/admin/admins" class="card">
          <label for="f-admin-email">Add an admin by email</label>
          <input type="email" id="f-admin-email" name="email" autocomplete="off" required />
          <p>
            <button class="button small" type="submit">
              Add admin
            </button>
          </p>
        </form>

        <h2>Your sessions</h2>
        <p>Each browser you signed in with. A session ends after 12 hours without use; revoke one you no longer use.</p>
        <DataTable label="Your sessions" columns={['Signed in', 'Last used', 'Action']}>
          {sessions.map((s) => (
            <tr>
              <th scope="row">
                {when(s.createdAt)} {s.id === me.credentialId && me.via === 'session' ? <span class="badge">this browser</span> : null}
              </th>
              <td>{when(s.lastSeenAt)}</td>
              <td>
                <PostButton
                  action={`/admin/sessions/${encodeURIComponent(s.id)}/revoke`}
                  label="Revoke"
                  ariaLabel={`Revoke the session signed in ${when(s.createdAt)}`}
                />
              </td>
            </tr>
          ))}
        </DataTable>

        <h2>API keys</h2>
        <p>
          For scripts and HR systems: send <code>Authorization: Bearer &lt;key&gt;</code> to <code>/admin/api/…</code>. A key acts as the admin who created it,
          and stops working when revoked or when that admin is removed.
        </p>
        <DataTable label="API keys" columns={['Label', 'Created', 'Created by', 'Last used', 'Action']}>
          {keys.length === 0 ? (
            <tr>
              <td colspan={5}>No API keys yet.</td>
            </tr>
          ) : (
            keys.map((k) => (
              <tr>
                <th scope="row">{k.label}</th>
                <td>{when(k.createdAt)}</td>
                <td>{adminName(admins, k.createdBy)}</td>
                <td>{k.lastUsedAt ? when(k.lastUsedAt) : 'never'}</td>
                <td>
                  <PostButton action={`/admin/keys/${encodeURIComponent(k.id)}/revoke`} label="Revoke" ariaLabel={`Revoke the key ${k.label}`} />
                </td>
              </tr>
            ))
          )}
        </DataTable>
        <form method="post" action="/admin/keys" class="card">
          <label for="f-key-label">New API key: label</label>
          <input type="text" id="f-key-label" name="label" maxlength={100} required />
          <p>
            <button class="button small" type="submit">
              Create key
            </button>
          </p>
        </form>
      </>,
    );
  });

  app.post('/admin/admins', ...formPost, async (c) => {
    await addAdmin(deps, c.get('admin'), { email: one((await form(c)).email) });
    return c.redirect('/admin/admins', 303);
  });
  app.post('/admin/admins/remove', ...formPost, async (c) => {
    await removeAdmin(deps, c.get('admin'), { email: one((await form(c)).email) });
    return c.redirect('/admin/admins', 303);
  });
  app.post('/admin/sessions/:id/revoke', ...formPost, async (c) => {
    await form(c);
    await revokeSession(deps, c.get('admin'), c.req.param('id'));
    return c.redirect('/admin/admins', 303);
  });
  app.post('/admin/keys', ...formPost, async (c) => {
    const created = await createApiKey(deps, c.get('admin'), { label: one((await form(c)).label) });
    return page(
      c,
      'Your new API key',
      '/admin/admins',
      <>
        <p class="notice">
          Copy the key now: this is the only time it is shown. Only its hash is stored, so it cannot be shown again; if it is lost, revoke it and create
          another.
        </p>
        <label for="f-new-key">API key “{created.label}”</label>
        <input type="text" id="f-new-key" readonly value={created.key} autocomplete="off" spellcheck={false} />
        <p>
          <a href="/admin/admins">Back to admins and keys</a>
        </p>
      </>,
      201,
    );
  });
  app.post('/admin/keys/:id/revoke', ...formPost, async (c) => {
    await form(c);
    await revokeApiKey(deps, c.get('admin'), c.req.param('id'));
    return c.redirect('/admin/admins', 303);
  });

  app.post('/admin/sign-out', ...formPost, async (c) => {
    await form(c);
    const secret = sessionSecret(c);
    if (secret && c.get('admin').via === 'session') await signOut(deps, c.get('admin'), secret);
    clearSessionCookie(c, deps);
    return c.redirect('/admin', 303);
  });

  app.get('/admin/audit', async (c) => {
    const query = parseListQuery({ limit: c.req.query('limit'), cursor: c.req.query('cursor') });
    const { entries, cursor } = await auditPage(deps, query);
    const actor = (e: AuditRow) => (e.actorId === 'system' ? 'the system (a scheduled job)' : (e.actorEmail ?? 'a removed admin'));
    return page(
      c,
      'Audit log',
      '/admin/audit',
      <>
        <p>Every admin action and settings change, newest first. It keeps ids, never names or addresses, so erasing a person leaves nothing of them here.</p>
        <DataTable label="Audit log entries" columns={['When', 'Who', 'What', 'Targets', 'Details']}>
          {entries.length === 0 ? (
            <tr>
              <td colspan={5}>Nothing recorded yet.</td>
            </tr>
          ) : (
            entries.map((e) => {
              const href = e.targets[0] ? targetHref(e.action, e.targets[0]) : undefined;
              return (
                <tr>
                  <th scope="row">
                    <time datetime={e.at}>{when(e.at)}</time>
                  </th>
                  <td>{actor(e)}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.targets.map((t, i) => (
                      <>
                        {i > 0 ? ', ' : ''}
                        {i === 0 && href ? (
                          <a href={href}>
                            <code>{t}</code>
                          </a>
                        ) : (
                          <code>{t}</code>
                        )}
                      </>
                    ))}
                  </td>
                  <td>
                    {Object.entries(e.details ?? {})
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join(', ')}
                  </td>
                </tr>
              );
            })
          )}
        </DataTable>
        {cursor ? (
          <p>
            <a class="button small" href={`/admin/audit?cursor=${encodeURIComponent(cursor)}`}>
              Older entries
            </a>
          </p>
        ) : null}
      </>,
    );
  });

  return app;
}
