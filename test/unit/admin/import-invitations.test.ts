/** CSV import of people to invite: all rows checked first, nothing written on a bad one, idempotent, each invitation a pre-filled sign-up link. */
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS, validateImport } from '../../../functions/app/use-cases/admin/import-invitations';
import { createApp } from '../../../functions/http/app';
import { peopleApiRoutes } from '../../../functions/http/admin/api/people';
import { parseCsv } from '../../../functions/lib/csv';
import { signupRecord } from '../../support/fakes';
import { newParticipant } from '../../../functions/domain/participant';
import { validateSignup } from '../../../functions/domain/signup-schema';
import { adminApp, adminDeps } from '../../support/admin-people';

const csv = (...rows: string[]) => ['name,email,role', ...rows].join('\r\n');

async function setup(config: Record<string, unknown> = {}) {
  const env = adminDeps({ id: 'test-program', ...config });
  const app = adminApp(env.deps, peopleApiRoutes);
  const upload = (text: string) => app.request('/admin/api/imports', { method: 'POST', body: text, headers: { 'content-type': 'text/csv' } });
  return { ...env, app, upload };
}

describe('parseCsv', () => {
  it('reads quoted cells, doubled quotes, CRLF and LF, a BOM, and skips blank lines', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""",z\n\n"multi\nline",w').records).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['x, "y"', 'z'] },
      { row: 4, cells: ['multi\nline', 'w'] },
    ]);
  });
  it('stops once past the record cap', () => {
    const { records, tooMany } = parseCsv('a\nb\nc\nd\n', 2);
    expect(tooMany).toBe(true);
    expect(records).toHaveLength(2);
  });
});

describe('validateImport', () => {
  it('lists every bad row with its row number and reason', () => {
    expect(() =>
      validateImport(
        csv(
          'Ada,ada@example.com,mentee',
          ',nobody@example.com,mentor',
          'Bob,not-an-address,mentor',
          'Cy,ADA@example.com ,mentor',
          'Di,di@example.com,boss',
          'Ed,ed@elsewhere.org,mentee',
        ),
        ['example.com'],
      ),
    ).toThrowError(
      expect.objectContaining({
        status: 422,
        code: 'invalid_import',
        issues: [
          { path: 'rows.3.name', message: expect.any(String) },
          { path: 'rows.4.email', message: 'not a valid email address' },
          { path: 'rows.5.email', message: 'the same address as row 2' },
          { path: 'rows.6.role', message: 'role must be mentor or mentee' },
          { path: 'rows.7.email', message: expect.stringContaining('@example.com') },
        ],
      }),
    );
  });
  it('needs the header row', () => {
    expect(() => validateImport('Ada,ada@example.com,mentee', [])).toThrowError(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'rows.1' })] }),
    );
  });
});

describe('POST /admin/api/imports', () => {
  it('invites everyone once, with one bulk invitation email each, and a re-upload invites nobody twice', async () => {
    const { upload, emailQueue, audit } = await setup();
    const body = csv('Ada Byron,ada@example.com,mentee', '"Hopper, Grace",Grace@Example.com,mentor');
    const res = await upload(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ rows: 2, invited: 2, alreadyInvited: 0, alreadyParticipants: 0 });
    expect(emailQueue.enqueued.map((e) => [e.template, e.priority, (e.email as { to: string[] }).to])).toEqual(
      expect.arrayContaining([
        ['invitation', 'bulk', ['ada@example.com']],
        ['invitation', 'bulk', ['grace@example.com']],
      ]),
    );
    const again = await upload(body);
    expect(await again.json()).toEqual({ rows: 2, invited: 0, alreadyInvited: 2, alreadyParticipants: 0 });
    expect(emailQueue.enqueued).toHaveLength(2);
    expect(audit.entries.map((e) => [e.action, e.targets, e.details?.invited])).toEqual([
      ['import.invitations', [], 0],
      ['import.invitations', [], 2],
    ]);
    expect(JSON.stringify(audit.entries)).not.toContain('example.com');
  });

  it('writes nothing when one row is bad', async () => {
    const { upload, emailQueue, participants } = await setup();
    const res = await upload(csv('Ada Byron,ada@example.com,mentee', 'Bad Role,bad@example.com,boss'));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: 'invalid_import', issues: [{ path: 'rows.3.role', message: 'role must be mentor or mentee' }] });
    expect(emailQueue.enqueued).toEqual([]);
    expect(participants.invitations.size).toBe(0);
  });

  it('skips an address that already belongs to a participant', async () => {
    const { upload, participants, emailQueue } = await setup();
    const r = validateSignup(signupRecord({ email: 'known@example.com' }));
    if (!r.ok) throw new Error('fixture');
    await participants.create(newParticipant(r.value, { id: 'p-known', programId: 'test-program' }, '2026-11-01T09:00:00.000Z'));
    expect(await (await upload(csv('Known,known@example.com,mentor'))).json()).toEqual({ rows: 1, invited: 0, alreadyInvited: 0, alreadyParticipants: 1 });
    expect(emailQueue.enqueued).toEqual([]);
  });

  it(`refuses ${MAX_IMPORT_ROWS + 1} rows quickly, before checking any row`, async () => {
    const { upload, emailQueue } = await setup();
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `Person ${i},p${i}@example.com,mentee`);
    const started = Date.now();
    const res = await upload(csv(...rows));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ issues: [{ path: '(body)', message: expect.stringContaining(String(MAX_IMPORT_ROWS)) }] });
    expect(emailQueue.enqueued).toEqual([]);
  });

  it('refuses another media type (415) and a body over 1 MB (413)', async () => {
    const { app } = await setup();
    expect((await app.request('/admin/api/imports', { method: 'POST', body: 'a', headers: { 'content-type': 'application/json' } })).status).toBe(415);
    const huge = 'x'.repeat(1024 * 1024 + 1);
    expect((await app.request('/admin/api/imports', { method: 'POST', body: huge, headers: { 'content-type': 'text/csv' } })).status).toBe(413);
  });

  it('each invitation links to the sign-up form pre-filled with name, email and role', async () => {
    const env = await setup();
    await env.upload(csv('Ada Byron,ada@example.com,mentee'));
    const html = (env.emailQueue.enqueued[0]!.email as { html: string }).html;
    const link = /href="([^"]*\?invite=[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const url = new URL(link);
    const site = createApp(env.deps, { clientAddress: () => '203.0.113.9' });
    const page = await (await site.request(`${url.pathname}${url.search}`)).text();
    expect(page).toContain('value="Ada Byron"');
    expect(page).toContain('value="ada@example.com"');
    expect(page).toMatch(/value="mentee"[^>]*checked/);
    const forged = await (await site.request(`/?invite=${url.searchParams.get('invite')!.slice(0, -2)}xx`)).text();
    expect(forged).not.toContain('Ada Byron');
  });
});
