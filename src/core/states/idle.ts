import { reopenLast, startChecklist } from '../checklist.js';
import { check, reset } from '../commands.js';
import { requestHandoff } from '../handoffActions.js';
import { restartChecklist } from '../checklist.js';
import { menu, routeText } from '../routeText.js';
import { sayIdentity, smallTalk } from '../smalltalk.js';
import type { StateHandler, Step } from './stateHandler.js';

/** "好的" right after an answer that offered one thing (the self-check, a consultant) takes it. */
const affirm: Step = (b, t) => {
  const offer = b.session.choices[0];
  if (offer === 'check') return check(b);
  if (offer === 'human:asked') return requestHandoff(b, 'asked', t.ctx);
  smallTalk(b, 'affirm');
};

const polite: Step = (b, t) => smallTalk(b, t.act?.name ?? null);

/** No flow under way: answer, route or chat. */
export const idle: StateHandler = {
  acts: {
    thanks: polite,
    bye: polite,
    ack: polite,
    deny: polite,
    unsure: polite,
    withdraw: polite,
    notEmergency: polite,
    affirm,
    identity: (b) => sayIdentity(b),
    consent: (b) => check(b),
    check: (b) => check(b),
    quit: (b) => menu(b),
    // With a self-check paused, start that one again; otherwise forget everything.
    restart: (b) => (b.session.paused && b.session.consent ? restartChecklist(b) : reset(b)),
    // Back into a paused self-check, or to the last question of a finished one.
    back: (b) => {
      if (b.session.paused && b.session.consent) return startChecklist(b);
      if (!reopenLast(b)) menu(b);
    },
  },
  otherwise: routeText,
};
