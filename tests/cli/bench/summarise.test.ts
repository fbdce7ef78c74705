import { describe, expect, it } from 'vitest';
import { percentile, summarise } from '../../../src/cli/bench/summarise.js';

describe('summarise', () => {
  it('gives nearest-rank p50 and p99 whatever the input order', () => {
    const s = summarise([...Array.from({ length: 100 }, (_, i) => i + 1)].reverse());
    expect(s).toMatchObject({ n: 100, p50: 50, p99: 99, max: 100, mean: 50.5 });
  });

  it('returns NaN for no samples instead of throwing', () => {
    expect(percentile([], 0.5)).toBeNaN();
    expect(summarise([]).n).toBe(0);
  });
});
