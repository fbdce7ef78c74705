import type { Bundle } from '../../loadContent.js';
import { cpuPerCall, measureCpu } from './measureCpu.js';
import { round, summarise } from './summarise.js';

export interface RedFlagFigures {
  /** Median over 5 runs of CPU per scan, on the check files' texts. Target ≤ 10 µs. */
  readonly cpu_us_per_message: number;
  readonly cpu_runs_us: readonly number[];
  /** CPU of single scans, for the tail; resolution about 1 µs. */
  readonly cpu_p50_us: number;
  readonly cpu_p99_us: number;
  readonly messages: number;
  readonly mean_chars: number;
  /** On the emergency check files: emergencies caught and false alarms. */
  readonly checks: Record<string, { emergencies: number; caught: number; look_alikes: number; false_alarms: number }>;
}

/** `reader.redFlag` as the engine calls it on every message. */
export function benchRedFlags(bundle: Bundle, texts: readonly string[], emergencyChecks: Record<string, readonly { text: string; emergency: boolean }[]>): RedFlagFigures {
  const scan = (t: string) => bundle.reader.redFlag(t);
  const cpu = measureCpu(scan, texts, 5, 300);
  const single = summarise(cpuPerCall(scan, texts, 5));
  const checks = Object.fromEntries(
    Object.entries(emergencyChecks).map(([name, items]) => {
      const flagged = items.map((i) => ({ ...i, flag: scan(i.text) !== null }));
      return [name, { emergencies: flagged.filter((i) => i.emergency).length, caught: flagged.filter((i) => i.emergency && i.flag).length, look_alikes: flagged.filter((i) => !i.emergency).length, false_alarms: flagged.filter((i) => !i.emergency && i.flag).length }];
    }),
  );
  return {
    cpu_us_per_message: round(cpu.us_per_call, 2),
    cpu_runs_us: cpu.runs_us,
    cpu_p50_us: single.p50,
    cpu_p99_us: single.p99,
    messages: texts.length,
    mean_chars: round(texts.reduce((s, t) => s + t.length, 0) / Math.max(1, texts.length), 1),
    checks,
  };
}
