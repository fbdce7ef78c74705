import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Reader } from '../core/reader.js';

const line = z.object({
  text: z.string(),
  expect: z.union([z.enum(['emergency', 'not_emergency']), z.array(z.string()).min(1)]),
  family: z.string().optional(),
});

export interface RedFlagCase {
  readonly text: string;
  readonly emergency: boolean;
  readonly family: string;
}

/** Reads the emergency corpus (`expect: emergency | not_emergency`) or a route file (`expect: [...]`). */
export function readRedFlagCases(file: string): RedFlagCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = line.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues[0]?.message}`);
      const emergency = Array.isArray(r.data.expect) ? r.data.expect.includes('emergency') : r.data.expect === 'emergency';
      return { text: r.data.text, emergency, family: emergency ? (r.data.family ?? 'emergency') : 'none' };
    });
}

export interface RedFlagEvaluation {
  /** Caught / total emergencies, by the family the line is labelled with. */
  readonly recall: Record<string, { caught: number; total: number }>;
  readonly falseAlarms: number;
  readonly lookAlikes: number;
  readonly misses: readonly RedFlagCase[];
  readonly alarms: readonly RedFlagCase[];
}

export function evaluateRedFlags(reader: Reader, cases: readonly RedFlagCase[]): RedFlagEvaluation {
  const recall: RedFlagEvaluation['recall'] = {};
  const misses: RedFlagCase[] = [];
  const alarms: RedFlagCase[] = [];
  for (const c of cases) {
    const flagged = reader.redFlag(c.text) !== null;
    if (c.emergency) {
      const r = (recall[c.family] ??= { caught: 0, total: 0 });
      r.total++;
      if (flagged) r.caught++;
      else misses.push(c);
    } else if (flagged) alarms.push(c);
  }
  return { recall, falseAlarms: alarms.length, lookAlikes: cases.filter((c) => !c.emergency).length, misses, alarms };
}
