import { askConsent } from '../checklist.js';
import { consentDeclined, consentGiven } from '../commands.js';
import { answerMidFlow } from '../routeText.js';
import { sayIdentity, smallTalk } from '../smalltalk.js';
import { route } from '../turn.js';
import type { StateHandler, Step } from './stateHandler.js';
import { idle } from './idle.js';
import { dispatch } from './dispatch.js';

const again: Step = (b) => askConsent(b);

/** Asked whether health data may be collected. Only an explicit yes starts the self-check. */
export const consent: StateHandler = {
  acts: {
    consent: consentGiven,
    affirm: consentGiven,
    check: consentGiven,
    deny: consentDeclined,
    withdraw: consentDeclined,
    quit: consentDeclined,
    bye: (b) => {
      b.update({ state: { name: 'idle' }, consent: false });
      smallTalk(b, 'bye');
    },
    back: again,
    restart: again,
    unsure: again,
    thanks: again,
    ack: again,
    identity: (b) => {
      sayIdentity(b, false);
      askConsent(b);
    },
  },
  // A question is answered and consent asked again; anything else means they moved on.
  otherwise: (b, t) => {
    if (answerMidFlow(b, t, () => askConsent(b))) return;
    b.route = route('menu');
    b.update({ state: { name: 'idle' } });
    dispatch(idle, b, t);
  },
};
