import type { AdminPrincipal, AdminSession } from '../../../ports';
import { ensureFirstSettingsVersion } from '../../support/current-config';
import type { AdminDeps } from '../../support/deps';
import { RateLimited } from '../../support/errors';
import { deliverToAdmin } from '../../support/deliver-email';
import { consoleLink } from '../../support/links';
import { adminSeedAddresses, hashSecret, looksLikeApiKey, looksLikeSecret, newSecret, normaliseEmail, safeNext } from './credentials';

export const SIGN_IN_LINK_MINUTES = 15;
/** Sign-in links per address per SIGN_IN_LINK_MINUTES: enough for a lost email or two, too few to bomb an inbox. */
export const SIGN_IN_LINKS_PER_WINDOW = 3;
/**
 * Sign-in requests one client (source address) may make in ten minutes, whatever addresses it
 * tries: the per-address cap alone lets one client ask for a link for every address it can think
 * of. Generous (admins behind one office NAT), like the sign-up form's per-client limit.
 */
export const SIGN_IN_CLIENT_LIMIT = { max: 30, windowSeconds: 600 };
export const SESSION_IDLE_HOURS = 12;
/** A session's (and an API key's) last use is written at most this often, not on every request. */
export const TOUCH_EVERY_MS = 5 * 60_000;

const minutes = (n: number) => n * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const seeded = new WeakMap<object, Promise<void>>();

/**
 * Adds the ADMIN_EMAILS addresses the seed never added (AdminStore.seed), once per
 * process: at start-up locally, on first use in a Lambda.
 */
export function ensureAdminsSeeded(deps: AdminDeps): Promise<void> {
  let done = seeded.get(deps.admins);
  if (!done) {
    const emails = adminSeedAddresses(deps.config.admins);
    done = deps.admins.seed(deps.config.id, emails, deps.clock.now().toISOString()).then(
      () => undefined,
      (error: unknown) => {
        seeded.delete(deps.admins);
        throw error;
      },
    );
    seeded.set(deps.admins, done);
  }
  return done;
}

/**
 * `POST /admin/sign-in`: emails a one-time link to an admin, and does nothing visible
 * otherwise. The caller answers the same page whatever happened (no way to learn who
 * is an admin). The cap counts every address asked for, admin or not. Past the
 * per-client limit (every request counts, valid address or not): RateLimited (429, as sign-up),
 * which says nothing about any address either.
 */
export async function requestSignIn(deps: AdminDeps, input: { email: unknown; next?: string }, client: { key: string }): Promise<'sent' | 'not_sent'> {
  const perClient = await deps.rateLimiter.hit(
    `admin-sign-in-client:${client.key}`,
    SIGN_IN_CLIENT_LIMIT.max,
    SIGN_IN_CLIENT_LIMIT.windowSeconds,
    deps.clock.now(),
  );
  if (!perClient.allowed) {
    deps.log?.('admin_sign_in_client_limited');
    throw new RateLimited(perClient.retryAfterSeconds);
  }
  const email = normaliseEmail(input.email);
  if (!email) return 'not_sent';
  await ensureAdminsSeeded(deps);
  const now = deps.clock.now();
  const cap = await deps.rateLimiter.hitSliding(`admin-sign-in#${hashSecret(email)}`, SIGN_IN_LINKS_PER_WINDOW, SIGN_IN_LINK_MINUTES * 60, now);
  if (!cap.allowed) {
    deps.log?.('admin_sign_in_capped');
    return 'not_sent';
  }
  const admin = await deps.admins.findByEmail(deps.config.id, email);
  if (!admin) return 'not_sent';
  const token = newSecret();
  const tokenHash = hashSecret(token);
  const next = safeNext(input.next);
  await deps.signInTokens.create({
    tokenHash,
    programId: deps.config.id,
    adminId: admin.id,
    ...(next ? { next } : {}),
    createdAt: now.toISOString(),
    expiresAt: iso(now.getTime() + minutes(SIGN_IN_LINK_MINUTES)),
  });
  const outcome = await deliverToAdmin(deps, {
    key: `admin-sign-in#${tokenHash}`,
    to: admin.email,
    template: 'admin-sign-in',
    priority: 'now',
    vars: {
      signInUrl: consoleLink(deps, `/admin/sign-in/${token}`),
      expiresInMinutes: SIGN_IN_LINK_MINUTES,
      preheader: `Open the link within ${SIGN_IN_LINK_MINUTES} minutes to sign in. It works once.`,
    },
  });
  return outcome === 'queued' ? 'sent' : 'not_sent';
}

