/**
 * CSV import of people to invite (name, email, role): every row is checked
 * first and nothing is written unless all are good; then one invitation per
 * address (keyed on the normalised address, so a re-upload invites nobody
 * twice), each with one email linking to the pre-filled sign-up form.
 */
import * as v from 'valibot';
import { invitationId, type Invitation } from '../../../domain/invitation';
import { firstName, normalizeEmail } from '../../../domain/participant';
import { domainNotAllowedMessage, emailDomainAllowed } from '../../../domain/sign-up-protection';
import { ROLES, type Role } from '../../../domain/signup-schema';
import { expiresIn, signToken } from '../../../domain/tokens';
import { wording } from '../../../email-rendering/wording';
import { cleanText } from '../../../lib/clean-text';
import { CsvSyntaxError, parseCsv } from '../../../lib/csv';
import { mapLimit } from '../../../lib/map-limit';
import type { AdminPrincipal } from '../../../ports';
import { deliverToInvitee } from '../../support/deliver-email';
import type { AdminDeps } from '../../support/deps';
import { AdminRequestRefused, type Issue } from '../../support/errors';
import { LINK_LIFETIME_DAYS } from '../../support/links';
import { audit } from './people';

/**
 * Most people one import may invite; a longer file is refused before any row is checked. One
 * request must finish inside API Gateway's 30 s: 1,000 new invitees took ~9.5 s on DynamoDB Local
 * (which serialises writes) and 5,000 ~106 s (test/integration/import-at-cap.test.ts). Longer
 * lists go in several files (a re-upload invites nobody twice).
 */
export const MAX_IMPORT_ROWS = 1_000;
/**
 * Invitations written and emails queued at once: each new invitee costs three writes (the invitation,
 * the email's claim, the queue), so 1,000 of them are 3,000 requests; 16 at a time keeps one request
 * within API Gateway's 30 s on DynamoDB (a few ms a write) without a burst that throttles the table.
 */
const IMPORT_CONCURRENCY = 16;
/** Most issues listed in a refusal (the count says how many there were). */
const MAX_ISSUES_LISTED = 200;
export const IMPORT_COLUMNS = ['name', 'email', 'role'] as const;

const emailSchema = v.pipe(v.string(), v.maxLength(254), v.email());

export interface ImportSummary {
  rows: number;
  invited: number;
  /** Invited by an earlier import: not invited again. */
  alreadyInvited: number;
  /** Addresses that already belong to a participant: skipped. */
  alreadyParticipants: number;
}

interface GoodRow {
  row: number;
  name: string;
  email: string;
  role: Role;
}

/** Checks every row; throws AdminRequestRefused (422 `invalid_import`) listing each bad one as `rows.<row>.<column>`. */
export function validateImport(text: string, allowedDomains: readonly string[]): GoodRow[] {
  let parsed;
  try {
    parsed = parseCsv(text, MAX_IMPORT_ROWS + 1);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new AdminRequestRefused(422, 'invalid_import', [{ path: `rows.${error.row}`, message: error.message }]);
    throw error;
  }
  const [header, ...rows] = parsed.records;
  if (parsed.tooMany || rows.length > MAX_IMPORT_ROWS)
    throw new AdminRequestRefused(422, 'invalid_import', [{ path: '(body)', message: `at most ${MAX_IMPORT_ROWS} people per import: split the file` }]);
  const columns = (header?.cells ?? []).map((c) => c.trim().toLowerCase());
  const missing = IMPORT_COLUMNS.filter((c) => !columns.includes(c));
  if (!header || missing.length)
    throw new AdminRequestRefused(422, 'invalid_import', [
      { path: 'rows.1', message: `the first row must name the columns name, email, role (missing: ${missing.join(', ') || 'all'})` },
    ]);
  if (rows.length === 0) throw new AdminRequestRefused(422, 'invalid_import', [{ path: '(body)', message: 'no one to invite: the file has only its header' }]);
  const at = (cells: string[], column: string) => cells[columns.indexOf(column)] ?? '';
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  const good: GoodRow[] = [];
  for (const { row, cells } of rows) {
    const name = cleanText(at(cells, 'name')).trim();
    const email = normalizeEmail(at(cells, 'email'));
    const role = at(cells, 'role').trim().toLowerCase();
    const bad = (column: string, message: string) => issues.push({ path: `rows.${row}.${column}`, message });
    const before = issues.length;
    if (name.length === 0 || name.length > 100) bad('name', 'a name of 1 to 100 characters is needed');
    if (!v.is(emailSchema, email)) bad('email', 'not a valid email address');
    else if (!emailDomainAllowed(email, allowedDomains)) bad('email', domainNotAllowedMessage(allowedDomains));
    else if (seen.has(email)) bad('email', `the same address as row ${seen.get(email)}`);
    if (!(ROLES as readonly string[]).includes(role)) bad('role', 'role must be mentor or mentee');
    if (!seen.has(email)) seen.set(email, row);
    if (issues.length === before) good.push({ row, name, email, role: role as Role });
  }
  if (issues.length) {
    const listed = issues.slice(0, MAX_ISSUES_LISTED);
    if (issues.length > listed.length) listed.push({ path: '(body)', message: `and ${issues.length - listed.length} more problems` });
    throw new AdminRequestRefused(422, 'invalid_import', listed);
  }
  return good;
}

/** The link in an invitation: the sign-up form, pre-filled from the invitation (signed, expiring, no address in the URL). */
export async function invitationLink(deps: AdminDeps, invitation: Invitation): Promise<string> {
  const token = signToken(
    { p: 'invite', s: invitation.id, e: expiresIn(deps.clock.now().getTime(), LINK_LIFETIME_DAYS.invite) },
    await deps.secrets.tokenSecret(),
  );
  return `${deps.config.publicUrl}/?invite=${token}`;
}

export async function importInvitations(deps: AdminDeps, admin: AdminPrincipal, text: string): Promise<ImportSummary> {
  const rows = validateImport(text, deps.config.allowedEmailDomains);
  const programId = deps.config.id;
  const invitedAt = deps.clock.now().toISOString();
  // Who is known already, in batch reads (100 addresses a request): a re-upload writes nothing and reads little.
  const known = await deps.participants.knownAddresses(
    programId,
    rows.map((r) => r.email),
  );
  const outcomes = await mapLimit(rows, IMPORT_CONCURRENCY, async (row) => {
    const already = known.get(row.email);
    if (already === 'participant') return 'participant' as const;
    if (already === 'invited') return 'already' as const;
    const invitation: Invitation = { id: invitationId(programId, row.email), programId, name: row.name, email: row.email, role: row.role, invitedAt };
    if ((await deps.participants.invite(invitation)) === 'already_invited') return 'already' as const;
    const link = await invitationLink(deps, invitation);
    await deliverToInvitee(deps, {
      key: `invite#${invitation.id}`,
      template: 'invitation',
      to: invitation.email,
      vars: {
        firstName: firstName(invitation.name),
        role: invitation.role,
        signupUrl: link,
        expiresInDays: LINK_LIFETIME_DAYS.invite,
        preheader: wording.invitation.preheader(),
      },
      unsubscribeUrl: `${link}&decline=1`,
    });
    return 'invited' as const;
  });
  const count = (o: string) => outcomes.filter((x) => x === o).length;
  const summary = { rows: rows.length, invited: count('invited'), alreadyInvited: count('already'), alreadyParticipants: count('participant') };
  await audit(deps, admin, 'import.invitations', [], summary);
  return summary;
}
