import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LabelledMessage } from './evaluateRoutes.js';

const labelled = z.object({ text: z.string(), expect: z.array(z.string()).min(1) });

/** A labelled JSONL file, as `route --eval` reads it. */
export function readLabelled(file: string): LabelledMessage[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = labelled.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues[0]?.message}`);
      return r.data;
    });
}
