/** A console sub-app behind a stand-in for AUTH's admin check, on the in-memory fakes. */
import { Hono } from 'hono';
import { secureHeaders, NONCE } from 'hono/secure-headers';
import type { AdminDeps } from '../../functions/app/support/deps';
import type { AdminEnv } from '../../functions/http/admin/env';
import type { AdminHttpDeps } from '../../functions/http/admin/types';
import { onError } from '../../functions/http/on-error';
import type { AdminPrincipal } from '../../functions/ports';
import { MemoryAuditLog, memoryDeps, testConfig } from './fakes';

export const ADMIN: AdminPrincipal = { adminId: 'admin-1', email: 'owner@example.com', via: 'key', credentialId: 'key-1' };

export function adminDeps(config: Parameters<typeof testConfig>[0] = {}) {
  const memory = memoryDeps({ config: testConfig(config) });
  const audit = new MemoryAuditLog();
  const deps: AdminDeps = { ...memory.deps, audit };
  return { ...memory, deps, audit };
}

export function adminApp(deps: AdminDeps, ...routes: ((http: AdminHttpDeps) => Hono<AdminEnv>)[]) {
  const app = new Hono<AdminEnv>();
  app.use(secureHeaders({ contentSecurityPolicy: { scriptSrc: [NONCE], styleSrc: [NONCE] } }));
  app.use('*', async (c, next) => {
    c.set('admin', ADMIN);
    await next();
  });
  for (const r of routes) app.route('/', r({ deps, options: { clientAddress: () => '203.0.113.9' } }));
  app.onError(onError(deps) as never);
  return app;
}
