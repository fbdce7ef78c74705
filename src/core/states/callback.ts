import { askCallbackConsent, callbackConsented, callbackDeclined, callbackPhone, callbackTime } from '../callbackActions.js';
import { dispatch } from './dispatch.js';
import { idle } from './idle.js';
import type { StateHandler, Step } from './stateHandler.js';

const cancel: Step = (b) => callbackDeclined(b);

/**
 * A call-back request under way: first an explicit yes to keeping a number, then the number,
 * then a preferred time. "算了" cancels at any step and nothing is kept; at the consent step
 * anything else means they moved on.
 */
export const callback: StateHandler = {
  acts: {
    withdraw: cancel,
    quit: cancel,
    bye: cancel,
    deny: cancel,
    consent: (b, t) => (step(b) === 'consent' ? callbackConsented(b, true) : callback.otherwise(b, t)),
    affirm: (b, t) => (step(b) === 'consent' ? callbackConsented(b, true) : callback.otherwise(b, t)),
  },
  otherwise: (b, t) => {
    const s = b.session.state;
    if (s.name !== 'callback') return;
    if (s.step === 'phone') return callbackPhone(b, t.text);
    if (s.step === 'time') return callbackTime(b, t.text, t.ctx);
    if (t.act?.name === 'restart' || t.act?.name === 'back') return askCallbackConsent(b, s.reason, t.ctx);
    b.update({ state: { name: 'idle' } });
    dispatch(idle, b, t);
  },
};

const step = (b: Parameters<Step>[0]) => (b.session.state.name === 'callback' ? b.session.state.step : null);
