/**
 * A CSV import at the cap (MAX_IMPORT_ROWS people) in one request, on DynamoDB Local, timed.
 * Each new invitee is three item writes (invitation, email claim, queue entry), and DynamoDB Local
 * serialises writes at ~5-7 ms an item, so the cap is what fits one request here with room to
 * spare: 1,000 rows took ~9.5 s (5,000 took ~106 s, past API Gateway's 30 s, hence the cap).
 * Larger lists go in several files; a re-upload invites nobody twice. A re-upload (everyone
 * known) is batch reads only.
 */
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS, importInvitations } from '../../functions/app/use-cases/admin/import-invitations';
import type { AdminPrincipal } from '../../functions/ports';
import { localDeps } from '../../scripts/local/deps';
import { FixedClock, testConfig } from '../support/fakes';
import { mentee } from '../support/people';
import { freshTable, sesClient } from '../support/local-services';

const admin: AdminPrincipal = { adminId: 'adm-1', email: 'boss@example.com', via: 'session', credentialId: 's-1' };
/** What one request may take: API Gateway stops waiting at 30 s; leave room for a cold start and a slower table. */
const BUDGET_MS = 25_000;

describe('CSV import at the cap', () => {
  it(`invites ${MAX_IMPORT_ROWS} people in one request well inside 30 s, and a re-upload invites nobody twice`, { timeout: 600_000 }, async () => {
    const { client, tableName } = await freshTable();
    const deps = localDeps({
      config: testConfig(),
      dynamo: client,
      ses: sesClient(),
      tableName,
      secret: 'import-secret',
      clock: new FixedClock(new Date('2026-12-01T09:00:00Z')),
      quiet: true,
    });
    const existing = await mentee(deps, 'Already Here');
    const rows = Array.from({ length: MAX_IMPORT_ROWS }, (_, i) =>
      i === 17 ? `Already Here,${existing.email},mentee` : `Person ${i},person.${i}@example.com,${i % 3 ? 'mentee' : 'mentor'}`,
    );
    const csv = ['name,email,role', ...rows].join('\n');

    const started = performance.now();
    const first = await importInvitations(deps, admin, csv);
    const firstMs = performance.now() - started;
    expect(first).toEqual({ rows: MAX_IMPORT_ROWS, invited: MAX_IMPORT_ROWS - 1, alreadyInvited: 0, alreadyParticipants: 1 });

    const again = performance.now();
    const second = await importInvitations(deps, admin, csv);
    const secondMs = performance.now() - again;
    expect(second).toEqual({ rows: MAX_IMPORT_ROWS, invited: 0, alreadyInvited: MAX_IMPORT_ROWS - 1, alreadyParticipants: 1 });

    console.log(`import of ${MAX_IMPORT_ROWS} rows on DynamoDB Local: ${Math.round(firstMs)} ms; re-upload: ${Math.round(secondMs)} ms`);
    expect(firstMs).toBeLessThan(BUDGET_MS);
    expect(secondMs).toBeLessThan(BUDGET_MS / 4);
  });
});
