import type { Turn } from '../turn.js';
import type { TurnBuilder } from '../turnBuilder.js';
import type { StateHandler } from './stateHandler.js';

/** A whole-message act the state handles goes to its handler; everything else to `otherwise`. */
export function dispatch(handler: StateHandler, b: TurnBuilder, t: Turn): void {
  const step = t.act?.whole ? handler.acts[t.act.name] : undefined;
  (step ?? handler.otherwise)(b, t);
}
