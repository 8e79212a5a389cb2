/** In-memory admin-console stores (admins, sign-in links, sessions, API keys), and the console's deps for unit tests. */
import { createHash } from 'node:crypto';
import type { Admin, AdminSession, AdminSessionStore, AdminStore, ApiKeyRecord, ApiKeyStore, SignInToken, SignInTokenStore } from '../../functions/ports';

export class MemoryAdmins implements AdminStore {
  private readonly admins = new Map<string, Admin & { programId: string }>();
  private readonly seeded = new Set<string>();

  async list(programId: string): Promise<Admin[]> {
    return [...this.admins.values()]
      .filter((a) => a.programId === programId)
      .sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id))
      .map(({ programId: _, ...a }) => a);
  }
  async get(programId: string, id: string) {
    return (await this.list(programId)).find((a) => a.id === id);
  }
  async findByEmail(programId: string, email: string) {
    return (await this.list(programId)).find((a) => a.email === email);
  }
  async add(programId: string, admin: Admin): Promise<'added' | 'exists'> {
    if ((await this.findByEmail(programId, admin.email)) || (await this.get(programId, admin.id))) return 'exists';
    this.admins.set(`${programId}#${admin.id}`, { ...admin, programId });
    return 'added';
  }
  async remove(programId: string, id: string): Promise<'removed' | 'missing' | 'last'> {
    // No await between the checks and the delete, as the table's one transaction.
    const mine = [...this.admins.values()].filter((x) => x.programId === programId);
    if (!mine.some((x) => x.id === id)) return 'missing';
    if (mine.length <= 1) return 'last';
    this.admins.delete(`${programId}#${id}`);
    return 'removed';
  }
  async seed(programId: string, emails: string[], at: string): Promise<number> {
    let added = 0;
    for (const email of emails) {
      const marker = `${programId}#${email}`;
      if (this.seeded.has(marker)) continue;
      this.seeded.add(marker);
      const id = `adm_${createHash('sha256').update(marker).digest('base64url').slice(0, 20)}`;
      if ((await this.add(programId, { id, email, addedAt: at, addedBy: 'system' })) === 'added') added++;
    }
    return added;
  }
  /** AdminAddresses.list: the admins' addresses and the seed addresses never seeded. */
  async addresses(programId: string, seed: readonly string[]): Promise<string[]> {
    const admins = (await this.list(programId)).map((a) => a.email);
    return [...new Set([...admins, ...seed.filter((email) => !this.seeded.has(`${programId}#${email}`))])];
  }
}

export class MemorySignInTokens implements SignInTokenStore {
  readonly tokens = new Map<string, SignInToken>();
  async create(token: SignInToken) {
    if (this.tokens.has(token.tokenHash)) throw new Error('duplicate sign-in token');
    this.tokens.set(token.tokenHash, { ...token });
  }
  async peek(tokenHash: string, now: string) {
    const token = this.tokens.get(tokenHash);
    return token && token.expiresAt > now ? { ...token } : undefined;
  }
  async consume(tokenHash: string, now: string) {
    // No await between the check and the delete: of two concurrent calls, one gets it, as with the conditional delete.
    const token = this.tokens.get(tokenHash);
    if (!token || token.expiresAt <= now) return undefined;
    this.tokens.delete(tokenHash);
    return { ...token };
  }
}

export class MemoryAdminSessions implements AdminSessionStore {
  readonly sessions = new Map<string, AdminSession>();
  async create(secretHash: string, session: AdminSession) {
    if (this.sessions.has(secretHash)) throw new Error('duplicate session');
    this.sessions.set(secretHash, { ...session });
  }
  async get(secretHash: string) {
    const s = this.sessions.get(secretHash);
    return s && { ...s };
  }
  async touch(secretHash: string, lastSeenAt: string, expiresAt: string) {
    const s = this.sessions.get(secretHash);
    if (s) this.sessions.set(secretHash, { ...s, lastSeenAt, expiresAt });
  }
  async listOf(programId: string, adminId: string) {
    return [...this.sessions.values()]
      .filter((s) => s.programId === programId && s.adminId === adminId)
      .sort((a, b) => `${b.createdAt}#${b.id}`.localeCompare(`${a.createdAt}#${a.id}`))
      .map((s) => ({ ...s }));
  }
  async remove(secretHash: string) {
    this.sessions.delete(secretHash);
  }
  async revoke(programId: string, adminId: string, sessionId: string) {
    for (const [hash, s] of this.sessions) if (s.programId === programId && s.adminId === adminId && s.id === sessionId) return this.sessions.delete(hash);
    return false;
  }
}

export class MemoryApiKeys implements ApiKeyStore {
  readonly keys = new Map<string, ApiKeyRecord>();
  async create(keyHash: string, key: ApiKeyRecord) {
    if (this.keys.has(keyHash)) throw new Error('duplicate key');
    this.keys.set(keyHash, { ...key });
  }
  async findByHash(keyHash: string) {
    const k = this.keys.get(keyHash);
    return k && { ...k };
  }
  async list(programId: string) {
    return [...this.keys.values()]
      .filter((k) => k.programId === programId)
      .sort((a, b) => `${b.createdAt}#${b.id}`.localeCompare(`${a.createdAt}#${a.id}`))
      .map((k) => ({ ...k }));
  }
  async touch(keyHash: string, at: string) {
    const k = this.keys.get(keyHash);
    if (k) this.keys.set(keyHash, { ...k, lastUsedAt: at });
  }
  async revoke(programId: string, id: string) {
    for (const [hash, k] of this.keys) if (k.programId === programId && k.id === id) return this.keys.delete(hash);
    return false;
  }
}
