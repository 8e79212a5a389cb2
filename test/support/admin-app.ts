import { Hono } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { AdminDeps } from '../../functions/app/support/deps';
import type { AdminEnv } from '../../functions/http/admin/env';
import { notFound, onError } from '../../functions/http/on-error';
import type { AdminPrincipal } from '../../functions/ports';

export const TEST_ADMIN: AdminPrincipal = { adminId: 'adm-1', email: 'boss@example.com', via: 'session', credentialId: 's-1' };

/** A console sub-app behind a stand-in for the admin check (AUTH's middleware in the real app): every request is `admin`. */
export function adminTestApp(deps: AdminDeps, routes: Hono<AdminEnv>[], admin: AdminPrincipal = TEST_ADMIN) {
  const app = new Hono<AdminEnv>();
  app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: [NONCE], scriptSrc: [NONCE] } }));
  app.use(async (c, next) => {
    c.set('admin', admin);
    await next();
  });
  for (const r of routes) app.route('/', r);
  app.notFound(notFound(deps) as never);
  app.onError(onError(deps) as never);
  return app;
}
