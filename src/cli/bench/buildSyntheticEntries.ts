import type { FaqEntry } from '../../core/model.js';
import { createRandom } from './createRandom.js';
import { perturbQuestion, type PerturbTools } from './perturbQuestion.js';

/**
 * A knowledge base of `questions` example questions, grown from the real entries: each synthetic
 * entry is a real one whose every example is perturbed, so the index holds as many topics,
 * words and typos as a knowledge base that size would, not copies that deduplicate away.
 */
export function buildSyntheticEntries(real: readonly FaqEntry[], questions: number, tools: PerturbTools, seed = 7): FaqEntry[] {
  const rnd = createRandom(seed);
  const out: FaqEntry[] = [];
  let total = 0;
  for (let k = 0; total < questions; k++) {
    const base = real[k % real.length]!;
    const round = Math.floor(k / real.length);
    const left = questions - total;
    const zh = base.examples.zh.map((q) => perturbQuestion(q, rnd, tools)).slice(0, left);
    const en = base.examples.en.map((q) => perturbQuestion(q, rnd, tools)).slice(0, Math.max(0, left - zh.length));
    total += zh.length + en.length;
    out.push({ ...base, id: `${base.id}-s${round}`, related: [], examples: { zh, en } });
  }
  return out;
}
