import { Hono } from 'hono';
import { unsubscribe, unsubscribeTarget } from '../../app/unsubscribe';
import type { Participant } from '../../domain/participant';
import { limitBody } from '../guards';
import { MessagePage } from '../pages/layout';
import type { HttpDeps, HttpEnv } from '../types';

const STATUS_LINES: Record<Participant['status'], string> = {
  pending: 'Your address is not confirmed yet.',
  waiting: "You're in the matching pool.",
  matched: "You're matched with a partner.",
  alumni: 'Your mentorship has ended.',
  unsubscribed: '',
  deleted: '',
};

export function unsubscribeRoutes({ deps }: HttpDeps) {
  const app = new Hono<HttpEnv>();

  app.get('/unsubscribe/:token', async (c) => {
    const participant = await unsubscribeTarget(deps, c.req.param('token'));
    const done = participant.status === 'unsubscribed';
    return c.html(
      <MessagePage title={done ? 'You are unsubscribed' : 'Manage your participation'} programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        {done ? (
          <p class="lead">You will not receive any more emails from {deps.config.name}.</p>
        ) : (
          <>
            <p class="lead">
              You take part as a {participant.role}. {STATUS_LINES[participant.status]}
            </p>
            <p>Unsubscribing stops every email from {deps.config.name}, and takes you out of matching. You can sign up again whenever you like.</p>
            <form method="post" action={`/unsubscribe/${c.req.param('token')}`}>
              <input type="hidden" name="List-Unsubscribe" value="One-Click" />
              <button class="button" type="submit">
                Unsubscribe me
              </button>
            </form>
          </>
        )}
      </MessagePage>,
    );
  });

  // RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` without cookies
  // or an Origin we know, so no CSRF check here: the signed token is the authority.
  app.post('/unsubscribe/:token', limitBody, async (c) => {
    await unsubscribe(deps, c.req.param('token'));
    if (!(c.req.header('accept') ?? '').includes('text/html')) return c.text('Unsubscribed', 200);
    return c.html(
      <MessagePage title="You are unsubscribed" programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        <p class="lead">You will not receive any more emails from {deps.config.name}. Changed your mind? Sign up again any time.</p>
      </MessagePage>,
    );
  });

  return app;
}
