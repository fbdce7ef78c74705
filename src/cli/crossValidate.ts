import type { Analyser } from '../knowledge/createAnalyser.js';
import { createRouter, defaultRouterTuning, type LabelledText, type RouterTuning } from '../knowledge/classifier/createRouter.js';
import { isRightRoute } from './bench/scoreUnderstood.js';
import { seededRandom } from '../knowledge/classifier/seededRandom.js';

export interface CrossValidation {
  readonly folds: number;
  readonly total: number;
  readonly correct: number;
  readonly byLabel: Record<string, { total: number; correct: number }>;
}

/**
 * k-fold cross-validation of the router over its own corpus, folds stratified by route: each
 * message is classified by a model that never saw it. A miss counts as right only for out_of_scope;
 * a clarification counts when it offers the right topic.
 */
export function crossValidate(corpus: readonly LabelledText[], analyse: Analyser, folds = 5, tuning: RouterTuning = defaultRouterTuning): CrossValidation {
  const random = seededRandom(11);
  const byLabel: CrossValidation['byLabel'] = {};
  const foldOf = new Map<LabelledText, number>();
  const groups = new Map<string, LabelledText[]>();
  for (const c of corpus) (groups.get(c.label) ?? groups.set(c.label, []).get(c.label)!).push(c);
  for (const items of groups.values()) {
    const shuffled = items.map((c) => ({ c, r: random() })).sort((a, b) => a.r - b.r);
    shuffled.forEach(({ c }, i) => foldOf.set(c, i % folds));
  }
  let correct = 0;
  for (let k = 0; k < folds; k++) {
    const router = createRouter(corpus.filter((c) => foldOf.get(c) !== k), analyse, tuning);
    for (const c of corpus.filter((x) => foldOf.get(x) === k)) {
      const u = router.classify(c.text);
      const ok = isRightRoute(u, c.label);
      const b = (byLabel[c.label] ??= { total: 0, correct: 0 });
      b.total++;
      if (ok) (b.correct++, correct++);
    }
  }
  return { folds, total: corpus.length, correct, byLabel };
}
