import { summarise, type Summary } from './summarise.js';

/**
 * Per-query latency in µs: one untimed pass to warm the JIT and caches, then `reps` timed
 * passes over the same queries.
 */
export function timeQueries(match: (text: string) => unknown, queries: readonly string[], reps = 1): Summary {
  for (const q of queries) match(q);
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    for (const q of queries) {
      const t0 = performance.now();
      match(q);
      samples.push((performance.now() - t0) * 1000);
    }
  }
  return summarise(samples);
}
