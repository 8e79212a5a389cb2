/** Key builders shared by the repositories (see table-definition.ts for the access patterns). */
import type { ParticipantStatus } from '../../domain/participant';

export const participantKey = (id: string) => ({ pk: `P#${id}`, sk: 'PROFILE' });
export const poolKey = (programId: string, status: ParticipantStatus) => `PROG#${programId}#STATUS#${status}`;
export const pairKey = (id: string) => ({ pk: `PAIR#${id}`, sk: 'PAIR' });
export const pairsOfProgram = (programId: string) => `PROG#${programId}#PAIRS`;
export const pairsPendingSetup = (programId: string) => `PROG#${programId}#SETUP`;
export const pairsAtRisk = (programId: string) => `PROG#${programId}#ATRISK`;
export const membershipKey = (participantId: string, pairId: string) => ({ pk: `P#${participantId}`, sk: `PAIR#${pairId}` });
export const programKey = (programId: string) => `PROG#${programId}`;
