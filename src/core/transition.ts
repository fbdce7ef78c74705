import { cutText, TEXT_LIMITS } from './cutText.js';
import { showCurrent } from './checklist.js';
import { onChoice, onCommand } from './commands.js';
import { raiseAlarm } from './emergencyActions.js';
import { onDesk } from './handoffActions.js';
import type { Inbound } from './inbound.js';
import { languageOf } from './languageOf.js';
import type { Understood } from './reader.js';
import type { Effect, Reply, Route } from './reply.js';
import { RECENT_LINES, type RecentLine, type Session } from './session.js';
import { dispatch, machine, stateOf } from './states/index.js';
import { route, type EngineContext, type Turn } from './turn.js';
import { TurnBuilder } from './turnBuilder.js';

export type { EngineContext } from './turn.js';

export interface Outcome {
  /** null: the user asked to erase everything, so nothing is saved. */
  readonly session: Session | null;
  readonly replies: readonly Reply[];
  readonly effects: readonly Effect[];
  readonly route: Route;
}

/**
 * The whole conversation as a pure function: no I/O, no clock, no logging. The runner loads
 * the session, calls this, saves the result and then performs the effects. Each state's
 * handler is in states/ (the table is in states/index.ts).
 */
export function transition(prev: Session, inbound: Inbound, ctx: EngineContext): Outcome {
  const turn = inbound.kind === 'text' ? readTurn(inbound.text, ctx) : null;
  const counted = { ...prev, messages: prev.messages + 1 };
  const b = new TurnBuilder(languageOf(counted, inbound, turn, ctx.reader), ctx.content, route('menu'));
  switch (inbound.kind) {
    case 'nontext':
      b.route = route('nontext');
      if (stateOf(b.session) === 'idle') b.say(b.t('textOnly'));
      else showCurrent(b, b.t('textOnly'));
      break;
    case 'command':
      if (onCommand(b, inbound.name, ctx) === 'erase') return erase(b);
      break;
    case 'choice':
      if (inbound.turn !== b.session.turn || !b.session.choices.includes(inbound.id)) {
        b.route = route('command');
        showCurrent(b, b.t('expired'));
      } else onChoice(b, inbound.id, ctx);
      break;
    case 'text':
      if (onText(b, turn!) === 'erase') return erase(b);
      break;
    case 'desk':
      onDesk(b, inbound.event, inbound.text ?? '', ctx);
      break;
  }
  keepProgress(prev, b);
  // A phone number or a time typed for a call back never reaches a case card.
  const private_ = prev.state.name === 'callback' && inbound.kind === 'text';
  if (inbound.kind === 'text' || inbound.kind === 'choice') remember(b, private_ ? '[callback]' : inbound.kind === 'text' ? inbound.text : `[${inbound.id}]`, ctx.now);
  return b.finish();
}

function readTurn(text: string, ctx: EngineContext): Turn {
  const { reader } = ctx;
  const folded = reader.fold(text);
  let understood: Understood | undefined;
  return {
    text,
    folded,
    act: folded ? reader.act(folded) : null,
    intent: folded ? reader.intent(folded) : null,
    understand: () => (understood ??= reader.classify(text)),
    ctx,
  };
}

function onText(b: TurnBuilder, t: Turn): 'erase' | void {
  if (!t.folded) {
    b.route = route('fallback');
    return showCurrent(b, b.t('empty'));
  }
  const flag = t.ctx.reader.redFlag(t.text);
  if (flag) return raiseAlarm(b, flag, t);
  switch (t.intent) {
    case 'delete':
      return 'erase';
    case 'english':
    case 'chinese':
      b.route = route('command');
      b.update({ lang: t.intent === 'english' ? 'en' : 'zh', langLocked: true, traditional: false });
      return showCurrent(b, b.t('langSwitched'));
  }
  // "0" is the menu (knowledge/intents.yaml), never a choice.
  const number = /^\d{1,2}$/.test(t.folded) && t.folded !== '0' ? Number(t.folded) : null;
  // In a consultation a number is for the consultant, unless the bot just offered a call back.
  if (number !== null && (!b.session.handoff || b.session.choices.some((c) => c.startsWith('callback:')))) {
    const choice = b.session.choices[number - 1];
    if (choice) return onChoice(b, choice, t.ctx);
    b.route = route('menu');
    return showCurrent(b, b.t('numberNoChoice'));
  }
  dispatch(machine[stateOf(b.session)], b, t);
}

/** Leaving the self-check before its end (menu, a consultant, an alarm) pauses it where it was. */
function keepProgress(prev: Session, b: TurnBuilder): void {
  const was = prev.state;
  const s = b.session;
  if (was.name !== 'checklist' || s.state.name === 'checklist' || !s.consent || s.screening !== prev.screening) return;
  b.update({ paused: { step: was.step, answers: was.answers } });
}

/** Keeps the last lines for a case card: what the patient wrote and, briefly, where the bot sent it. */
function remember(b: TurnBuilder, said: string, at: number): void {
  const { route: r, id } = b.route;
  const lines: RecentLine[] = [...b.session.recent, { from: 'patient', text: cutText(said, TEXT_LIMITS.line), at }, { from: 'bot', text: id ? `${r}:${id}` : r, at }];
  b.update({ recent: lines.slice(-RECENT_LINES) });
}

function erase(b: TurnBuilder): Outcome {
  b.route = route('command');
  return { session: null, replies: [{ text: b.t('deleted') }], effects: [{ type: 'eraseUser' }], route: b.route };
}
