import { cutText } from './cutText.js';
import { describeHours } from './describeHours.js';
import { showMenu } from './render.js';
import type { Choice } from './reply.js';
import type { CallbackReason } from './session.js';
import { route, type EngineContext } from './turn.js';
import type { TurnBuilder } from './turnBuilder.js';

/** How long the preferred time may be: a few words, never a story. */
const WHEN_LIMIT = 40;

export const callbackChoice = (b: TurnBuilder, reason: CallbackReason): Choice => ({ id: `callback:${reason}`, label: b.t('labelCallback') });

/** A phone number as typed ("138 0013-8000", "+86 13800138000") in digits, or null if it is not one. */
export function readPhone(text: string): string | null {
  const compact = text.replace(/[\s\-().()]/g, '');
  return /^\+?\d{7,15}$/.test(compact) ? compact : null;
}

/** Offered, never assumed: what is kept, why and for how long, before any number is asked for. */
export function askCallbackConsent(b: TurnBuilder, reason: CallbackReason, ctx: EngineContext): void {
  b.route = route('handoff', 'callback');
  b.update({ state: { name: 'callback', step: 'consent', reason, phone: null } });
  b.ask(b.t('callbackConsent', { days: ctx.callbackDays ?? 30 }), [
    { id: 'callbackOk:yes', label: b.t('labelCallbackYes') },
    { id: 'callbackOk:no', label: b.t('labelCallbackNo') },
  ]);
}

export function callbackConsented(b: TurnBuilder, yes: boolean): void {
  const s = b.session.state;
  b.route = route('handoff', 'callback');
  if (!yes || s.name !== 'callback') return callbackDeclined(b);
  b.update({ state: { ...s, step: 'phone' } });
  b.say(b.t('callbackAskPhone'));
}

export function callbackDeclined(b: TurnBuilder): void {
  b.route = route('handoff', 'callback');
  b.update({ state: { name: 'idle' } });
  showMenu(b, b.t('callbackDeclined'));
}

/** The number typed at the phone step: kept in the session (which expires) until the time is given. */
export function callbackPhone(b: TurnBuilder, text: string): void {
  const s = b.session.state;
  b.route = route('handoff', 'callback');
  if (s.name !== 'callback') return;
  const phone = readPhone(text);
  if (!phone) return void b.say(b.t('callbackBadPhone'));
  b.update({ state: { ...s, step: 'time', phone } });
  b.ask(b.t('callbackAskTime'), [
    { id: 'callbackTime:labelMorning', label: b.t('labelMorning') },
    { id: 'callbackTime:labelAfternoon', label: b.t('labelAfternoon') },
    { id: 'callbackTime:labelEvening', label: b.t('labelEvening') },
    { id: 'callbackTime:labelAnyTime', label: b.t('labelAnyTime') },
  ]);
}

/** The preferred time ends the request: stored by the runner, and the patient is told when to expect a call only if hours are known. */
export function callbackTime(b: TurnBuilder, when: string, ctx: EngineContext): void {
  const s = b.session.state;
  b.route = route('handoff', 'callback');
  if (s.name !== 'callback' || !s.phone) return callbackDeclined(b);
  const cleaned = cutText(when.replace(/\s+/g, ' ').trim(), WHEN_LIMIT) || b.t('labelAnyTime');
  b.effect({ type: 'requestCallback', phone: s.phone, when: cleaned, lang: b.lang, reason: s.reason });
  b.update({ state: { name: 'idle' } });
  const hours = ctx.content.clinic.hours;
  const at = hours ? describeHours(hours, ctx.now, b.lang) : null;
  const when2 = !at ? b.t('callbackNoHours') : at.now ? b.t('callbackWhenOpen') : b.t('callbackWhenHours', { hours: at.hours, next: at.next });
  showMenu(b, [b.t('callbackSaved'), when2].join(''));
}
