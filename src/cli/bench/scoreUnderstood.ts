import type { RouteLabel, Understood } from '../../core/reader.js';

/** Accuracy of a router on messages labelled with its own routes, by route kind. */
export interface RouterAccuracy {
  readonly total: number;
  readonly correct: number;
  /** Answers that were a clarification ("您是想问 A 还是 B"). */
  readonly clarified: number;
  /** out_of_scope messages that were acted on as a route anyway. */
  readonly out_of_scope_answered: { count: number; of: number };
  /** By route kind: `faq` (every topic), flow, handoff, menu, smalltalk, out_of_scope. */
  readonly by_kind: Record<string, { total: number; correct: number }>;
}

/**
 * The rule `route --cv` uses: a miss is right only for out_of_scope, a hit when it names the
 * label, a clarification when one of the two topics it offers is the label.
 */
export function isRightRoute(u: Understood, label: RouteLabel): boolean {
  if (u.kind === 'miss') return label === 'out_of_scope';
  if (u.kind === 'hit') return u.best.label === label;
  return u.candidates.slice(0, 2).some((c) => c.label === label);
}

export const kindOf = (label: string): string => label.split(':')[0] ?? label;

export function scoreUnderstood(items: readonly { label: RouteLabel; got: Understood }[]): RouterAccuracy {
  const by_kind: RouterAccuracy['by_kind'] = {};
  let correct = 0;
  let clarified = 0;
  const oos = { count: 0, of: 0 };
  for (const { label, got } of items) {
    const ok = isRightRoute(got, label);
    const b = (by_kind[kindOf(label)] ??= { total: 0, correct: 0 });
    b.total++;
    if (ok) (b.correct++, correct++);
    if (got.kind === 'ambiguous') clarified++;
    if (label === 'out_of_scope') {
      oos.of++;
      if (got.kind !== 'miss') oos.count++;
    }
  }
  return { total: items.length, correct, clarified, out_of_scope_answered: oos, by_kind };
}
