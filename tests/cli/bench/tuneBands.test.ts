import { describe, expect, it } from 'vitest';
import type { RankedHit } from '../../../src/cli/bench/bandRanked.js';
import { thresholdGrid, tuneBands, tuningScore } from '../../../src/cli/bench/tuneBands.js';
import type { RouteLabel } from '../../../src/core/reader.js';

const item = (label: RouteLabel, ...hits: [RouteLabel, number][]) => ({ label, hits: hits.map(([l, score]): RankedHit => ({ label: l, score })) });

describe('tuneBands', () => {
  it('raises the answer threshold until weak off-topic matches fall back', () => {
    const items = [
      item('faq:cost', ['faq:cost', 9]),
      item('faq:risks', ['faq:risks', 8]),
      item('out_of_scope', ['faq:cost', 2]),
      item('out_of_scope', ['faq:risks', 3]),
    ];
    const t = tuneBands(items);
    expect(t.bands.answerAt).toBeGreaterThan(3);
    expect(t.bands.answerAt).toBeLessThanOrEqual(8);
    expect(t).toMatchObject({ correct: 4, total: 4 });
  });

  it('does not buy accuracy with clarifications: one that offers the right topic earns half', () => {
    const items = [item('faq:cost', ['faq:risks', 10], ['faq:cost', 9])];
    expect(tuningScore(items, { answerAt: 0, clarifyMargin: 0.2 })).toMatchObject({ earned: 0.5, correct: 1, clarified: 1 });
    expect(tuningScore(items, { answerAt: 0, clarifyMargin: 0 })).toMatchObject({ earned: 0, correct: 0 });
  });

  it('tries 0 and the quantiles of the best similarities, each once', () => {
    const g = thresholdGrid([1, 1, 1, 2, 3]);
    expect(g[0]).toBe(0);
    expect(new Set(g).size).toBe(g.length);
    expect(g.every((x) => [0, 1, 2, 3].includes(x))).toBe(true);
  });
});
