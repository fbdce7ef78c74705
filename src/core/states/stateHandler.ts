import type { ActName } from '../act.js';
import type { Turn } from '../turn.js';
import type { TurnBuilder } from '../turnBuilder.js';

/** Where the conversation is, as the machine sees it: the session's state, or the consultation that overrides it. */
export type StateKey = 'idle' | 'consent' | 'checklist' | 'rating' | 'handoffWaiting' | 'handoffActive' | 'afterEmergency' | 'callback';

export type Step = (b: TurnBuilder, t: Turn) => void;

/**
 * One conversation state: the dialogue acts it gives a meaning of its own (whole messages only),
 * and what every other message falls through to.
 */
export interface StateHandler {
  readonly acts: Partial<Record<ActName, Step>>;
  readonly otherwise: Step;
}
