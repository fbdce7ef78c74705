import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/cli/bench/createRandom.js';
import { perturbQuestion } from '../../../src/cli/bench/perturbQuestion.js';
import { buildSyntheticEntries } from '../../../src/cli/bench/buildSyntheticEntries.js';
import type { FaqEntry } from '../../../src/core/model.js';

const tools = { groups: [['孕妇', '怀孕', '有身孕'], ['干细胞', '干细包', 'stem cell']], typoChars: ['胞', '孕', '做'] };
const entry = (id: string, zh: string[], en: string[] = []): FaqEntry => ({
  id,
  title: { zh: id, en: id },
  answer: { zh: '答', en: 'a' },
  medical: false,
  offer: 'none',
  related: [],
  examples: { zh, en },
  keywords: [id],
});

describe('perturbQuestion', () => {
  it('never returns the question unchanged', () => {
    const rnd = createRandom(1);
    for (const q of ['怀孕了还能做干细胞吗', 'Can I have stem cell therapy while pregnant?', '吗']) {
      for (let i = 0; i < 50; i++) expect(perturbQuestion(q, rnd, tools)).not.toBe(q);
    }
  });

  it('gives the same questions for the same seed', () => {
    const run = (seed: number) => Array.from({ length: 5 }, ((rnd) => () => perturbQuestion('孕妇能打干细胞吗', rnd, tools))(createRandom(seed)));
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});

describe('buildSyntheticEntries', () => {
  const real = [entry('pregnancy', ['怀孕了还能做干细胞吗', '孕妇适合打干细胞吗'], ['Is it safe while pregnant?']), entry('tumor', ['肿瘤病人能做干细胞吗'])];

  it('holds exactly the number of questions asked for, none a copy of a real one', () => {
    const synthetic = buildSyntheticEntries(real, 101, tools);
    const questions = synthetic.flatMap((e) => [...e.examples.zh, ...e.examples.en]);
    expect(questions).toHaveLength(101);
    const originals = new Set(real.flatMap((e) => [...e.examples.zh, ...e.examples.en]));
    expect(questions.filter((q) => originals.has(q))).toEqual([]);
  });

  it('gives every synthetic entry its own id, grown from a real entry', () => {
    const ids = buildSyntheticEntries(real, 30, tools).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^(pregnancy|tumor)-s\d+$/.test(id))).toBe(true);
  });
});
