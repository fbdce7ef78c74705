import type { FaqEntry } from '../../core/model.js';
import type { LabelledText } from '../../knowledge/classifier/createRouter.js';
import { buildSyntheticEntries } from './buildSyntheticEntries.js';
import type { PerturbTools } from './perturbQuestion.js';

/**
 * `questions` perturbed example questions, each labelled with the route of the real topic it was
 * grown from. The router's routes stay the same 27; what grows is the corpus it trains on, as it
 * would when operators add messages (new topics would also grow its weights, see PERFORMANCE.md).
 */
export function buildSyntheticCorpus(real: readonly FaqEntry[], questions: number, tools: PerturbTools, seed = 7): LabelledText[] {
  return buildSyntheticEntries(real, questions, tools, seed).flatMap((e) => {
    const label = `faq:${e.id.replace(/-s\d+$/, '')}` as const;
    return [...e.examples.zh, ...e.examples.en].map((text) => ({ label, text }));
  });
}
