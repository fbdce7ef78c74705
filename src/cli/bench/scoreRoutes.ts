import type { Bundle } from '../../loadContent.js';
import { evaluateRoutes, type LabelledMessage } from '../evaluateRoutes.js';

/** A labelled check file scored through the whole first-message pipeline (`route --eval`'s rules). */
export interface RouteScore {
  readonly total: number;
  readonly correct: number;
  readonly clarified: number;
  /** Messages labelled fallback that got an FAQ answer. */
  readonly out_of_scope_answered: { count: number; of: number };
  readonly by_kind: Record<string, { total: number; correct: number }>;
  readonly emergencies: { total: number; caught: number; false: number };
}

export function scoreRoutes(bundle: Bundle, items: readonly LabelledMessage[]): RouteScore {
  const e = evaluateRoutes(bundle, items);
  const of = items.filter((i) => (i.expect[0] ?? 'fallback') === 'fallback').length;
  return { total: e.total, correct: e.correct, clarified: e.clarified, out_of_scope_answered: { count: e.fallbackAnswered, of }, by_kind: e.byRoute, emergencies: e.emergencies };
}