/** `GET /admin/sign-in/:token`: whether the link still works (reading it never uses it up). */
export async function signInLinkWorks(deps: AdminDeps, token: string): Promise<boolean> {
  if (!looksLikeSecret(token)) return false;
  const found = await deps.signInTokens.peek(hashSecret(token), deps.clock.now().toISOString());
  return found !== undefined && found.programId === deps.config.id;
}

/**
 * `POST /admin/sign-in/:token`: uses the link up and starts a session. Returns the
 * cookie's secret and where to go, or undefined when the link is expired, used or unknown
 * (or its admin was removed meanwhile).
 */
export async function completeSignIn(deps: AdminDeps, token: string): Promise<{ secret: string; next: string } | undefined> {
  if (!looksLikeSecret(token)) return undefined;
  const now = deps.clock.now();
  const used = await deps.signInTokens.consume(hashSecret(token), now.toISOString());
  if (!used || used.programId !== deps.config.id) return undefined;
  const admin = await deps.admins.get(deps.config.id, used.adminId);
  if (!admin) return undefined;
  const secret = newSecret();
  const session: AdminSession = {
    id: deps.ids.next(),
    programId: deps.config.id,
    adminId: admin.id,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: iso(now.getTime() + SESSION_IDLE_HOURS * 3_600_000),
  };
  await deps.adminSessions.create(hashSecret(secret), session);
  await deps.audit.record(deps.config.id, { at: now.toISOString(), actorId: admin.id, action: 'session.start', targets: [admin.id, session.id] });
  // The console's first state-changing request: the deploy-time settings become version 1 (a job would soon anyway).
  await ensureFirstSettingsVersion(deps);
  return { secret, next: safeNext(used.next) ?? '/admin/dashboard' };
}

/**
 * The admin behind a session cookie, or undefined: an unknown, expired or revoked session,
 * or one whose admin was removed, counts as none. Moves the idle expiry on (at most every few minutes).
 */
export async function sessionPrincipal(deps: AdminDeps, secret: string | undefined): Promise<AdminPrincipal | undefined> {
  if (!secret || !looksLikeSecret(secret)) return undefined;
  const hash = hashSecret(secret);
  const session = await deps.adminSessions.get(hash);
  const now = deps.clock.now();
  if (!session || session.programId !== deps.config.id || session.expiresAt <= now.toISOString()) return undefined;
  const admin = await deps.admins.get(deps.config.id, session.adminId);
  if (!admin) return undefined;
  if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS)
    await deps.adminSessions.touch(hash, now.toISOString(), iso(now.getTime() + SESSION_IDLE_HOURS * 3_600_000));
  return { adminId: admin.id, email: admin.email, via: 'session', credentialId: session.id };
}

/** The admin behind an API key (it acts as the admin who created it, while they remain one), or undefined. */
export async function apiKeyPrincipal(deps: AdminDeps, key: string): Promise<AdminPrincipal | undefined> {
  if (!looksLikeApiKey(key)) return undefined;
  const hash = hashSecret(key);
  const record = await deps.apiKeys.findByHash(hash);
  if (!record || record.programId !== deps.config.id) return undefined;
  const admin = await deps.admins.get(deps.config.id, record.createdBy);
  if (!admin) return undefined;
  const now = deps.clock.now();
  if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) >= TOUCH_EVERY_MS) await deps.apiKeys.touch(hash, now.toISOString());
  return { adminId: admin.id, email: admin.email, via: 'key', credentialId: record.id };
}

/** `POST /admin/sign-out`: the session ends (the route clears the cookie). */
export async function signOut(deps: AdminDeps, principal: AdminPrincipal, secret: string): Promise<void> {
  await deps.adminSessions.remove(hashSecret(secret));
  await deps.audit.record(deps.config.id, {
    at: deps.clock.now().toISOString(),
    actorId: principal.adminId,
    action: 'session.end',
    targets: [principal.adminId, principal.credentialId],
  });
}
