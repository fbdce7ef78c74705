import { describe, expect, it } from 'vitest';
import { createBm25Ranker } from '../../../src/cli/bench/createBm25Ranker.js';
import { createFuseRanker } from '../../../src/cli/bench/createFuseRanker.js';
import type { LabelledText } from '../../../src/knowledge/classifier/createRouter.js';

// Tokens are given by the test: the baselines see exactly the words the analyser returns.
const tokensOf = (text: string) => text.split(' ').filter(Boolean);
const records: LabelledText[] = [
  { label: 'faq:cost', text: '干细胞 多少 钱' },
  { label: 'faq:cost', text: '价格 贵 不 贵' },
  { label: 'faq:pregnancy', text: '怀孕 能 做 干细胞' },
  { label: 'out_of_scope', text: '天气 怎么样' },
];

describe.each([
  ['BM25', createBm25Ranker],
  ['fuse.js', createFuseRanker],
])('%s baseline ranker', (_, create) => {
  const rank = create(records, tokensOf);

  it('ranks the training message that shares the most words first, with its route', () => {
    expect(rank(['怀孕', '干细胞'])[0]?.label).toBe('faq:pregnancy');
    expect(rank(['多少', '钱'])[0]?.label).toBe('faq:cost');
  });

  it('finds nothing for no tokens or unknown words', () => {
    expect(rank([])).toEqual([]);
    expect(rank(['zzzz']).filter((h) => h.label !== 'out_of_scope').every((h) => h.score < 0.5)).toBe(true);
  });
});
