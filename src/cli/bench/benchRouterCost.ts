import type { FaqEntry } from '../../core/model.js';
import { createRouter, type LabelledText } from '../../knowledge/classifier/createRouter.js';
import type { Bundle } from '../../loadContent.js';
import { buildSyntheticCorpus } from './buildSyntheticCorpus.js';
import { heapUsedMb } from './measureHeap.js';
import { cpuPerCall, measureCpu, measureOnce } from './measureCpu.js';
import type { PerturbTools } from './perturbQuestion.js';
import { round, summarise } from './summarise.js';
import { timeQueries } from './timeQueries.js';

/** The router's costs at one corpus size. */
export interface RouterSizeFigures {
  readonly messages: number;
  /** createRouter: analysing every message, then training (CPU and wall, ms). */
  readonly train_cpu_ms: number;
  readonly train_wall_ms: number;
  readonly classify_cpu_us_per_message: number;
  readonly classify_cpu_p99_us: number;
  readonly classify_p50_us: number;
  readonly classify_p99_us: number;
  readonly heap_mb: number;
}

export interface RouterCostFigures {
  readonly shipped: RouterSizeFigures & { train_cpu_runs_ms: readonly number[] };
  /** Shipped corpus plus synthetic questions, so that many messages in all. */
  readonly q10000: RouterSizeFigures | null;
  readonly q100000: RouterSizeFigures | null;
  /** 100k figure over 10k figure (10× the messages). */
  readonly growth_10k_to_100k: { train_cpu: number; classify_cpu: number; classify_p99: number } | null;
}

function size(corpus: readonly LabelledText[], bundle: Bundle, queries: readonly string[], reps: number): RouterSizeFigures & { train_cpu_runs_ms: number[] } {
  const h0 = heapUsedMb();
  const built = measureOnce(() => createRouter(corpus, bundle.analyse));
  const heap = heapUsedMb() - h0;
  const classify = (t: string) => built.value.classify(t);
  const cpu = measureCpu(classify, queries, 3, 300);
  const perCall = summarise(cpuPerCall(classify, queries, reps));
  const wall = timeQueries(classify, queries, reps);
  return {
    messages: corpus.length,
    train_cpu_ms: built.cpu_ms,
    train_wall_ms: built.wall_ms,
    train_cpu_runs_ms: [built.cpu_ms],
    classify_cpu_us_per_message: round(cpu.us_per_call, 1),
    classify_cpu_p99_us: round(perCall.p99, 1),
    classify_p50_us: round(wall.p50, 1),
    classify_p99_us: round(wall.p99, 1),
    heap_mb: round(heap, 1),
  };
}

export interface RouterCostRun {
  readonly bundle: Bundle;
  readonly real: readonly FaqEntry[];
  readonly tools: PerturbTools;
  /** Typical messages: the check files' texts. */
  readonly queries: readonly string[];
  readonly sizes: readonly number[];
  readonly log: (line: string) => void;
}

/** Training CPU at load (median of 3) and classify cost, for the shipped corpus and grown ones. */
export function benchRouterCost(run: RouterCostRun): RouterCostFigures {
  run.log(`router cost: shipped corpus (${run.bundle.corpus.length} messages), trained 3 times`);
  const runs = [0, 1, 2].map(() => size(run.bundle.corpus, run.bundle, run.queries, 5));
  const mid = [...runs].sort((a, b) => a.train_cpu_ms - b.train_cpu_ms)[1]!;
  const shipped = { ...mid, train_cpu_runs_ms: runs.map((r) => r.train_cpu_ms) };
  const grown = new Map<number, RouterSizeFigures>();
  for (const n of run.sizes) {
    run.log(`router cost: ${n.toLocaleString('en')} messages (shipped + synthetic)`);
    const corpus = [...run.bundle.corpus, ...buildSyntheticCorpus(run.real, Math.max(0, n - run.bundle.corpus.length), run.tools)];
    const { train_cpu_runs_ms: _, ...figures } = size(corpus, run.bundle, run.queries, 2);
    grown.set(n, figures);
  }
  const a = grown.get(10_000) ?? null;
  const b = grown.get(100_000) ?? null;
  return {
    shipped,
    q10000: a,
    q100000: b,
    growth_10k_to_100k: a && b ? { train_cpu: round(b.train_cpu_ms / a.train_cpu_ms, 1), classify_cpu: round(b.classify_cpu_us_per_message / a.classify_cpu_us_per_message, 2), classify_p99: round(b.classify_p99_us / a.classify_p99_us, 2) } : null,
  };
}
