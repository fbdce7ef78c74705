import type { Session } from '../session.js';
import { afterEmergency } from './afterEmergency.js';
import { callback } from './callback.js';
import { checklist } from './checklistState.js';
import { consent } from './consent.js';
import { handoffActive, handoffWaiting } from './handoff.js';
import { idle } from './idle.js';
import { rating } from './rating.js';
import type { StateHandler, StateKey } from './stateHandler.js';

export { dispatch } from './dispatch.js';
export type { StateKey } from './stateHandler.js';

/**
 * The conversation machine, one handler per state. Before any of them (transition.ts): a red flag
 * raises the alarm; "删除我的数据", "English"/"中文" act everywhere; a typed number picks a choice
 * outside a consultation. Then the state's acts (whole messages), then its fall-through:
 *
 * | state          | its own acts                                                        | everything else                                  |
 * |----------------|---------------------------------------------------------------------|--------------------------------------------------|
 * | idle           | thanks bye ack deny unsure withdraw → polite line; affirm → the     | routeText: commands, classifier route, fallback  |
 * |                | offer just made; identity; consent/check → self-check (resumed);   |                                                  |
 * |                | quit → menu; restart; back → into the paused or finished self-check |                                                  |
 * | consent        | consent affirm check → start; deny withdraw quit → declined; bye;   | a clear question → answer + ask again; else idle |
 * |                | identity → say + ask again; back restart unsure thanks ack → again  |                                                  |
 * | checklist      | affirm deny unsure → answer; back; quit withdraw bye → pause;       | partial answer, "啥意思", a clear question →    |
 * |                | restart → question 1; identity thanks ack check → ask again         | answer + resume; else re-ask                     |
 * | rating         | (none: a digit is a numbered choice)                                | a clear question → answer + rate again; else idle|
 * | handoffWaiting | withdraw quit → cancel; thanks ack affirm bye → "we'll reply here"; | commands; FAQ answered + relayed; else relayed   |
 * |                | identity                                                            |                                                  |
 * | handoffActive  | (none: the consultant is talking)                                   | commands; else relayed, bot quiet                |
 * | afterEmergency | notEmergency → back to normal (counted); thanks ack affirm deny bye | confidently routed → idle; else 120 aftercare    |
 * | callback       | withdraw quit bye deny → nothing kept; consent affirm → yes (at the  | phone step: a number or ask again; time step:    |
 * |                | consent step)                                                       | stored; consent step: idle                       |
 */
export const machine: Readonly<Record<StateKey, StateHandler>> = {
  idle,
  consent,
  checklist,
  rating,
  handoffWaiting,
  handoffActive,
  afterEmergency,
  callback,
};

/** A consultation overrides the conversation state until it ends. */
export function stateOf(s: Session): StateKey {
  if (s.handoff) return s.handoff.status === 'active' ? 'handoffActive' : 'handoffWaiting';
  return s.state.name;
}
