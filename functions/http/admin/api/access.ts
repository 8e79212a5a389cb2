/** `GET|POST /admin/api/admins`, `DELETE /admin/api/admins/:email`, `GET|POST /admin/api/keys`, `DELETE /admin/api/keys/:id`, `GET /admin/api/audit`. */
import { Hono } from 'hono';
import { addAdmin, auditPage, createApiKey, listAdmins, listApiKeys, removeAdmin, revokeApiKey } from '../../../app/use-cases/admin/manage-access';
import type { AdminEnv } from '../env';
import type { AdminHttpDeps } from '../types';
import { jsonGuards, pageOf, readJsonObject } from './json-body';
import { parseListQuery } from './list-query';

export function accessApiRoutes({ deps }: AdminHttpDeps) {
  const app = new Hono<AdminEnv>();

  app.get('/admin/api/admins', async (c) => {
    const query = parseListQuery(c.req.query());
    return c.json(pageOf(await listAdmins(deps), query));
  });
  app.post('/admin/api/admins', ...jsonGuards, async (c) => {
    const body = await readJsonObject(c);
    return c.json(await addAdmin(deps, c.get('admin'), { email: body.email }), 201);
  });
  app.delete('/admin/api/admins/:email', async (c) => {
    await removeAdmin(deps, c.get('admin'), { email: c.req.param('email') });
    return c.body(null, 204);
  });

  app.get('/admin/api/keys', async (c) => {
    const query = parseListQuery(c.req.query());
    const keys = (await listApiKeys(deps)).map(({ programId: _, ...k }) => k);
    return c.json(pageOf(keys, query));
  });
  app.post('/admin/api/keys', ...jsonGuards, async (c) => {
    const body = await readJsonObject(c);
    c.header('cache-control', 'no-store');
    return c.json(await createApiKey(deps, c.get('admin'), { label: body.label }), 201);
  });
  app.delete('/admin/api/keys/:id', async (c) => {
    await revokeApiKey(deps, c.get('admin'), c.req.param('id'));
    return c.body(null, 204);
  });

  app.get('/admin/api/audit', async (c) => {
    const page = await auditPage(deps, parseListQuery(c.req.query()));
    return c.json({ items: page.entries, ...(page.cursor ? { cursor: page.cursor } : {}) });
  });

  return app;
}
