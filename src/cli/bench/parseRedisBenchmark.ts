/**
 * Requests per second per test from `redis-benchmark -q`, whose lines look like
 * "SET: 98039.22 requests per second, p50=0.263 msec" after carriage-return progress updates.
 */
export function parseRedisBenchmark(output: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of output.split(/[\r\n]+/)) {
    const m = /^\s*([A-Z_]+)(?:\s*\([^)]*\))?:\s*([\d.]+) requests per second/.exec(line);
    if (m) out[m[1]!.toLowerCase()] = Number(m[2]);
  }
  return out;
}

/** A GET and a SET per message at best: the pair rate is the harmonic combination of the two. */
export const pairsPerSecond = (getRps: number, setRps: number): number => 1 / (1 / getRps + 1 / setRps);
