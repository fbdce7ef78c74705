import { describe, expect, it } from 'vitest';
import type { RouteLabel, Understood } from '../../../src/core/reader.js';
import { isRightRoute, scoreUnderstood } from '../../../src/cli/bench/scoreUnderstood.js';

const hit = (label: RouteLabel): Understood => ({ kind: 'hit', best: { label, score: 0.9 }, candidates: [{ label, score: 0.9 }] });
const miss: Understood = { kind: 'miss', best: null, candidates: [] };
const ambiguous = (a: RouteLabel, b: RouteLabel): Understood => ({ kind: 'ambiguous', best: { label: a, score: 0.4 }, candidates: [{ label: a, score: 0.4 }, { label: b, score: 0.35 }] });

describe('scoreUnderstood', () => {
  it('counts a miss right only for out_of_scope, a clarification when it offers the label', () => {
    expect(isRightRoute(miss, 'out_of_scope')).toBe(true);
    expect(isRightRoute(miss, 'faq:cost')).toBe(false);
    expect(isRightRoute(ambiguous('faq:risks', 'faq:cost'), 'faq:cost')).toBe(true);
    expect(isRightRoute(hit('faq:risks'), 'faq:cost')).toBe(false);
  });

  it('reports by route kind, clarifications and out-of-scope messages that were answered', () => {
    const s = scoreUnderstood([
      { label: 'faq:cost', got: hit('faq:cost') },
      { label: 'faq:risks', got: ambiguous('faq:risks', 'faq:cost') },
      { label: 'menu', got: hit('faq:cost') },
      { label: 'out_of_scope', got: hit('faq:cost') },
      { label: 'out_of_scope', got: miss },
    ]);
    expect(s).toMatchObject({ total: 5, correct: 3, clarified: 1, out_of_scope_answered: { count: 1, of: 2 } });
    expect(s.by_kind).toEqual({ faq: { total: 2, correct: 2 }, menu: { total: 1, correct: 0 }, out_of_scope: { total: 2, correct: 1 } });
  });
});
