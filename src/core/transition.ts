import { goBack, readAnswer, recordAnswer, reask, screeningItems, showCurrent, startChecklist, askQuestion } from './checklist.js';
import type { Content } from './content.js';
import { describeHours } from './describeHours.js';
import { hasRedFlag } from './hasRedFlag.js';
import type { CommandName, Inbound } from './inbound.js';
import type { Reader } from './reader.js';
import { humanChoice, showAnswer, showClarify, showFallback, showFaqList, showMenu, showWelcome } from './render.js';
import type { Effect, Reply, Route } from './reply.js';
import { scrubPersonalData } from './scrubPersonalData.js';
import { newSession, RECENT_LINES, type HandoffReason, type RecentLine, type Session } from './session.js';
import { TurnBuilder } from './turnBuilder.js';

export interface EngineContext {
  /** Milliseconds since the epoch, passed in so the engine never reads a clock. */
  readonly now: number;
  readonly content: Content;
  readonly reader: Reader;
}

export interface Outcome {
  /** null: the user asked to erase everything, so nothing is saved. */
  readonly session: Session | null;
  readonly replies: readonly Reply[];
  readonly effects: readonly Effect[];
  readonly route: Route;
}

/** Confidence above which a message in the middle of the checklist is taken as a question. */
const CLEAR_QUESTION = 0.5;

const route = (r: Route['route'], id: string | null = null, score: number | null = null): Route => ({ route: r, id, score });

/**
 * The whole conversation as a pure function: no I/O, no clock, no logging. The runner loads
 * the session, calls this, saves the result and then performs the effects.
 */
export function transition(prev: Session, inbound: Inbound, ctx: EngineContext): Outcome {
  const b = new TurnBuilder(withLanguage({ ...prev, messages: prev.messages + 1 }, inbound, ctx.reader), ctx.content, route('menu'));
  switch (inbound.kind) {
    case 'nontext':
      b.route = route('nontext');
      if (b.session.state.name === 'idle') b.say(b.t('textOnly'));
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
      if (onText(b, inbound.text, ctx) === 'erase') return erase(b);
      break;
    case 'desk':
      onDesk(b, inbound.event, inbound.text ?? '');
      break;
  }
  if (inbound.kind === 'text' || inbound.kind === 'choice') remember(b, inbound.kind === 'text' ? inbound.text : `[${inbound.id}]`, ctx.now);
  return b.finish();
}

/** Keeps the last lines for a case card: what the patient wrote and, briefly, where the bot sent it. */
function remember(b: TurnBuilder, said: string, at: number): void {
  const { route: r, id } = b.route;
  const lines: RecentLine[] = [...b.session.recent, { from: 'patient', text: said.slice(0, 200), at }, { from: 'bot', text: id ? `${r}:${id}` : r, at }];
  b.update({ recent: lines.slice(-RECENT_LINES) });
}

/** Reply in the language of the message; an explicit "English"/"中文" pins it. */
function withLanguage(s: Session, inbound: Inbound, reader: Reader): Session {
  const detected = inbound.kind === 'text' ? reader.lang(inbound.text) : null;
  let { lang, traditional } = s;
  if (detected && !s.langLocked) lang = detected;
  else if (!detected && s.messages === 1 && inbound.langHint) lang = inbound.langHint;
  if (detected === 'zh' && inbound.kind === 'text') traditional = reader.traditional(inbound.text);
  return lang === s.lang && traditional === s.traditional ? s : { ...s, lang, traditional };
}

function erase(b: TurnBuilder): Outcome {
  b.route = route('command');
  const reply = b.t('deleted');
  return { session: null, replies: [{ text: reply }], effects: [{ type: 'eraseUser' }], route: b.route };
}

function onCommand(b: TurnBuilder, name: CommandName, ctx: EngineContext): 'erase' | void {
  b.route = route('command');
  switch (name) {
    case 'start':
      b.update({ state: { name: 'idle' } });
      return showWelcome(b);
    case 'menu':
    case 'help':
      b.update({ state: { name: 'idle' } });
      return showMenu(b);
    case 'check':
      b.route = route('flow', ctx.content.flow.id);
      return startChecklist(b);
    case 'human':
      return handoff(b, 'asked', ctx);
    case 'reset':
      return reset(b);
    case 'delete':
      return 'erase';
    case 'end':
      return endHandoff(b);
  }
}

/** A consultant's action on this user's ticket, relayed to the user. No open request: nothing to say. */
function onDesk(b: TurnBuilder, event: 'taken' | 'reply' | 'closed', text: string): void {
  b.route = route('handoff');
  const h = b.session.handoff;
  if (!h) return;
  if (event === 'taken') {
    b.update({ handoff: { ...h, status: 'active' } });
    b.say(b.t('handoffTaken'));
  } else if (event === 'reply') {
    if (h.status !== 'active') b.update({ handoff: { ...h, status: 'active' } });
    b.say(b.t('consultantSays', { text }));
  } else {
    b.update({ handoff: null, state: { name: 'rating' } });
    b.ask(b.t('handoffClosed'), [1, 2, 3, 4, 5].map((n) => ({ id: `rate:${n}`, label: String(n) })));
  }
}

