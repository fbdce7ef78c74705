import { aftercare, falseAlarm } from '../emergencyActions.js';
import { smallTalk } from '../smalltalk.js';
import { dispatch } from './dispatch.js';
import { idle } from './idle.js';
import type { StateHandler, Step } from './stateHandler.js';

const polite: Step = (b, t) => smallTalk(b, t.act?.name ?? null);

/**
 * An alarm was just raised (a new red flag is handled before any state). "不是紧急情况" ends it;
 * a message that routes somewhere confidently is answered normally; anything else is taken as
 * being about the emergency and gets the 120 guidance again, never the fallback.
 */
export const afterEmergency: StateHandler = {
  acts: {
    notEmergency: falseAlarm,
    thanks: polite,
    ack: polite,
    affirm: polite,
    deny: polite,
    bye: polite,
  },
  otherwise: (b, t) => {
    const u = t.intent ? null : t.understand();
    const routed = !u || (u.kind === 'hit' && u.best.label !== 'out_of_scope' && u.best.label !== 'smalltalk');
    if (!routed && !t.act) return aftercare(b);
    b.update({ state: { name: 'idle' } });
    dispatch(idle, b, t);
  },
};
