import { Hono } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { liveDeps } from '../app/support/current-config';
import type { AdminDeps } from '../app/support/deps';
import { consoleRoutes } from './admin/console';
import { notFound, onError } from './on-error';
import { checkinRoutes } from './routes/checkin';
import { choiceRoutes } from './routes/choice';
import { confirmRoutes } from './routes/confirm';
import { feedbackRoutes } from './routes/feedback';
import { fitRoutes } from './routes/fit';
import { rejoinRoutes } from './routes/rejoin';
import { signupRoutes } from './routes/signup';
import { unsubscribeRoutes } from './routes/unsubscribe';
import type { HttpEnv, HttpOptions } from './types';

/** The whole HTTP surface, the same locally (Node) and behind API Gateway (Lambda). */
export function createApp(deps: AdminDeps, options: HttpOptions) {
  const app = new Hono<HttpEnv>();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: [NONCE],
        scriptSrc: [NONCE],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  app.get('/health', (c) => c.json({ ok: true }));

  // Every page and email of a request follows the program's current settings version, read through a short
  // cache (an admin's edit through this app is seen at once, other instances' within seconds).
  const { deps: live, refresh } = liveDeps(deps);
  app.use(async (_c, next) => {
    await refresh();
    await next();
  });

  const http = { deps: live, options };
  // The participant pages, then the admin console.
  for (const routes of [signupRoutes, confirmRoutes, unsubscribeRoutes, checkinRoutes, feedbackRoutes, rejoinRoutes, consoleRoutes])
    app.route('/', routes(http));
  app.route('/', choiceRoutes(http));

  app.route('/', fitRoutes(http));
  app.notFound(notFound(live));
  app.onError(onError(live));
  return app;
}