/** The patient ends the consultation (or withdraws the request) and is back with the bot. */
function endHandoff(b: TurnBuilder): void {
  b.route = route('handoff');
  if (!b.session.handoff) return showMenu(b, b.t('handoffNotOpen'));
  b.effect({ type: 'closeTicket', by: 'patient' });
  b.update({ handoff: null, state: { name: 'idle' } });
  showMenu(b, b.t('handoffEndedByPatient'));
}

function rate(b: TurnBuilder, score: number): void {
  b.route = route('command');
  b.effect({ type: 'rate', score });
  b.update({ state: { name: 'idle' } });
  b.say(b.t('ratingThanks'));
}

function onChoice(b: TurnBuilder, id: string, ctx: EngineContext): void {
  b.route = route('command');
  const [kind, arg = ''] = id.split(':') as [string, string?];
  switch (kind) {
    case 'menu':
      b.update({ state: { name: 'idle' } });
      return showMenu(b);
    case 'faqs':
      return showFaqList(b);
    case 'check':
      b.route = route('flow', ctx.content.flow.id);
      return startChecklist(b);
    case 'human':
      return handoff(b, isReason(arg) ? arg : 'asked', ctx);
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

const reasons: readonly HandoffReason[] = ['asked', 'fallback', 'checklist', 'emergency'];
const isReason = (s: string): s is HandoffReason => (reasons as readonly string[]).includes(s);

function onText(b: TurnBuilder, text: string, ctx: EngineContext): 'erase' | void {
  const { reader, content } = ctx;
  const folded = reader.fold(text);
  if (!folded) {
    b.route = route('fallback');
    return b.session.state.name === 'idle' ? showMenu(b, b.t('empty')) : showCurrent(b, b.t('empty'));
  }
  if (hasRedFlag(reader, text)) return emergency(b, ctx);

  const intent = reader.intent(folded);
  if (b.session.handoff) {
    // With a consultant (or waiting for one) the bot stays quiet and relays, except for a few commands.
    switch (intent) {
      case 'delete':
        return 'erase';
      case 'endHuman':
      case 'quit':
        return endHandoff(b);
      case 'human':
        b.route = route('handoff');
        reopenTicket(b, ctx);
        return void b.say(b.t('handoffAlready'));
      case 'menu':
        return showMenu(b);
      default:
        b.route = route('handoff');
        b.effect({ type: 'relayToDesk', text: text.slice(0, 2000) });
        if (b.session.handoff.status === 'waiting') b.say(b.t('handoffNoted'));
        return;
    }
  }
  if (b.session.state.name === 'rating') {
    const score = /^[1-5]$/.test(folded) ? Number(folded) : null;
    if (score !== null) return rate(b, score);
    b.update({ state: { name: 'idle' } }); // they moved on without rating
  }
  const state = b.session.state;
  switch (intent) {
    case 'delete':
      return 'erase';
    case 'endHuman':
      return endHandoff(b);
    case 'english':
    case 'chinese':
      b.route = route('command');
      b.update({ lang: intent === 'english' ? 'en' : 'zh', langLocked: true, traditional: false });
      return showCurrent(b, b.t('langSwitched'));
    case 'reset':
      b.route = route('menu');
      return reset(b);
    case 'human':
      return handoff(b, 'asked', ctx);
    case 'menu':
      b.update({ state: { name: 'idle' } });
      return showMenu(b);
    case 'faqList':
      b.update({ state: { name: 'idle' } });
      return showFaqList(b);
    case 'back':
      b.route = route('checklist');
      return goBack(b);
    case 'quit':
      b.route = route('menu');
      if (state.name === 'idle') return showMenu(b);
      b.update({ state: { name: 'idle' } });
      return showMenu(b, b.t('checklistQuit'));
    default:
      break;
  }

  const number = /^\d{1,2}$/.test(folded) ? Number(folded) : null;
  if (number !== null) {
    const choice = b.session.choices[number - 1];
    if (choice) return onChoice(b, choice, ctx);
    b.route = route('menu');
    return showCurrent(b, b.t('numberNoChoice'));
  }

  if (state.name === 'consent') {
    const { agree, decline } = content.flow.consent;
    if (agree.includes(folded)) return consentGiven(b);
    if (decline.includes(folded)) return consentDeclined(b);
    b.update({ state: { name: 'idle' } }); // the user moved on: nothing was collected
  }
  if (state.name === 'checklist') {
    const answer = readAnswer(content.flow, folded);
    const topic = content.faq.get(content.flow.questions[state.step]?.topic ?? '');
    if (!answer && intent === 'explain' && topic) {
      // "啥意思?" about the current question: explain it from its topic, then ask again.
      b.route = route('faq', topic.id, null);
      showAnswer(b, topic, { brief: true });
      return askQuestion(b, state.step, b.t('checklistResume'));
    }
    b.route = route('checklist');
    if (answer) return recordAnswer(b, answer);
    // Mid-checklist an unclear answer is more likely than a question, so only a clear one counts.
    const match = reader.faq.match(text);
    if (match.kind === 'hit' && match.best.score >= CLEAR_QUESTION) {
      const entry = content.faq.get(match.best.id);
      if (entry) {
        b.route = route('faq', entry.id, match.best.score);
        showAnswer(b, entry, { brief: true });
        return askQuestion(b, state.step, b.t('checklistResume'));
      }
    }
    return reask(b);
  }

  if (intent === 'greeting') {
    b.route = route('menu');
    return showWelcome(b);
  }

  const match = reader.faq.match(text);
  if (intent === 'assess') {
    // "我怀孕了,我适合做吗": the named condition's answer, which itself offers the checklist.
    const conditionTopics = new Set(content.flow.questions.map((q) => q.topic));
    const named = match.kind === 'hit' && conditionTopics.has(match.best.id) ? content.faq.get(match.best.id) : undefined;
    if (named && match.best) {
      b.route = route('faq', named.id, match.best.score);
      return showAnswer(b, named);
    }
    b.route = route('flow', content.flow.id);
    return startChecklist(b);
  }

  const inScope = !reader.outOfScope(folded);
  if (match.kind === 'hit' && inScope) {
    const entry = content.faq.get(match.best.id);
    if (entry) {
      b.route = route('faq', entry.id, match.best.score);
      return showAnswer(b, entry);
    }
  }
  if (match.kind === 'ambiguous' && inScope) {
    const ids = match.candidates.slice(0, 2).map((c) => c.id);
    b.route = { route: 'faq', id: match.best.id, score: match.best.score, clarify: ids };
    return showClarify(b, ids);
  }
  if (reader.startsWithGreeting(folded)) {
    b.route = route('menu');
    return showWelcome(b);
  }
  b.route = route('fallback', null, match.best?.score ?? null);
  b.effect({ type: 'recordMissed', text: scrubPersonalData(text), best: match.best });
  return showFallback(b);
}

function consentGiven(b: TurnBuilder): void {
  b.update({ consent: true });
  b.route = route('flow', b.content.flow.id);
  startChecklist(b);
}

function consentDeclined(b: TurnBuilder): void {
  b.route = route('menu');
  b.update({ state: { name: 'idle' }, consent: false });
  b.ask(b.t('consentDeclined'), [{ id: 'faqs', label: b.t('labelFaq') }, humanChoice(b, 'asked')]);
}

function reset(b: TurnBuilder): void {
  const { lang, langLocked, traditional, messages, turn } = b.session;
  b.session = { ...newSession(lang), langLocked, traditional, messages, turn };
  showMenu(b, b.t('resetDone'));
}

/** The screening so far, attached to a ticket only when the user consented to collecting it. */
function screeningFor(b: TurnBuilder, ctx: EngineContext) {
  const s = b.session;
  if (!s.consent) return null;
  if (s.state.name === 'checklist' && s.state.answers.length) return screeningItems(ctx.content.flow, s.state.answers);
  if (s.screening && s.screening.flowId === ctx.content.flow.id) return screeningItems(ctx.content.flow, s.screening.answers);
  return null;
}

/**
 * Asking again while a request is open makes sure its ticket exists. Opening is idempotent (the
 * store returns the open ticket), and a ticket whose first opening failed after the session was
 * saved (Redis went away between the two) is opened now instead of being lost.
 */
function reopenTicket(b: TurnBuilder, ctx: EngineContext): void {
  const h = b.session.handoff;
  if (h) b.effect({ type: 'openTicket', reason: h.reason, urgent: false, lang: b.lang, screening: screeningFor(b, ctx) });
}

function handoff(b: TurnBuilder, reason: HandoffReason, ctx: EngineContext): void {
  b.route = route('handoff');
  if (b.session.handoff) {
    reopenTicket(b, ctx);
    b.update({ state: { name: 'idle' } });
    b.say(b.t('handoffAlready'));
    return;
  }
  b.effect({ type: 'openTicket', reason, urgent: false, lang: b.lang, screening: screeningFor(b, ctx) });
  b.update({ state: { name: 'idle' }, handoff: { openedAt: ctx.now, reason, status: 'waiting' } });
  const hours = ctx.content.clinic.hours;
  const when = hours ? describeHours(hours, ctx.now, b.lang) : null;
  b.say(b.t('handoffOpened'), !when ? b.t('handoffNoHours') : when.now ? b.t('handoffNow') : b.t('handoffLater', { hours: when.hours, next: when.next }));
}

/** Red flags win in every state: tell them to call 120 now, and alert the consultants. */
function emergency(b: TurnBuilder, ctx: EngineContext): void {
  b.route = route('emergency');
  b.effect({ type: 'openTicket', reason: 'emergency', urgent: true, lang: b.lang, screening: screeningFor(b, ctx) });
  b.update({ handoff: b.session.handoff ?? { openedAt: ctx.now, reason: 'emergency', status: 'waiting' } });
  b.say(b.t(ctx.content.emergencyReply));
  // Keep whatever the user was doing, but its old buttons must not act after this warning.
  b.update({ choices: [] });
}
