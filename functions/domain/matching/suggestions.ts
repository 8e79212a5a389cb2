/**
 * Ranked partners for one person (the console's "pair with…" list and the
 * suggestions API): the matcher's own feasibility rules and scorer, applied to
 * that person and the candidates of the other role. Pure.
 */
import { feasibilityGraph } from './match';
import { describePair } from './reasons';
import { matchInstant } from './match';
import type { MatchInput, MatchOptions } from './types';

export interface Suggestion {
  partnerId: string;
  score: number;
  reasons: string[];
}

/**
 * Every feasible partner of `personId` among `input.participants` (previous and
 * blocked pairs excluded, as the matcher does), best score first, ties by id;
 * at most `limit`.
 */
export function rankPartners(input: MatchInput, personId: string, options: MatchOptions, limit = 20): Suggestion[] {
  const matchMs = matchInstant(options.matchDate);
  const graph = feasibilityGraph(input, options);
  const out: Suggestion[] = [];
  const asMentee = graph.mentees.findIndex((c) => c.member.id === personId);
  const asMentor = graph.mentors.findIndex((c) => c.member.id === personId);
  for (let i = 0; i < graph.menteeCount; i++) {
    if (asMentee >= 0 && i !== asMentee) continue;
    for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) {
      const j = graph.mentorOf[e]!;
      if (asMentee < 0 && j !== asMentor) continue;
      const mentor = graph.mentors[j]!;
      const mentee = graph.mentees[i]!;
      out.push({
        partnerId: asMentee >= 0 ? mentor.member.id : mentee.member.id,
        score: graph.score[e]!,
        reasons: describePair(mentor, mentee, matchMs).reasons,
      });
    }
    if (asMentee >= 0) break;
  }
  if (asMentee < 0 && asMentor < 0) return [];
  return out.sort((a, b) => b.score - a.score || (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0)).slice(0, limit);
}
