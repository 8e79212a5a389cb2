import { Hono } from 'hono';
import type { HttpEnv } from '../types';
import { accessRoutes } from './access';
import { accessApiRoutes } from './api/access';
import { dashboardRoutes as dashboardApiRoutes } from './api/dashboard';
import { peopleApiRoutes } from './api/people';
import { roundsRoutes as roundsApiRoutes } from './api/rounds';
import { dashboardRoutes } from './dashboard';
import { exportRoutes } from './export';
import { requireAdmin } from './auth';
import type { AdminEnv } from './env';
import { peopleRoutes } from './people';
import { roundsRoutes } from './rounds';
import { settingsRoutes } from './settings';
import { signInRoutes } from './sign-in';
import type { AdminHttpDeps } from './types';

/** The areas of the console (pages and their JSON API under /admin/api/), all mounted behind the admin check. */
const AREAS: ((http: AdminHttpDeps) => Hono<AdminEnv>)[] = [
  accessRoutes,
  accessApiRoutes,
  peopleRoutes,
  peopleApiRoutes,
  roundsRoutes,
  roundsApiRoutes,
  dashboardRoutes,
  dashboardApiRoutes,
  exportRoutes,
  settingsRoutes,
];

/**
 * The admin console under /admin: the sign-in routes, then the admin check in front of
 * every other /admin path (pages and /admin/api/), then each area's routes. A route group
 * added to AREAS is protected by being mounted after `requireAdmin`.
 */
export function consoleRoutes(http: AdminHttpDeps): Hono<HttpEnv> {
  const app = new Hono<AdminEnv>();
  app.route('/', signInRoutes(http) as unknown as Hono<AdminEnv>);
  app.use('/admin/*', requireAdmin(http.deps));
  app.use('/admin', requireAdmin(http.deps));
  for (const routes of AREAS) app.route('/', routes(http));
  return app as unknown as Hono<HttpEnv>;
}
