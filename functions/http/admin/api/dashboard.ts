import { Hono } from 'hono';
import { dashboardKpis } from '../../../app/use-cases/admin/dashboard';
import type { AdminEnv } from '../env';
import type { AdminHttpDeps } from '../types';

/** `GET /admin/api/kpis`: the dashboard's numbers (the digest's KPIs) as JSON. */
export function dashboardRoutes({ deps }: AdminHttpDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.get('/admin/api/kpis', async (c) => c.json(await dashboardKpis(deps)));
  return app;
}
