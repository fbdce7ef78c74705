import { cutText, TEXT_LIMITS } from '../cutText.js';
import { endHandoff, handoffStatus, reopenTicket } from '../handoffActions.js';
import { showAnswer } from '../render.js';
import { sayIdentity } from '../smalltalk.js';
import { route, type Turn } from '../turn.js';
import type { TurnBuilder } from '../turnBuilder.js';
import type { StateHandler, Step } from './stateHandler.js';

const relay = (b: TurnBuilder, t: Turn) => b.effect({ type: 'relayToDesk', text: cutText(t.text, TEXT_LIMITS.relay) });

const acknowledge: Step = (b) => {
  b.route = route('handoff');
  b.say(b.t('handoffAck'));
};

/** Commands that work in a consultation too. True: handled. */
function handoffCommand(b: TurnBuilder, t: Turn): boolean {
  switch (t.intent) {
    case 'endHuman':
      endHandoff(b);
      return true;
    case 'human':
      b.route = route('handoff');
      reopenTicket(b, t.ctx);
      b.say(b.t('handoffAlready'));
      return true;
    case 'menu':
      handoffStatus(b);
      return true;
    default:
      return false;
  }
}

/**
 * Waiting for a consultant is not a trap: questions the bot can answer are answered (and added to
 * the ticket), "算了" withdraws the request, the menu says where the patient stands.
 */
export const handoffWaiting: StateHandler = {
  acts: {
    withdraw: endHandoff,
    quit: endHandoff,
    thanks: acknowledge,
    ack: acknowledge,
    affirm: acknowledge,
    bye: acknowledge,
    identity: (b) => {
      sayIdentity(b, false);
      b.say(b.t('handoffWaitingStatus'));
    },
  },
  otherwise: (b, t) => {
    if (handoffCommand(b, t)) return;
    relay(b, t);
    const u = t.understand();
    const id = u.kind === 'hit' && u.best.label.startsWith('faq:') ? u.best.label.slice(4) : null;
    const entry = id && !t.ctx.reader.outOfScope(t.folded) ? t.ctx.content.faq.get(id) : undefined;
    if (entry) {
      b.route = route('faq', entry.id, u.best?.score ?? null);
      showAnswer(b, entry, { brief: true });
      b.say(b.t('handoffAlsoSent'));
      return;
    }
    b.route = route('handoff');
    b.say(b.t('handoffNoted'));
  },
};

/** With a consultant: the bot stays quiet and relays everything but a few commands. */
export const handoffActive: StateHandler = {
  acts: {},
  otherwise: (b, t) => {
    if (handoffCommand(b, t)) return;
    b.route = route('handoff');
    relay(b, t);
  },
};
