/**
 * Signing in to the console (no session needed): `GET /admin`, `POST /admin/sign-in`,
 * `GET|POST /admin/sign-in/:token`. The form answers one page for every address; the
 * link's GET only shows a button (mail scanners open links), its POST starts the session.
 */
import { Hono } from 'hono';
import { completeSignIn, requestSignIn, sessionPrincipal, signInLinkWorks, SIGN_IN_LINK_MINUTES } from '../../app/use-cases/admin/sign-in';
import { safeNext } from '../../app/use-cases/admin/credentials';
import { clientKey } from '../client-key';
import { readForm } from '../form-body';
import { formPostGuards } from '../guards';
import { MessagePage } from '../pages/layout';
import type { Ctx, HttpEnv } from '../types';
import { sessionSecret, setSessionCookie } from './auth';
import type { AdminHttpDeps } from './types';

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function signInRoutes({ deps, options }: AdminHttpDeps) {
  const app = new Hono<HttpEnv>();
  const formPost = formPostGuards(deps.config.publicUrl);
  const nonce = (c: Ctx) => c.get('secureHeadersNonce');

  app.get('/admin', async (c) => {
    const next = safeNext(c.req.query('next'));
    if (await sessionPrincipal(deps, sessionSecret(c))) return c.redirect(next ?? '/admin/dashboard', 303);
    c.header('cache-control', 'no-store');
    return c.html(
      <MessagePage title="Sign in to the admin console" programName={deps.config.name} nonce={nonce(c)}>
        <p class="lead">Enter your address. If it belongs to an admin, we email you a sign-in link; no password needed.</p>
        <form method="post" action="/admin/sign-in" class="card">
          <label for="f-email">Email</label>
          <input type="email" id="f-email" name="email" autocomplete="email" required />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <p>
            <button class="button" type="submit">
              Email me a sign-in link
            </button>
          </p>
        </form>
      </MessagePage>,
    );
  });

  app.post('/admin/sign-in', ...formPost, async (c) => {
    const form = await readForm(c);
    await requestSignIn(deps, { email: one(form.email), next: one(form.next) }, { key: await clientKey(c, deps, options) });
    return c.html(
      <MessagePage title="Check your inbox" programName={deps.config.name} nonce={nonce(c)}>
        <p class="lead">
          If this address belongs to an admin of {deps.config.name}, a sign-in link is on its way. It works once, for {SIGN_IN_LINK_MINUTES} minutes.
        </p>
        <p>
          Nothing came? Check the spam folder, or <a href="/admin">ask for a new link</a>.
        </p>
      </MessagePage>,
    );
  });

  const linkGone = (c: Ctx) =>
    c.html(
      <MessagePage title="This sign-in link no longer works" programName={deps.config.name} nonce={nonce(c)}>
        <p class="lead">Sign-in links work once, for {SIGN_IN_LINK_MINUTES} minutes.</p>
        <p>
          <a href="/admin">Ask for a new link</a>.
        </p>
      </MessagePage>,
      410,
    );

  app.get('/admin/sign-in/:token', async (c) => {
    c.header('cache-control', 'no-store');
    if (!(await signInLinkWorks(deps, c.req.param('token')))) return linkGone(c);
    return c.html(
      <MessagePage title="Sign in to the admin console" programName={deps.config.name} nonce={nonce(c)}>
        <p class="lead">Press the button to sign in on this device.</p>
        <form method="post" action={`/admin/sign-in/${c.req.param('token')}`}>
          <button class="button" type="submit">
            Sign in
          </button>
        </form>
      </MessagePage>,
    );
  });

  app.post('/admin/sign-in/:token', ...formPost, async (c) => {
    await readForm(c);
    const started = await completeSignIn(deps, c.req.param('token'));
    if (!started) return linkGone(c);
    setSessionCookie(c, deps, started.secret);
    return c.redirect(started.next, 303);
  });

  return app;
}
