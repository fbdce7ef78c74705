import { callbackChoice } from './callbackActions.js';
import { screeningItems } from './checklist.js';
import { describeHours } from './describeHours.js';
import { showMenu } from './render.js';
import type { HandoffReason } from './session.js';
import { route, type EngineContext } from './turn.js';
import type { TurnBuilder } from './turnBuilder.js';

/** The screening so far, attached to a ticket only when the user consented to collecting it. */
function screeningFor(b: TurnBuilder, ctx: EngineContext) {
  const s = b.session;
  if (!s.consent) return null;
  if (s.state.name === 'checklist' && s.state.answers.length) return screeningItems(ctx.content.flow, s.state.answers);
  if (s.paused?.answers.length) return screeningItems(ctx.content.flow, s.paused.answers);
  if (s.screening && s.screening.flowId === ctx.content.flow.id) return screeningItems(ctx.content.flow, s.screening.answers);
  return null;
}

/**
 * Asking again while a request is open makes sure its ticket exists. Opening is idempotent (the
 * store returns the open ticket), and a ticket whose first opening failed after the session was
 * saved (Redis went away between the two) is opened now instead of being lost.
 */
export function reopenTicket(b: TurnBuilder, ctx: EngineContext): void {
  const h = b.session.handoff;
  if (h) b.effect({ type: 'openTicket', reason: h.reason, urgent: false, lang: b.lang, screening: screeningFor(b, ctx) });
}

/**
 * The patient asks for a human. With no desk nobody would receive it, and outside the hours
 * nobody would answer: say so honestly, never claiming a transfer, and offer a call back.
 */
export function requestHandoff(b: TurnBuilder, reason: HandoffReason, ctx: EngineContext): void {
  b.route = route('handoff');
  if (!ctx.deskAvailable && !b.session.handoff) {
    b.update({ state: { name: 'idle' } });
    b.ask(b.t('handoffUnavailable'), [callbackChoice(b, 'nodesk'), { id: 'faqs', label: b.t('labelFaq') }, { id: 'check', label: b.t('labelCheck') }]);
    return;
  }
  const hours = ctx.content.clinic.hours;
  const when = hours ? describeHours(hours, ctx.now, b.lang) : null;
  if (when && !when.now && !b.session.handoff) {
    b.update({ state: { name: 'idle' } });
    b.ask(b.t('handoffOffDuty', { hours: when.hours }), [callbackChoice(b, 'offduty'), { id: 'faqs', label: b.t('labelFaq') }]);
    return;
  }
  if (b.session.handoff) {
    reopenTicket(b, ctx);
    b.update({ state: { name: 'idle' } });
    b.say(b.t('handoffAlready'));
    return;
  }
  b.effect({ type: 'openTicket', reason, urgent: false, lang: b.lang, screening: screeningFor(b, ctx) });
  b.update({ state: { name: 'idle' }, handoff: { openedAt: ctx.now, reason, status: 'waiting' } });
  b.say(b.t('handoffOpened'), when ? b.t('handoffNow') : b.t('handoffNoHours'));
}

/** The patient ends the consultation, or withdraws a request nobody took yet, and is back with the bot. */
export function endHandoff(b: TurnBuilder): void {
  b.route = route('handoff');
  const h = b.session.handoff;
  if (!h) return showMenu(b, b.t('handoffNotOpen'));
  b.effect({ type: 'closeTicket', by: 'patient' });
  b.update({ handoff: null, state: { name: 'idle' } });
  showMenu(b, b.t(h.status === 'waiting' ? 'handoffWithdrawn' : 'handoffEndedByPatient'));
}

/** "/start" or "菜单" during a handoff: where the patient stands, then the menu. */
export function handoffStatus(b: TurnBuilder): void {
  b.route = route('handoff');
  showMenu(b, b.t(b.session.handoff?.status === 'active' ? 'handoffActiveStatus' : 'handoffWaitingStatus'));
}

/** A consultant's action on this user's ticket, relayed to the user. No open request: nothing to say. */
export function onDesk(b: TurnBuilder, event: 'taken' | 'reply' | 'closed' | 'timeout', text: string, ctx: EngineContext): void {
  b.route = route('handoff');
  const h = b.session.handoff;
  if (!h) return;
  if (event === 'timeout') {
    // Nobody took it in time: say so, and offer a call back; the ticket stays in the queue.
    if (h.status !== 'waiting') return;
    b.ask(b.t('handoffTimeout', { waited: Math.max(1, Math.round((ctx.now - h.openedAt) / 60_000)) }), [
      callbackChoice(b, 'timeout'),
      { id: 'wait', label: b.t('labelKeepWaiting') },
      { id: 'withdraw', label: b.t('labelWithdraw') },
    ]);
  } else if (event === 'taken') {
    b.update({ handoff: { ...h, status: 'active' } });
    b.say(b.t('handoffTaken'));
  } else if (event === 'reply') {
    if (h.status !== 'active') b.update({ handoff: { ...h, status: 'active' } });
    b.say(b.t('consultantSays', { text }));
  } else {
    b.update({ handoff: null, state: { name: 'rating' } });
    askRating(b, b.t('handoffClosed'));
  }
}

export function askRating(b: TurnBuilder, text: string): void {
  b.ask(text, [1, 2, 3, 4, 5].map((n) => ({ id: `rate:${n}`, label: String(n) })));
}
