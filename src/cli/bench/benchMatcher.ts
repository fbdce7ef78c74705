import type { FaqEntry } from '../../core/model.js';
import type { Analyser } from '../../knowledge/createAnalyser.js';
import { createFaqMatcher } from '../../knowledge/createFaqMatcher.js';
import { createBaselineMatcher } from './createBaselineMatcher.js';
import { measureBuild } from './measureHeap.js';
import { round } from './summarise.js';
import { timeQueries } from './timeQueries.js';

export interface SideFigures {
  readonly p50_us: number;
  readonly p99_us: number;
  readonly mean_us: number;
  readonly build_ms: number;
  readonly heap_mb: number;
  readonly queries: number;
}

export interface MatcherFigures {
  readonly questions: number;
  readonly entries: number;
  readonly ours: SideFigures;
  readonly baseline: SideFigures;
  /** Baseline time over ours on the same queries (mean, then p50 and p99). */
  readonly speedup: { mean: number; p50: number; p99: number };
}

export interface MatcherRun {
  readonly entries: readonly FaqEntry[];
  readonly analyse: Analyser;
  readonly queries: readonly string[];
  /** Timed passes for our matcher; the baseline gets one, as it is two orders slower. */
  readonly reps: number;
  /** The baseline runs only these many of the queries (evenly spread), to keep the bench short. */
  readonly baselineQueries: number;
}

const spread = (items: readonly string[], n: number) => (n >= items.length ? [...items] : Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!));

/** Our matcher and the plain fuse.js baseline, built from the same entries and timed on the same queries. */
export function benchMatcher(run: MatcherRun): MatcherFigures {
  const ours = measureBuild(() => createFaqMatcher(run.entries, run.analyse));
  const base = measureBuild(() => createBaselineMatcher(run.entries));
  const oursAll = timeQueries((q) => ours.value.match(q), run.queries, run.reps);
  const subset = spread(run.queries, run.baselineQueries);
  const oursSubset = timeQueries((q) => ours.value.match(q), subset, run.reps);
  const baseSubset = timeQueries((q) => base.value.match(q), subset, 1);
  const side = (s: typeof oursAll, b: { ms: number; heapMb: number }): SideFigures => ({
    p50_us: round(s.p50, 1),
    p99_us: round(s.p99, 1),
    mean_us: round(s.mean, 1),
    build_ms: round(b.ms, 1),
    heap_mb: round(b.heapMb, 2),
    queries: s.n,
  });
  return {
    questions: base.value.size,
    entries: run.entries.length,
    ours: side(oursAll, ours),
    baseline: side(baseSubset, base),
    speedup: { mean: round(baseSubset.mean / oursSubset.mean, 1), p50: round(baseSubset.p50 / oursSubset.p50, 1), p99: round(baseSubset.p99 / oursSubset.p99, 1) },
  };
}
