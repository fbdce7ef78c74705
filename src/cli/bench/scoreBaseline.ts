import type { LabelledMessage } from '../evaluateRoutes.js';

/** The accuracy figures we compare, for our router and for the baseline alike. */
export interface Accuracy {
  readonly overall: { correct: number; total: number };
  /** Messages labelled with an FAQ topic, answered with it (or, for ours, offered it in a clarification). */
  readonly in_scope: { correct: number; total: number };
  /** Messages labelled fallback (out of scope) that got an FAQ answer anyway. */
  readonly false_accepts: { count: number; of: number };
  readonly emergencies: { caught: number; total: number };
}

/**
 * Scores the baseline, which knows only FAQ answers: its label is `faq:<top hit>` or
 * `fallback`, so menus, handoffs, the checklist and emergencies are out of its reach, as they
 * are for a developer who starts with fuse alone.
 */
export function scoreBaseline(items: readonly LabelledMessage[], match: (text: string) => string | null): Accuracy {
  const acc = { overall: { correct: 0, total: 0 }, in_scope: { correct: 0, total: 0 }, false_accepts: { count: 0, of: 0 }, emergencies: { caught: 0, total: 0 } };
  for (const item of items) {
    const hit = match(item.text);
    const label = hit ? `faq:${hit}` : 'fallback';
    const ok = item.expect.includes(label);
    acc.overall.total++;
    if (ok) acc.overall.correct++;
    if (item.expect[0]?.startsWith('faq:')) {
      acc.in_scope.total++;
      if (ok) acc.in_scope.correct++;
    }
    if (item.expect[0] === 'fallback') {
      acc.false_accepts.of++;
      if (hit) acc.false_accepts.count++;
    }
    if (item.expect.includes('emergency')) acc.emergencies.total++;
  }
  return acc;
}
