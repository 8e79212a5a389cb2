import type { StepTable } from '../step';
import { checkin } from './checkin';
import { end } from './end';
import { fit } from './fit';
import { icebreakers } from './icebreakers';
import { nudge } from './nudge';
import { starters } from './starters';

/** Every kind of follow-up step, one module each; a new kind fails to typecheck until it has its entry here. */
export const followUpSteps: StepTable = { icebreakers, starters, checkin, end, nudge, fit };
