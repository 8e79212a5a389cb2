import { Hono } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from '../app/deps';
import { notFound, onError } from './on-error';
import { confirmRoutes } from './routes/confirm';
import { signupRoutes } from './routes/signup';
import { unsubscribeRoutes } from './routes/unsubscribe';
import type { HttpEnv, HttpOptions } from './types';

/** The whole HTTP surface, the same locally (Node) and behind API Gateway (Lambda). */
export function createApp(deps: AppDeps, options: HttpOptions) {
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

  const http = { deps, options };
  app.route('/', signupRoutes(http));
  app.route('/', confirmRoutes(http));
  app.route('/', unsubscribeRoutes(http));

  app.notFound(notFound(deps));
  app.onError(onError(deps));
  return app;
}
