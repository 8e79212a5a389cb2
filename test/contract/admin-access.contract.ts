/** What the admin console's stores do, run against the in-memory fakes and the DynamoDB adapters alike. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdminAddresses, AdminSessionStore, AdminStore, ApiKeyStore, AuditLog, SignInTokenStore } from '../../functions/ports';
import { uid } from './fixtures';

export interface AdminAccessStores {
  admins: AdminStore;
  /** Reads what `admins` writes. */
  adminAddresses: AdminAddresses;
  signInTokens: SignInTokenStore;
  adminSessions: AdminSessionStore;
  apiKeys: ApiKeyStore;
  audit: AuditLog;
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();

export function adminAccessContract(name: string, make: () => Promise<AdminAccessStores>) {
  describe(`admin console stores contract: ${name}`, () => {
    let s: AdminAccessStores;
    beforeAll(async () => {
      s = await make();
    });

    it('adds admins once per address, finds them by id and address, lists oldest first, and never removes the last one', async () => {
      const program = uid('prog');
      const a = { id: uid('adm'), email: `${uid('a')}@example.com`, addedAt: at(1), addedBy: 'system' };
      const b = { id: uid('adm'), email: `${uid('b')}@example.com`, addedAt: at(2), addedBy: a.id };
      expect(await s.admins.add(program, a)).toBe('added');
      expect(await s.admins.add(program, { ...a, id: uid('adm') })).toBe('exists');
      expect(await s.admins.add(program, b)).toBe('added');
      expect(await s.admins.list(program)).toEqual([a, b]);
      expect(await s.admins.get(program, b.id)).toEqual(b);
      expect(await s.admins.findByEmail(program, a.email)).toEqual(a);
      expect(await s.admins.findByEmail(uid('other'), a.email)).toBeUndefined();
      expect(await s.admins.remove(program, a.id)).toBe('removed');
      expect(await s.admins.findByEmail(program, a.email)).toBeUndefined();
      expect(await s.admins.remove(program, a.id)).toBe('missing');
      expect(await s.admins.remove(program, b.id)).toBe('last');
      expect(await s.admins.list(program)).toEqual([b]);
      // The address is free again once its admin was removed.
      expect(await s.admins.add(program, { ...a, id: uid('adm'), addedAt: at(3) })).toBe('added');
    });

    it('keeps one admin when the last two are removed at once', async () => {
      const program = uid('prog');
      const a = { id: uid('adm'), email: `${uid('a')}@example.com`, addedAt: at(1), addedBy: 'system' };
      const b = { id: uid('adm'), email: `${uid('b')}@example.com`, addedAt: at(2), addedBy: 'system' };
      await s.admins.add(program, a);
      await s.admins.add(program, b);
      const outcomes = await Promise.all([s.admins.remove(program, a.id), s.admins.remove(program, b.id)]);
      expect(outcomes.sort()).toEqual(['last', 'removed']);
      expect(await s.admins.list(program)).toHaveLength(1);
    });

    it('seeds each address once: an admin removed later stays removed, a newly listed address is added', async () => {
      const program = uid('prog');
      const [x, y, z] = [`${uid('x')}@example.com`, `${uid('y')}@example.com`, `${uid('z')}@example.com`];
      expect(await s.admins.seed(program, [x, y], at(1))).toBe(2);
      expect(await s.admins.seed(program, [x, y], at(2))).toBe(0);
      const ids = (await s.admins.list(program)).map((a) => a.email);
      expect(ids.sort()).toEqual([x, y].sort());
      const seededX = (await s.admins.findByEmail(program, x))!;
      expect(seededX.addedBy).toBe('system');
      expect(await s.admins.remove(program, seededX.id)).toBe('removed');
      expect(await s.admins.seed(program, [x, y, z], at(3))).toBe(1);
      expect((await s.admins.list(program)).map((a) => a.email).sort()).toEqual([y, z].sort());
    });

    it('gives admin mail the stored admins, and the seed addresses the seed never saw (nothing written)', async () => {
      const program = uid('prog');
      const [x, y, z] = [`${uid('x')}@example.com`, `${uid('y')}@example.com`, `${uid('z')}@example.com`];
      // Nothing stored yet: the seed addresses, read without writing.
      expect((await s.adminAddresses.list(program, [x, y])).sort()).toEqual([x, y].sort());
      expect(await s.admins.list(program)).toEqual([]);
      await s.admins.seed(program, [x, y], at(1));
      const added = { id: uid('adm'), email: `${uid('added')}@example.com`, addedAt: at(2), addedBy: 'adm1' };
      await s.admins.add(program, added);
      await s.admins.remove(program, (await s.admins.findByEmail(program, x))!.id);
      // x was removed in the console: it stays out; z is newly listed in ADMIN_EMAILS: it gets mail.
      expect((await s.adminAddresses.list(program, [x, y, z])).sort()).toEqual([y, added.email, z].sort());
      expect(await s.adminAddresses.list(uid('other'), [])).toEqual([]);
    });

    it('uses a sign-in token once, and never after it expired; peeking does not use it', async () => {
      const program = uid('prog');
      const token = { tokenHash: uid('hash'), programId: program, adminId: 'adm1', next: '/admin/people', createdAt: at(0), expiresAt: at(15) };
      await s.signInTokens.create(token);
      expect(await s.signInTokens.peek(token.tokenHash, at(5))).toEqual(token);
      expect(await s.signInTokens.peek(token.tokenHash, at(5))).toEqual(token);
      const [first, second] = await Promise.all([s.signInTokens.consume(token.tokenHash, at(5)), s.signInTokens.consume(token.tokenHash, at(5))]);
      expect([first, second].filter(Boolean)).toEqual([token]);
      expect(await s.signInTokens.peek(token.tokenHash, at(5))).toBeUndefined();

      const late = { ...token, tokenHash: uid('hash'), next: undefined };
      const { next: _, ...lateWithoutNext } = late;
      await s.signInTokens.create(lateWithoutNext);
      expect(await s.signInTokens.peek(late.tokenHash, at(14))).toEqual(lateWithoutNext);
      expect(await s.signInTokens.peek(late.tokenHash, at(15))).toBeUndefined();
      expect(await s.signInTokens.consume(late.tokenHash, at(15))).toBeUndefined();
      expect(await s.signInTokens.consume(uid('unknown'), at(1))).toBeUndefined();
    });

    it('keeps sessions by secret hash, moves their expiry on, lists an admin’s newest first, and revokes by id', async () => {
      const program = uid('prog');
      const admin = uid('adm');
      const one = { id: uid('s'), programId: program, adminId: admin, createdAt: at(1), lastSeenAt: at(1), expiresAt: at(50) };
      const two = { ...one, id: uid('s'), createdAt: at(2), lastSeenAt: at(2) };
      const [h1, h2] = [uid('h'), uid('h')];
      await s.adminSessions.create(h1, one);
      await s.adminSessions.create(h2, two);
      await s.adminSessions.create(uid('h'), { ...one, id: uid('s'), adminId: uid('other') });
      expect(await s.adminSessions.get(h1)).toEqual(one);
      await s.adminSessions.touch(h1, at(10), at(59));
      expect(await s.adminSessions.get(h1)).toEqual({ ...one, lastSeenAt: at(10), expiresAt: at(59) });
      await s.adminSessions.touch(uid('gone'), at(10), at(59));
      expect(await s.adminSessions.get(uid('gone'))).toBeUndefined();
      await expect.poll(async () => (await s.adminSessions.listOf(program, admin)).map((x) => x.id)).toEqual([two.id, one.id]);
      expect(await s.adminSessions.revoke(program, uid('stranger'), one.id)).toBe(false);
      expect(await s.adminSessions.revoke(program, admin, one.id)).toBe(true);
      expect(await s.adminSessions.get(h1)).toBeUndefined();
      await s.adminSessions.remove(h2);
      expect(await s.adminSessions.get(h2)).toBeUndefined();
      expect(await s.adminSessions.revoke(program, admin, one.id)).toBe(false);
    });

    it('finds API keys by hash only, lists them newest first, records use and revokes by id', async () => {
      const program = uid('prog');
      const k1 = { id: uid('key'), programId: program, label: 'HR sync', createdBy: 'adm1', createdAt: at(1) };
      const k2 = { ...k1, id: uid('key'), label: 'Reports', createdAt: at(2) };
      const [h1, h2] = [uid('kh'), uid('kh')];
      await s.apiKeys.create(h1, k1);
      await s.apiKeys.create(h2, k2);
      expect(await s.apiKeys.findByHash(h1)).toEqual(k1);
      expect(await s.apiKeys.findByHash(uid('nope'))).toBeUndefined();
      await s.apiKeys.touch(h1, at(7));
      expect(await s.apiKeys.findByHash(h1)).toEqual({ ...k1, lastUsedAt: at(7) });
      await expect.poll(async () => (await s.apiKeys.list(program)).map((k) => k.id)).toEqual([k2.id, k1.id]);
      expect(await s.apiKeys.revoke(uid('other'), k1.id)).toBe(false);
      expect(await s.apiKeys.revoke(program, k1.id)).toBe(true);
      expect(await s.apiKeys.findByHash(h1)).toBeUndefined();
      expect(await s.apiKeys.revoke(program, k1.id)).toBe(false);
    });

    it('lists the audit log newest first, page by page with an opaque cursor, per program', async () => {
      const program = uid('prog');
      for (let i = 1; i <= 5; i++)
        await s.audit.record(program, { at: at(i), actorId: 'adm1', action: 'admin.add', targets: [`t${i}`], details: { n: i, ok: true } });
      await s.audit.record(uid('other'), { at: at(9), actorId: 'adm1', action: 'admin.add', targets: ['x'] });
      const first = await s.audit.list(program, { limit: 2 });
      expect(first.entries.map((e) => e.targets[0])).toEqual(['t5', 't4']);
      expect(first.entries[0]).toMatchObject({ at: at(5), actorId: 'adm1', action: 'admin.add', details: { n: 5, ok: true } });
      expect(first.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const second = await s.audit.list(program, { limit: 2, cursor: first.cursor });
      expect(second.entries.map((e) => e.targets[0])).toEqual(['t3', 't2']);
      const third = await s.audit.list(program, { limit: 2, cursor: second.cursor });
      expect(third.entries.map((e) => e.targets[0])).toEqual(['t1']);
      expect(third.cursor).toBeUndefined();
      expect(new Set([...first.entries, ...second.entries, ...third.entries].map((e) => e.id)).size).toBe(5);
    });
  });
}
