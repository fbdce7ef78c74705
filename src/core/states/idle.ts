import { reopenLast, startChecklist } from '../checklist.js';
import { check, reset } from '../commands.js';
import { restartChecklist } from '../checklist.js';
import { menu, routeText } from '../routeText.js';
import { sayIdentity, smallTalk } from '../smalltalk.js';
import type { StateHandler, Step } from './stateHandler.js';

const polite: Step = (b, t) => smallTalk(b, t.act?.name ?? null);

/** No flow under way: answer, route or chat. */
export const idle: StateHandler = {
  acts: {
    // "好的", "ok" after an answer: an acknowledgement, not a yes to the self-check it may have offered.
    thanks: polite,
    bye: polite,
    ack: polite,
    deny: polite,
    unsure: polite,
    withdraw: polite,
    notEmergency: polite,
    affirm: polite,
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
