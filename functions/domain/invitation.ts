/** An invitation to sign up, from an admin's CSV import: keyed on the normalised address, so importing it again invites nobody twice. */
import { createHash } from 'node:crypto';
import type { Role } from './signup-schema';

export interface Invitation {
  /** A digest of the program and normalised address: the invitation's key, and the signed link's subject (no address in the URL). */
  id: string;
  programId: string;
  name: string;
  /** Normalised (trimmed, lower case). */
  email: string;
  role: Role;
  invitedAt: string;
}

/** The id of the invitation of `email` (already normalised) in a program. */
export const invitationId = (programId: string, email: string): string =>
  createHash('sha256').update(`${programId}\n${email}`).digest('base64url').slice(0, 32);
