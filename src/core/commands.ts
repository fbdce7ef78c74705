import { askCallbackConsent, callbackConsented, callbackTime } from './callbackActions.js';
import { recordAnswer, restartChecklist, showCurrent, startChecklist } from './checklist.js';
import { falseAlarm } from './emergencyActions.js';
import { endHandoff, handoffStatus, requestHandoff } from './handoffActions.js';
import type { CommandName } from './inbound.js';
import { humanChoice, showAnswer, showFaqList, showWelcome } from './render.js';
import { menu } from './routeText.js';
import { newSession, type CallbackReason, type HandoffReason } from './session.js';
import { route, type EngineContext } from './turn.js';
import type { TurnBuilder } from './turnBuilder.js';

export function consentGiven(b: TurnBuilder): void {
  b.update({ consent: true });
  b.route = route('flow', b.content.flow.id);
  startChecklist(b);
}

export function consentDeclined(b: TurnBuilder): void {
  b.route = route('menu');
  b.update({ state: { name: 'idle' }, consent: false });
  b.ask(b.t('consentDeclined'), [{ id: 'faqs', label: b.t('labelFaq') }, { id: 'check', label: b.t('labelCheck') }, humanChoice(b, 'asked')]);
}

/** "重新开始": everything but the language forgotten. */
export function reset(b: TurnBuilder): void {
  b.route = route('menu');
  const { lang, langLocked, traditional, messages, turn } = b.session;
  b.session = { ...newSession(lang), langLocked, traditional, messages, turn };
  menu(b, b.t('resetDone'));
}

export function rate(b: TurnBuilder, score: number): void {
  b.route = route('command');
  b.effect({ type: 'rate', score });
  b.update({ state: { name: 'idle' } });
  b.say(b.t('ratingThanks'));
}

/** The self-check on request: resumed where it was, or started. */
export function check(b: TurnBuilder): void {
  b.route = route('flow', b.content.flow.id);
  startChecklist(b);
}

/** "/start" and "菜单" show where the patient stands: in a consultation, or with a paused self-check. */
export function onCommand(b: TurnBuilder, name: CommandName, ctx: EngineContext): 'erase' | void {
  b.route = route('command');
  switch (name) {
    case 'start':
      if (b.session.handoff) return handoffStatus(b);
      b.update({ state: { name: 'idle' } });
      return showWelcome(b);
    case 'menu':
    case 'help':
      if (b.session.handoff) return handoffStatus(b);
      return menu(b);
    case 'check':
      return check(b);
    case 'human':
      return requestHandoff(b, 'asked', ctx);
    case 'reset':
      return reset(b);
    case 'delete':
      return 'erase';
    case 'end':
      return endHandoff(b);
  }
}

const reasons: readonly HandoffReason[] = ['asked', 'fallback', 'checklist', 'emergency'];
const isReason = (s: string): s is HandoffReason => (reasons as readonly string[]).includes(s);
const callbackReasons: readonly CallbackReason[] = ['nodesk', 'offduty', 'timeout'];
const timeLabels = ['labelMorning', 'labelAfternoon', 'labelEvening', 'labelAnyTime'] as const;

export function onChoice(b: TurnBuilder, id: string, ctx: EngineContext): void {
  b.route = route('command');
  const [kind, arg = ''] = id.split(':') as [string, string?];
  switch (kind) {
    case 'menu':
      return menu(b);
    case 'faqs':
      return showFaqList(b);
    case 'check':
      if (arg === 'new') {
        b.route = route('flow', ctx.content.flow.id);
        return restartChecklist(b);
      }
      return check(b);
    case 'human':
      return requestHandoff(b, isReason(arg) ? arg : 'asked', ctx);
    case 'falseAlarm':
      return falseAlarm(b);
    case 'callback': {
      const reason = callbackReasons.find((r) => r === arg) ?? 'nodesk';
      // From a queue that timed out: the call back replaces the waiting request.
      if (b.session.handoff?.status === 'waiting') {
        b.effect({ type: 'closeTicket', by: 'patient' });
        b.update({ handoff: null });
      }
      return askCallbackConsent(b, reason, ctx);
    }
    case 'callbackOk':
      if (b.session.state.name !== 'callback') return showCurrent(b, b.t('expired'));
      return callbackConsented(b, arg === 'yes');
    case 'callbackTime': {
      const label = timeLabels.find((l) => l === arg);
      if (b.session.state.name !== 'callback' || !label) return showCurrent(b, b.t('expired'));
      return callbackTime(b, b.t(label), ctx);
    }
    case 'wait':
      b.route = route('handoff');
      return void b.say(b.t(b.session.handoff ? 'keepWaiting' : 'handoffNotOpen'));
    case 'withdraw':
      return endHandoff(b);
    case 'faq': {
      const entry = ctx.content.faq.get(arg);
      if (!entry) return showCurrent(b, b.t('expired'));
      b.route = route('faq', entry.id, 1);
      return showAnswer(b, entry);
    }
    case 'consent':
      return arg === 'yes' ? consentGiven(b) : consentDeclined(b);
    case 'rate': {
      const score = Number(arg);
      if (b.session.state.name !== 'rating' || !(score >= 1 && score <= 5)) return showCurrent(b, b.t('expired'));
      return rate(b, score);
    }
    case 'ans':
      if (b.session.state.name !== 'checklist' || (arg !== 'yes' && arg !== 'no' && arg !== 'unsure')) return showCurrent(b, b.t('expired'));
      b.route = route('checklist');
      return recordAnswer(b, arg);
    default:
      return showCurrent(b, b.t('expired'));
  }
}
