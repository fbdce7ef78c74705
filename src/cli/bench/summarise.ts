/** Latency figures of one series, in the unit of the samples. */
export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** Nearest-rank percentile: the value at or below which `q` of the samples fall. */
export function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((s, x) => s + x, 0);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean: sorted.length ? total / sorted.length : Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

/** Rounds for the report: figures are read by people, three significant places are enough. */
export const round = (x: number, places = 3): number => (Number.isFinite(x) ? Number(x.toFixed(places)) : x);
