/**
 * Validation of the matcher's input: every participant must be a valid
 * sign-up record (the same schema as the form) with a unique, non-empty id.
 * All problems are collected so one run shows everything to fix.
 */
import { spareCapacity } from '../membership';
import { validateSignup } from '../signup-schema';
import type { InputIssue, MatchPool, PairRef, PoolMember } from './types';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const byId = (a: PoolMember, b: PoolMember) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function optionalCount(value: unknown, field: string, where: string, issues: InputIssue[]): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    issues.push({ where, path: field, message: `${field} must be a whole number of at least 0` });
    return 0;
  }
  return value;
}

function parsePairs(raw: unknown, field: 'previousPairs' | 'blockedPairs', issues: InputIssue[]): PairRef[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.push({ where: 'input', path: field, message: `${field} must be a list of {mentorId, menteeId}` });
    return [];
  }
  const pairs: PairRef[] = [];
  raw.forEach((p: unknown, i) => {
    const where = `${field}[${i}]`;
    if (!isRecord(p)) {
      issues.push({ where, path: '', message: 'must be an object {mentorId, menteeId}' });
      return;
    }
    let ok = true;
    for (const key of ['mentorId', 'menteeId'] as const) {
      if (typeof p[key] !== 'string' || p[key] === '') {
        issues.push({ where, path: key, message: `${key} must be a non-empty string` });
        ok = false;
      }
    }
    if (ok) pairs.push({ mentorId: p.mentorId as string, menteeId: p.menteeId as string });
  });
  return pairs;
}

export type ParsedInput = { ok: true; pool: MatchPool } | { ok: false; issues: InputIssue[] };

export function parseMatchInput(raw: unknown): ParsedInput {
  const issues: InputIssue[] = [];
  if (!isRecord(raw)) return { ok: false, issues: [{ where: 'input', path: '', message: 'must be an object {participants, previousPairs?, blockedPairs?}' }] };
  if (!Array.isArray(raw.participants)) {
    return { ok: false, issues: [{ where: 'input', path: 'participants', message: 'participants must be a list of sign-up records with an id' }] };
  }
  const members: PoolMember[] = [];
  const firstIndexOfId = new Map<string, number>();
  raw.participants.forEach((p: unknown, inputIndex) => {
    const idText = isRecord(p) && typeof p.id === 'string' ? ` (id ${JSON.stringify(p.id)})` : '';
    const where = `participants[${inputIndex}]${idText}`;
    if (!isRecord(p)) {
      issues.push({ where, path: '', message: 'must be an object (a sign-up record with an id)' });
      return;
    }
    let valid = true;
    if (typeof p.id !== 'string' || p.id.trim() === '') {
      issues.push({ where, path: 'id', message: 'id must be a non-empty string' });
      valid = false;
    } else if (firstIndexOfId.has(p.id)) {
      issues.push({ where, path: 'id', message: `id duplicates participants[${firstIndexOfId.get(p.id)}]` });
      valid = false;
    } else {
      firstIndexOfId.set(p.id, inputIndex);
    }
    const result = validateSignup(p);
    if (!result.ok) {
      for (const issue of result.issues) issues.push({ where, path: issue.path, message: issue.message });
      valid = false;
    }
    let waitingSinceMs: number | undefined;
    if (p.waitingSince !== undefined) {
      waitingSinceMs = typeof p.waitingSince === 'string' ? Date.parse(p.waitingSince) : NaN;
      if (!Number.isFinite(waitingSinceMs)) {
        issues.push({ where, path: 'waitingSince', message: 'waitingSince must be an ISO 8601 date-time such as 2025-01-31T09:00:00Z' });
        valid = false;
      }
    }
    const roundsWaited = optionalCount(p.roundsWaited, 'roundsWaited', where, issues);
    const activePairs = optionalCount(p.activePairs, 'activePairs', where, issues);
    if (!valid || !result.ok) return;
    const signup = result.value;
    const spare = spareCapacity({ role: signup.role, capacity: signup.capacity, activePairs });
    members.push({ id: p.id as string, inputIndex, signup, roundsWaited, waitingSinceMs, spare });
  });
  const previousPairs = parsePairs(raw.previousPairs, 'previousPairs', issues);
  const blockedPairs = parsePairs(raw.blockedPairs, 'blockedPairs', issues);
  if (issues.length > 0) return { ok: false, issues };

  const excluded = new Map<string, Set<string>>();
  const exclude = (mentorId: string, menteeId: string) => {
    let set = excluded.get(mentorId);
    if (!set) excluded.set(mentorId, (set = new Set()));
    set.add(menteeId);
  };
  // History may name the two people either way round; rule out both orientations.
  for (const pair of [...previousPairs, ...blockedPairs]) {
    exclude(pair.mentorId, pair.menteeId);
    exclude(pair.menteeId, pair.mentorId);
  }
  return {
    ok: true,
    pool: {
      mentors: members.filter((m) => m.signup.role === 'mentor').sort(byId),
      mentees: members.filter((m) => m.signup.role === 'mentee').sort(byId),
      excluded,
    },
  };
}
