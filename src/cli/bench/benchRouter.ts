import type { RouteLabel } from '../../core/reader.js';
import { createRouter, defaultRouterTuning, type LabelledText, type Router } from '../../knowledge/classifier/createRouter.js';
import type { Bundle } from '../../loadContent.js';
import type { LabelledMessage } from '../evaluateRoutes.js';
import { bandRanked, type Bands } from './bandRanked.js';
import { createBm25Ranker } from './createBm25Ranker.js';
import { createFuseRanker, type Ranker } from './createFuseRanker.js';
import { scoreRoutes, type RouteScore } from './scoreRoutes.js';
import { scoreUnderstood, type RouterAccuracy } from './scoreUnderstood.js';
import { splitStratified } from './splitStratified.js';
import { tuneBands } from './tuneBands.js';

/** One contender: accuracy on the held-out 20% (router level) and on each check file (whole pipeline). */
export interface ContenderFigures {
  readonly held_out: RouterAccuracy;
  readonly checks: Record<string, RouteScore>;
  /** The baselines' bands as tuned on the training split; ours keeps its shipped tuning. */
  readonly bands: Bands | { answerAt: number; clarifyAt: number; clarifyMargin: number };
  /** Right answers on the tuning part of the training split, for the chosen bands. */
  readonly tuned_on?: { correct: number; total: number };
}

export interface RouterAccuracyFigures {
  readonly seed: number;
  readonly train_share: number;
  readonly corpus: number;
  readonly train: number;
  readonly held_out: number;
  readonly ours: ContenderFigures;
  readonly fuse: ContenderFigures;
  readonly bm25: ContenderFigures;
}

export interface RouterAccuracyRun {
  readonly bundle: Bundle;
  /** The bundle with another router behind reader.classify (withRouter.ts). */
  readonly withRouter: (router: Router) => Bundle;
  /** Labelled check files by name; never used for training or tuning. */
  readonly checks: Record<string, readonly LabelledMessage[]>;
  readonly seed?: number;
  readonly log: (line: string) => void;
}

const SHARE = 0.8;

/**
 * Held-out accuracy: the router's corpus is split 80/20 (seeded, stratified by route). Our router
 * trains on the 80%. Each baseline indexes the 80% too, with its bands tuned on a further 75/25
 * split of that 80% and then rebuilt on the whole 80%, so no held-out message steers any of them.
 */
export function benchRouterAccuracy(run: RouterAccuracyRun): RouterAccuracyFigures {
  const seed = run.seed ?? 2024;
  const { train, test } = splitStratified(run.bundle.corpus, (c) => c.label, SHARE, seed);
  const tokensOf = (text: string) => run.bundle.analyse(text).tokens;
  const scoreChecks = (router: Router) => {
    const b = run.withRouter(router);
    return Object.fromEntries(Object.entries(run.checks).map(([name, items]) => [name, scoreRoutes(b, items)]));
  };
  const heldOut = (router: Router) => scoreUnderstood(test.map((c) => ({ label: c.label, got: router.classify(c.text) })));

  run.log(`router: ours on ${train.length} of ${run.bundle.corpus.length} messages`);
  const ours = createRouter(train, run.bundle.analyse);
  const oursFigures: ContenderFigures = { held_out: heldOut(ours), checks: scoreChecks(ours), bands: { answerAt: defaultRouterTuning.answerAt, clarifyAt: defaultRouterTuning.clarifyAt, clarifyMargin: defaultRouterTuning.clarifyMargin } };

  const baseline = (name: string, build: (records: readonly LabelledText[]) => Ranker): ContenderFigures => {
    run.log(`router: ${name} baseline, tuning its bands on the training split`);
    const inner = splitStratified(train, (c) => c.label, 0.75, seed + 1);
    const tuneRanker = build(inner.train);
    const tuned = tuneBands(inner.test.map((c) => ({ label: c.label as RouteLabel, hits: tuneRanker(tokensOf(c.text)) })));
    run.log(`router: ${name} baseline, scoring`);
    const ranker = build(train);
    const router: Router = { classify: (text) => bandRanked(ranker(tokensOf(text)), tuned.bands) };
    return { held_out: heldOut(router), checks: scoreChecks(router), bands: tuned.bands, tuned_on: { correct: tuned.correct, total: tuned.total } };
  };
  const fuse = baseline('fuse.js', (r) => createFuseRanker(r, tokensOf));
  const bm25 = baseline('BM25', (r) => createBm25Ranker(r, tokensOf));
  return { seed, train_share: SHARE, corpus: run.bundle.corpus.length, train: train.length, held_out: test.length, ours: oursFigures, fuse, bm25 };
}
