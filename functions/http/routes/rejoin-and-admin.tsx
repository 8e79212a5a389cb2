import { Hono } from 'hono';
import { rejoin } from '../../app/use-cases/rejoin';
import { exportProgram } from '../../app/use-cases/export-program';
import { rematchPair, rematchTarget } from '../../app/use-cases/rematch';
import { stream } from 'hono/streaming';
import { readForm } from '../form-body';
import { formPostGuards } from '../guards';
import { showActionPage } from '../show-action-page';
import { MessagePage } from '../pages/layout';
import type { HttpDeps, HttpEnv } from '../types';

/** The closing email's "join the next round", and the admin links: "end and re-match" and the CSV export. */
export function rejoinAndAdminRoutes({ deps }: HttpDeps) {
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

  app.get('/admin/rematch/:token', async (c) => {
    const { pair, mentor, mentee } = await rematchTarget(deps, c.req.param('token'));
    const names = `${mentor?.name ?? 'the mentor'} and ${mentee?.name ?? 'the mentee'}`;
    if (pair.status === 'ended') {
      return c.html(
        <MessagePage title="This pair has already ended" programName={deps.config.name} nonce={c.get('secureHeadersNonce')}>
          <p class="lead">Nothing more to do for {names}.</p>
        </MessagePage>,
      );
    }
    return showActionPage(c, deps.config.name, {
      title: 'End this pair and re-match both?',
      lead: `The pair of ${names} ends now. Both go back into the matching pool for the next round, and they won't be paired together again.`,
      action: `/admin/rematch/${c.req.param('token')}`,
      button: 'End and re-match',
    });
  });

  app.post('/admin/rematch/:token', ...formPost, async (c) => {
    await readForm(c);
    const { outcome } = await rematchPair(deps, c.req.param('token'));
    return c.html(
      <MessagePage
        title={outcome === 'ended' ? 'Pair ended: both are back in the pool' : 'This pair had already ended'}
        programName={deps.config.name}
        nonce={c.get('secureHeadersNonce')}
      >
        <p class="lead">The next matching run will find each of them a new partner.</p>
      </MessagePage>,
    );
  });

  app.get('/admin/export/:token', async (c) => {
    const lines = exportProgram(deps, c.req.param('token'));
    // Read the first line before answering, so a bad token still gets its error page.
    const first = await lines.next();
    const day = deps.clock.now().toISOString().slice(0, 10);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="${deps.config.id}-export-${day}.csv"`);
    c.header('cache-control', 'no-store');
    return stream(c, async (out) => {
      if (!first.done) await out.write(first.value);
      for await (const line of lines) await out.write(line);
    });
  });

  return app;
}
