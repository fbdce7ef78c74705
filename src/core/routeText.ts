import { pausedNote, startChecklist } from './checklist.js';
import { endHandoff, requestHandoff } from './handoffActions.js';
import type { Understood } from './reader.js';
import { humanChoice, showAnswer, showClarify, showFallback, showFaqList, showMenu, showWelcome } from './render.js';
import { scrubPersonalData } from './scrubPersonalData.js';
import { smallTalk } from './smalltalk.js';
import { route, type Turn } from './turn.js';
import type { TurnBuilder } from './turnBuilder.js';

/** Confidence needed to leave a flow for the menu or a human when no command word said so. */
const LEAVE_FLOW = 0.7;

const faqId = (label: string | undefined): string | null => (label?.startsWith('faq:') ? label.slice(4) : null);

/** The menu, with where a paused self-check stands. */
export function menu(b: TurnBuilder, lead?: string): void {
  b.route = route('menu');
  const note = pausedNote(b);
  b.update({ state: { name: 'idle' } });
  showMenu(b, [lead, note].filter(Boolean).join('\n\n') || undefined);
}

/** Commands by intent that mean the same in every state outside a consultation. */
export function commandIntent(b: TurnBuilder, t: Turn): boolean {
  switch (t.intent) {
    case 'endHuman':
      endHandoff(b);
      return true;
    case 'human':
      requestHandoff(b, 'asked', t.ctx);
      return true;
    case 'menu':
      menu(b);
      return true;
    case 'faqList':
      b.route = route('menu');
      b.update({ state: { name: 'idle' } });
      showFaqList(b);
      return true;
    default:
      return false;
  }
}

/** "So I can have it now?" after a result: what the result means, and a consultant; never a restart. */
export function resultMeaning(b: TurnBuilder): void {
  b.route = route('flow', b.content.flow.id);
  b.ask([b.t('resultMeaning'), b.t('resultMeaningHuman')].join('\n\n'), [
    humanChoice(b, 'checklist'),
    { id: 'check:new', label: b.t('labelRestartCheck') },
    { id: 'menu', label: b.t('labelMenu') },
  ]);
}

/** "我怀孕了,我适合做吗": the named condition's answer; after a result, what it means; else the self-check. */
function assess(b: TurnBuilder, u: Understood): void {
  const conditions = new Set(b.content.flow.questions.map((q) => q.topic));
  const named = u.kind === 'hit' ? faqId(u.best.label) : null;
  const entry = named && conditions.has(named) ? b.content.faq.get(named) : undefined;
  if (entry) {
    b.route = route('faq', entry.id, u.best?.score ?? null);
    return showAnswer(b, entry);
  }
  if (b.session.screening && !b.session.paused && b.session.state.name !== 'checklist') return resultMeaning(b);
  b.route = route('flow', b.content.flow.id);
  startChecklist(b);
}

/**
 * A question in the middle of a flow (answers were read before this): a topic in the classifier's
 * answer band is answered briefly, then `resume` shows
 * where the flow was. Requests for a human or the menu are honoured. False: not a clear question.
 */
export function answerMidFlow(b: TurnBuilder, t: Turn, resume: () => void): boolean {
  if (commandIntent(b, t)) return true;
  const u = t.understand();
  if (u.kind !== 'hit') return false;
  const id = faqId(u.best.label);
  const entry = id ? t.ctx.content.faq.get(id) : undefined;
  if (entry && !t.ctx.reader.outOfScope(t.folded)) {
    b.route = route('faq', entry.id, u.best.score);
    showAnswer(b, entry, { brief: true });
    resume();
    return true;
  }
  // Leaving a flow on the classifier's word alone needs more than its answer band.
  if (u.best.score < LEAVE_FLOW) return false;
  if (u.best.label === 'handoff') return requestHandoff(b, 'asked', t.ctx), true;
  if (u.best.label === 'menu') return menu(b), true;
  return false;
}

/** Free text outside any flow: commands, then the classifier's route, then the fallback. */
export function routeText(b: TurnBuilder, t: Turn): void {
  if (commandIntent(b, t)) return;
  const { reader, content } = t.ctx;
  if (t.intent === 'greeting') {
    b.route = route('menu');
    return showWelcome(b);
  }
  const u = t.understand();
  const label = u.kind === 'miss' ? null : u.best.label;
  if (t.intent === 'assess' || (u.kind === 'hit' && label === 'flow')) return assess(b, u);
  const inScope = !reader.outOfScope(t.folded);
  if (u.kind === 'hit') {
    const id = faqId(u.best.label);
    const entry = id ? content.faq.get(id) : undefined;
    if (entry && inScope) {
      b.route = route('faq', entry.id, u.best.score);
      return showAnswer(b, entry);
    }
    if (label === 'handoff') return requestHandoff(b, 'asked', t.ctx);
    if (label === 'menu') return menu(b);
    if (label === 'smalltalk') return smallTalk(b, t.act?.name ?? null);
  }
  const faqCandidates = u.candidates.map((c) => faqId(c.label)).filter((id): id is string => id !== null && content.faq.has(id));
  if (u.kind === 'ambiguous' && inScope && faqCandidates.length >= 2 && faqId(u.best.label)) {
    const ids = faqCandidates.slice(0, 2);
    b.route = { route: 'faq', id: ids[0]!, score: u.best.score, clarify: ids };
    return showClarify(b, ids);
  }
  if (reader.startsWithGreeting(t.folded)) {
    b.route = route('menu');
    return showWelcome(b);
  }
  const best = u.best ? { id: u.best.label.replace(/^faq:/, ''), score: u.best.score } : null;
  b.route = route('fallback', null, u.best?.score ?? null);
  b.effect({ type: 'recordMissed', text: scrubPersonalData(t.text), best });
  showFallback(b);
}
