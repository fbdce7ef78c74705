import { describe, expect, it } from 'vitest';
import type { FaqEntry } from '../../src/core/model.js';
import { checkClaims } from '../../src/knowledge/checkClaims.js';
import { faqEntrySchema } from '../../src/knowledge/knowledgeSchema.js';
import { shippedBundle } from '../support/bundle.js';

const entry = (zh: string, en = 'Plain text.'): FaqEntry => ({
  id: 'sleep', title: { zh: '睡眠', en: 'Sleep' }, answer: { zh, en }, medical: true, offer: 'none', related: [], examples: { zh: ['a', 'b', 'c'], en: ['a'] }, keywords: ['睡眠'],
});

describe('the shipped knowledge base', () => {
  it('passes the claims guard in every answer and checklist text', () => {
    const { content } = shippedBundle();
    expect(checkClaims(content.faq.values(), content.flow)).toEqual([]);
  });

  it('names the file, entry and field of an unsupported claim', () => {
    const { content } = shippedBundle();
    const problems = checkClaims([entry('干细胞可以治愈失眠。文章没有给出任何有效率。')], content.flow);
    expect(problems).toEqual([{ file: 'knowledge/faq/sleep.yaml', entry: 'sleep', field: 'answer.zh', message: expect.stringContaining('"治愈"') }]);
  });
});

describe('answer source', () => {
  const base = { id: 'sleep', title: { zh: '睡眠', en: 'Sleep' }, medical: true, answer: { zh: '文字', en: 'Text' }, examples: { zh: ['a', 'b', 'c'], en: ['a'] }, keywords: ['睡眠'] };

  it('accepts a section that exists in the seed', () => {
    expect(faqEntrySchema.safeParse({ ...base, source: 'seed 001 §三.2, §四' }).success).toBe(true);
  });

  it('rejects an unknown seed or section, at the source field', () => {
    const r = faqEntrySchema.safeParse({ ...base, source: 'seed 000 §六; seed 003 §一' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['source', 'seed 000 has no section §六'], ['source', 'seed 003 does not exist (known: 000, 001)']]);
  });
});
