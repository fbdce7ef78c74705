import { describe, expect, it } from 'vitest';
import { bandRanked, type RankedHit } from '../../../src/cli/bench/bandRanked.js';

const hit = (label: RankedHit['label'], score: number): RankedHit => ({ label, score });
const bands = { answerAt: 5, clarifyMargin: 0.2 };

describe('bandRanked', () => {
  it('answers with the route of the closest training message', () => {
    const u = bandRanked([hit('faq:cost', 9), hit('faq:cost', 8), hit('faq:risks', 4)], bands);
    expect(u).toMatchObject({ kind: 'hit', best: { label: 'faq:cost', score: 9 } });
    expect(u.candidates.map((c) => c.label)).toEqual(['faq:cost', 'faq:risks']);
  });

  it('falls back below the answer threshold, and when out_of_scope is closest', () => {
    expect(bandRanked([hit('faq:cost', 4.9)], bands).kind).toBe('miss');
    expect(bandRanked([hit('out_of_scope', 12), hit('faq:cost', 11)], bands).kind).toBe('miss');
    expect(bandRanked([], bands)).toMatchObject({ kind: 'miss', best: null });
  });

  it('asks which of two topics when both are close, but not between a topic and another route', () => {
    expect(bandRanked([hit('faq:cost', 10), hit('faq:risks', 8.5)], bands).kind).toBe('ambiguous');
    expect(bandRanked([hit('faq:cost', 10), hit('faq:risks', 7)], bands).kind).toBe('hit');
    expect(bandRanked([hit('faq:cost', 10), hit('menu', 9.9)], bands).kind).toBe('hit');
  });
});
