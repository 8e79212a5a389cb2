import { Hono } from 'hono';
import { rejoin } from '../../app/use-cases/rejoin';
import { readForm } from '../form-body';
import { formPostGuards } from '../guards';
import { MessagePage } from '../pages/layout';
import { showActionPage } from '../show-action-page';
import type { HttpDeps, HttpEnv } from '../types';

/** The closing email's "join the next round". (The admin links live in the console now: functions/http/admin.) */
export function rejoinRoutes({ deps }: HttpDeps) {
  const app = new Hono<HttpEnv>();
  const formPost = formPostGuards(deps.config.publicUrl);

  app.get('/rejoin/:token', (c) =>
    showActionPage(c, deps.config.name, {
      title: 'Join the next round',
      lead: "We'll put you back in the matching pool for the next round.",
      action: `/rejoin/${c.req.param('token')}`,
      button: 'Put me in the next round',
    }),
  );

  app.post('/rejoin/:token', ...formPost, async (c) => {
    await readForm(c);
    const outcome = await rejoin(deps, c.req.param('token'));
    return c.html(
      <MessagePage title="You're in the next round" programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
        <p class="lead">
          {outcome === 'rejoined' ? "We'll introduce you to your next match after the coming matching run." : 'You were already in the matching pool.'}
        </p>
      </MessagePage>,
    );
  });

  return app;
}
