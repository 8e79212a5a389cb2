/** The console's "Admins and keys": admins added and removed, one's own sessions, API keys. Every change is audited (ids only). */
import type { Admin, AdminPrincipal, AdminSession, ApiKeyRecord, AuditEntry } from '../../../ports';
import type { AdminDeps } from '../../support/deps';
import { AdminRequestRefused } from '../../support/errors';
import { API_KEY_PREFIX, hashSecret, newSecret, normaliseEmail } from './credentials';
import { ensureAdminsSeeded } from './sign-in';

const MAX_LABEL = 100;

async function audit(deps: AdminDeps, by: AdminPrincipal, action: string, targets: string[], details?: AuditEntry['details']) {
  await deps.audit.record(deps.config.id, { at: deps.clock.now().toISOString(), actorId: by.adminId, action, targets, ...(details ? { details } : {}) });
}

function emailOrRefuse(value: unknown, code: string): string {
  const email = normaliseEmail(value);
  if (!email) throw new AdminRequestRefused(400, code, [{ path: 'email', message: 'email must be an email address' }]);
  return email;
}

export async function listAdmins(deps: AdminDeps): Promise<Admin[]> {
  await ensureAdminsSeeded(deps);
  return deps.admins.list(deps.config.id);
}

export async function addAdmin(deps: AdminDeps, by: AdminPrincipal, input: { email: unknown }): Promise<Admin> {
  const email = emailOrRefuse(input.email, 'invalid_admin');
  const admin: Admin = { id: `adm_${deps.ids.next()}`, email, addedAt: deps.clock.now().toISOString(), addedBy: by.adminId };
  if ((await deps.admins.add(deps.config.id, admin)) === 'exists')
    throw new AdminRequestRefused(409, 'admin_exists', [{ path: 'email', message: 'this address is already an admin' }]);
  await audit(deps, by, 'admin.add', [admin.id]);
  return admin;
}

/** Removes an admin (their sessions and keys stop working at once); never the last one. */
export async function removeAdmin(deps: AdminDeps, by: AdminPrincipal, input: { email: unknown }): Promise<void> {
  const email = emailOrRefuse(input.email, 'invalid_admin');
  const admin = await deps.admins.findByEmail(deps.config.id, email);
  if (!admin) throw new AdminRequestRefused(404, 'admin_not_found', [{ path: 'email', message: 'no admin has this address' }]);
  const outcome = await deps.admins.remove(deps.config.id, admin.id);
  if (outcome === 'missing') throw new AdminRequestRefused(404, 'admin_not_found', [{ path: 'email', message: 'no admin has this address' }]);
  if (outcome === 'last')
    throw new AdminRequestRefused(409, 'last_admin', [{ path: 'email', message: 'the last admin cannot be removed: add another admin first' }]);
  await audit(deps, by, 'admin.remove', [admin.id]);
}

/** The signed-in admin's own sessions that are still valid, newest first. */
export async function mySessions(deps: AdminDeps, by: AdminPrincipal): Promise<AdminSession[]> {
  const now = deps.clock.now().toISOString();
  return (await deps.adminSessions.listOf(deps.config.id, by.adminId)).filter((s) => s.expiresAt > now);
}

export async function revokeSession(deps: AdminDeps, by: AdminPrincipal, sessionId: string): Promise<void> {
  if (!(await deps.adminSessions.revoke(deps.config.id, by.adminId, sessionId)))
    throw new AdminRequestRefused(404, 'session_not_found', [{ path: 'sessionId', message: 'no such session of yours' }]);
  await audit(deps, by, 'session.revoke', [by.adminId, sessionId]);
}

export const listApiKeys = (deps: AdminDeps): Promise<ApiKeyRecord[]> => deps.apiKeys.list(deps.config.id);

/** A new API key: the key itself is in this answer only (stored as its hash). */
export async function createApiKey(deps: AdminDeps, by: AdminPrincipal, input: { label: unknown }): Promise<{ id: string; label: string; key: string }> {
  const label = typeof input.label === 'string' ? input.label.trim() : '';
  if (!label || label.length > MAX_LABEL || /[\p{Cc}]/u.test(label))
    throw new AdminRequestRefused(400, 'invalid_key', [{ path: 'label', message: `label must be 1 to ${MAX_LABEL} characters of text` }]);
  const key = `${API_KEY_PREFIX}${newSecret()}`;
  const record: ApiKeyRecord = {
    id: `key_${deps.ids.next()}`,
    programId: deps.config.id,
    label,
    createdBy: by.adminId,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.apiKeys.create(hashSecret(key), record);
  await audit(deps, by, 'api_key.create', [record.id]);
  return { id: record.id, label, key };
}

export async function revokeApiKey(deps: AdminDeps, by: AdminPrincipal, id: string): Promise<void> {
  if (!(await deps.apiKeys.revoke(deps.config.id, id)))
    throw new AdminRequestRefused(404, 'key_not_found', [{ path: 'id', message: 'no API key has this id' }]);
  await audit(deps, by, 'api_key.revoke', [id]);
}

/** An audit entry as the console shows it: the actor as the admin's current address, when they are still an admin. */
export interface AuditRow extends AuditEntry {
  id: string;
  /** The admin's current address; null for a removed admin (or `system`). */
  actorEmail: string | null;
}

export async function auditPage(deps: AdminDeps, query: { limit: number; cursor?: string }): Promise<{ entries: AuditRow[]; cursor?: string }> {
  const [page, admins] = await Promise.all([deps.audit.list(deps.config.id, query), deps.admins.list(deps.config.id)]);
  const emails = new Map(admins.map((a) => [a.id, a.email]));
  return { entries: page.entries.map((e) => ({ ...e, actorEmail: emails.get(e.actorId) ?? null })), ...(page.cursor ? { cursor: page.cursor } : {}) };
}
