import type { NudgeDecision } from '../../../domain/nudge-ladder';
import type { NudgeStep, Pair, TimelineStep } from '../../../domain/pair';
import type { Participant } from '../../../domain/participant';
import type { JobDeps } from '../deps';

export type FollowUpOutcome = 'done' | 'no_pair' | 'pair_ended' | NudgeDecision['kind'] | `skip_${string}`;

export interface Members {
  mentor: Participant;
  mentee: Participant;
}

/** What each kind of step needs from its schedule's step name, beyond the kind itself. */
interface StepArgs {
  icebreakers: object;
  starters: object;
  checkin: { meeting: number };
  end: object;
  nudge: { step: NudgeStep };
  fit: { round: number };
}

export type StepKind = keyof StepArgs;

/** A step name read once into its kind and arguments; a mapped union, so the table below stays typed per kind. */
export type ParsedStep<K extends StepKind = StepKind> = { [P in K]: { kind: P } & StepArgs[P] }[K];

export interface StepRun<K extends StepKind> {
  pair: Pair;
  members: Members;
  step: ParsedStep<K>;
  /** The activity a nudge ladder counts from; only nudges carry one. */
  basis: string | undefined;
}

export interface FollowUpStep<K extends StepKind> {
  /**
   * Milestones are recorded on the pair's timeline before they act and logged as `follow_up`;
   * nudges are not milestones (the ladder keeps its own level) and report their own decision.
   */
  readonly milestone: boolean;
  run(deps: JobDeps, run: StepRun<K>): Promise<FollowUpOutcome>;
}

export type StepTable = { [K in StepKind]: FollowUpStep<K> };

const CHECKIN = 'checkin-';
const FIT = 'fit-';

/**
 * The one place a schedule's step name is read. Names are public contracts (schedule names and
 * payloads), validated by isTimelineStep before they get here; anything else falls to the nudge ladder, as before.
 */
export function parseStep(step: TimelineStep): ParsedStep {
  if (step === 'icebreakers' || step === 'starters' || step === 'end') return { kind: step };
  if (step.startsWith(CHECKIN)) return { kind: 'checkin', meeting: Number(step.slice(CHECKIN.length)) };
  if (step.startsWith(FIT)) return { kind: 'fit', round: Number(step.slice(FIT.length)) };
  return { kind: 'nudge', step: step as NudgeStep };
}
