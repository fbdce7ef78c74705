import { describe, expect, it } from 'vitest';
import { splitStratified } from '../../../src/cli/bench/splitStratified.js';

const items = (label: string, n: number) => Array.from({ length: n }, (_, i) => ({ label, text: `${label}-${i}` }));

describe('splitStratified', () => {
  const corpus = [...items('faq:cost', 50), ...items('menu', 10), ...items('handoff', 3)];

  it('keeps each route at about the train share on both sides', () => {
    const { train, test } = splitStratified(corpus, (c) => c.label, 0.8, 1);
    expect(train.filter((c) => c.label === 'faq:cost')).toHaveLength(40);
    expect(test.filter((c) => c.label === 'menu')).toHaveLength(2);
    expect(train.length + test.length).toBe(corpus.length);
    expect(new Set([...train, ...test]).size).toBe(corpus.length);
  });

  it('leaves at least one message of a small route on each side', () => {
    const { train, test } = splitStratified([...items('a', 2), ...items('b', 30)], (c) => c.label, 0.95, 3);
    expect(train.some((c) => c.label === 'a')).toBe(true);
    expect(test.some((c) => c.label === 'a')).toBe(true);
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const names = (s: { test: { text: string }[] }) => s.test.map((c) => c.text).join();
    expect(names(splitStratified(corpus, (c) => c.label, 0.8, 5))).toBe(names(splitStratified(corpus, (c) => c.label, 0.8, 5)));
    expect(names(splitStratified(corpus, (c) => c.label, 0.8, 5))).not.toBe(names(splitStratified(corpus, (c) => c.label, 0.8, 6)));
  });
});
