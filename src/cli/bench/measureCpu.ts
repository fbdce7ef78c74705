import { summarise } from './summarise.js';

/** CPU time per call in µs, from `process.cpuUsage` (user + system), which waiting for a core does not inflate. */
export interface CpuFigures {
  /** Median over the runs of (CPU of the run / calls in the run). */
  readonly us_per_call: number;
  readonly runs_us: readonly number[];
  readonly calls_per_run: number;
}

const cpuNow = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

/**
 * Runs `fn` over `inputs` until a run has used at least `minCpuMs` of CPU, `runs` times after one
 * untimed warm-up pass, and reports the median per-call cost. A loaded machine slows the wall
 * clock far more than this figure.
 */
export function measureCpu(fn: (input: string) => unknown, inputs: readonly string[], runs = 5, minCpuMs = 200): CpuFigures {
  for (const x of inputs) fn(x);
  let passes = 1;
  const t0 = cpuNow();
  for (const x of inputs) fn(x);
  const once = Math.max(1, cpuNow() - t0);
  passes = Math.max(1, Math.ceil((minCpuMs * 1000) / once));
  const perCall: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = cpuNow();
    for (let p = 0; p < passes; p++) for (const x of inputs) fn(x);
    perCall.push((cpuNow() - c0) / (passes * inputs.length));
  }
  return { us_per_call: summarise(perCall).p50, runs_us: perCall.map((x) => Math.round(x * 100) / 100), calls_per_run: passes * inputs.length };
}

/** CPU µs of each single call (one cpuUsage pair around it), for percentiles; resolution is about 1 µs. */
export function cpuPerCall(fn: (input: string) => unknown, inputs: readonly string[], reps = 1): number[] {
  for (const x of inputs) fn(x);
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    for (const x of inputs) {
      const c0 = cpuNow();
      fn(x);
      out.push(cpuNow() - c0);
    }
  }
  return out;
}

/** CPU and wall time of one call that is too slow to repeat (a router's training). */
export function measureOnce<T>(fn: () => T): { value: T; cpu_ms: number; wall_ms: number } {
  const c0 = cpuNow();
  const t0 = performance.now();
  const value = fn();
  return { value, cpu_ms: Math.round((cpuNow() - c0) / 100) / 10, wall_ms: Math.round((performance.now() - t0) * 10) / 10 };
}
