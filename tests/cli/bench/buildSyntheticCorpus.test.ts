import { describe, expect, it } from 'vitest';
import { buildSyntheticCorpus } from '../../../src/cli/bench/buildSyntheticCorpus.js';
import type { FaqEntry } from '../../../src/core/model.js';

const entry = (id: string, zh: string[], en: string[]) => ({ id, examples: { zh, en }, related: [] }) as unknown as FaqEntry;

describe('buildSyntheticCorpus', () => {
  it('labels every grown question with the route of the topic it came from, no new routes', () => {
    const real = [entry('cost', ['干细胞多少钱', '贵不贵'], ['how much']), entry('risks', ['有什么风险'], ['is it safe'])];
    const corpus = buildSyntheticCorpus(real, 50, { groups: [['多少钱', '什么价']], typoChars: ['钱', '险'] });
    expect(corpus).toHaveLength(50);
    expect(new Set(corpus.map((c) => c.label))).toEqual(new Set(['faq:cost', 'faq:risks']));
  });
});
