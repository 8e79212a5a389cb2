/** The matching engine's public surface. */
export { match, dumpScores, feasiblePairs, feasibilityGraph, type FeasiblePairs } from './match';
export { solveAssignment, type Assignment, type AssignmentGraph } from './solver';
export { describePair, type PairDetails } from './reasons';
export { rankPartners, type Suggestion } from './suggestions';
export { MAX_PAIR_SCORE } from './scoring';
export { MIN_OVERLAP_MINUTES } from './feasibility';
export * from './types';
export {
  matchWithChoices,
  suggestionsFor,
  pinProblem,
  sameRef,
  type RoundChoices,
  type ReviewedPair,
  type ReviewedResult,
  type RoundSuggestion,
  type PinProblem,
} from './review';
