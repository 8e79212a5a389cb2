/**
 * The admin check in front of every console route (functions/http/admin/console.ts):
 * a session cookie, or for the JSON API an `Authorization: Bearer <API key>`. No valid
 * credentials → Unauthenticated (401 JSON under /admin/api/, 303 to the sign-in form for
 * pages). A state-changing request authenticated by its cookie must come from the app's
 * own Origin, else Forbidden: browsers attach cookies to cross-site requests, never a
 * bearer key, so key requests need no Origin.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { Forbidden, Unauthenticated } from '../../app/support/errors';
import { apiKeyPrincipal, sessionPrincipal } from '../../app/use-cases/admin/sign-in';
import type { AdminDeps } from '../../app/support/deps';
import type { AdminEnv } from './env';

export const SESSION_COOKIE = 'admin_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The routes that work signed out: the sign-in form, asking for a link, the link's page and button. */
export const isSignInPath = (path: string) => path === '/admin' || path === '/admin/' || path === '/admin/sign-in' || path.startsWith('/admin/sign-in/');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Hono env: the cookie lives in the request, whatever the variables
type AnyContext = Context<any>;

export const sessionSecret = (c: AnyContext): string | undefined => getCookie(c, SESSION_COOKIE);

/** HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Path=/admin, Secure over https. No Max-Age: the server's idle expiry rules. */
export function setSessionCookie(c: AnyContext, deps: AdminDeps, secret: string): void {
  setCookie(c, SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'Lax', path: '/admin', secure: deps.config.publicUrl.startsWith('https:') });
}

export function clearSessionCookie(c: AnyContext, deps: AdminDeps): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/admin', secure: deps.config.publicUrl.startsWith('https:'), httpOnly: true, sameSite: 'Lax' });
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * The request comes from the app's own pages: its `Origin` is the app's. The pages send
 * `Referrer-Policy: no-referrer`, under which browsers send `Origin: null` even on a
 * same-origin form POST; for those, the browser's own `Sec-Fetch-Site: same-origin`
 * (a header no page can set) vouches instead, as in Hono's csrf(). No Origin and no
 * Sec-Fetch-Site, or any other value, is refused.
 */
export function fromOwnOrigin(originHeader: string | undefined, secFetchSite: string | undefined, origin: string): boolean {
  if (originHeader === origin) return true;
  return (originHeader === undefined || originHeader === 'null') && secFetchSite === 'same-origin';
}

export function requireAdmin(deps: AdminDeps) {
  const origin = new URL(deps.config.publicUrl).origin;
  return createMiddleware<AdminEnv>(async (c, next) => {
    if (isSignInPath(c.req.path)) return next();
    const isApi = c.req.path.startsWith('/admin/api/');
    const bearer = isApi ? bearerOf(c.req.header('authorization')) : undefined;
    if (bearer !== undefined) {
      const principal = await apiKeyPrincipal(deps, bearer);
      if (!principal) throw new Unauthenticated();
      c.set('admin', principal);
      return next();
    }
    const principal = await sessionPrincipal(deps, sessionSecret(c));
    if (!principal) throw new Unauthenticated();
    if (!SAFE_METHODS.has(c.req.method) && !fromOwnOrigin(c.req.header('origin'), c.req.header('sec-fetch-site'), origin)) throw new Forbidden();
    c.set('admin', principal);
    return next();
  });
}
