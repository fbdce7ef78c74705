import type { FaqEntry } from './model.js';
import type { HandoffReason } from './session.js';
import type { Choice } from './reply.js';
import type { TurnBuilder } from './turnBuilder.js';

/** Replies that several routes share. Each ends the turn with its choices. */

export const humanChoice = (b: TurnBuilder, reason: HandoffReason): Choice => ({ id: `human:${reason}`, label: b.t('labelHuman') });

export function showMenu(b: TurnBuilder, lead?: string): void {
  b.ask([lead, b.t('menuPrompt')].filter(Boolean).join('\n\n'), [
    { id: 'faqs', label: b.t('labelFaq') },
    { id: 'check', label: b.t('labelCheck') },
    humanChoice(b, 'asked'),
  ]);
}

/** The first thing a user sees: who we are, the one-line "not a diagnosis" notice, the menu. */
export function showWelcome(b: TurnBuilder): void {
  showMenu(b, `${b.t('welcome')}\n${b.t('disclaimer')}`);
}

export function showFaqList(b: TurnBuilder): void {
  const choices = b.content.faqList.flatMap((id) => {
    const e = b.content.faq.get(id);
    return e ? [{ id: `faq:${id}`, label: e.title[b.lang] }] : [];
  });
  b.ask(b.t('faqListPrompt'), choices);
}

/**
 * A topic answer: the answer, the "a doctor decides" line for medical topics, then what the
 * topic offers (checklist or consultant) and up to two related topics as choices.
 */
export function showAnswer(b: TurnBuilder, entry: FaqEntry, opts: { brief?: boolean } = {}): void {
  const parts = [entry.answer[b.lang]];
  if (entry.medical) parts.push(b.t('disclaimer'));
  if (opts.brief) {
    b.say(...parts);
    return;
  }
  const choices: Choice[] = [];
  if (entry.offer === 'checklist') {
    parts.push(b.t('offerChecklist'));
    choices.push({ id: 'check', label: b.t('labelStartCheck') });
  } else if (entry.offer === 'handoff') {
    parts.push(b.t('offerHandoff'));
    choices.push(humanChoice(b, 'asked'));
  }
  const related = entry.related.flatMap((id) => {
    const r = b.content.faq.get(id);
    return r ? [{ id: `faq:${id}`, label: r.title[b.lang] }] : [];
  });
  const relatedShown = related.slice(0, 2);
  // With an offer, its sentence already leads into the choices; a "related" header would mislabel it.
  if (relatedShown.length && choices.length === 0) parts.push(b.t('related'));
  b.ask(parts.join('\n\n'), [...choices, ...relatedShown]);
}

export function showClarify(b: TurnBuilder, ids: readonly string[]): void {
  const choices = ids.flatMap((id) => {
    const e = b.content.faq.get(id);
    return e ? [{ id: `faq:${id}`, label: e.title[b.lang] }] : [];
  });
  b.ask(b.t('clarify'), [...choices, humanChoice(b, 'fallback')]);
}

export function showFallback(b: TurnBuilder): void {
  b.ask(b.t('fallback'), [{ id: 'menu', label: b.t('labelMenu') }, humanChoice(b, 'fallback')]);
}
