import { describe, expect, it } from 'vitest';
import { findUnsupportedClaims } from '../../src/knowledge/findUnsupportedClaims.js';

const words = (text: string) => findUnsupportedClaims(text).map((c) => c.word.toLowerCase());

describe('claims guard', () => {
  it.each([
    ['干细胞可以治愈糖尿病。', '治愈'],
    ['我们的成功率高达九成。', '成功率'],
    ['本疗法已获得国家批准。', '批准'],
    ['回输后保证见效。', '保证'],
    ['能根治类风湿。', '根治'],
    ['干细胞没有副作用，能治愈糖尿病。', '治愈'],
    ['不仅安全，还能根治。', '根治'],
    ['Stem cells cure diabetes.', 'cure'],
    ['The therapy is approved and safe.', 'approved'],
    ['Results are guaranteed.', 'guaranteed'],
    ['It has a 90% success rate.', 'success rate'],
  ])('fails an efficacy or approval word stated as fact: %s', (text, word) => {
    expect(words(text)).toEqual([word]);
  });

  it.each([
    '我们不能保证任何治疗结果。',
    '两篇文章都没有给出任何成功率、有效率或病例数据。',
    '这两篇文章没有提到任何资质、审批或许可，这类问题请咨询顾问。',
    '文章称，干细胞回输能够恢复血液系统功能，这并不保证每个人都有效。',
    '根据文章介绍，有人把它称为根治的方法。',
    'We cannot promise any outcome.',
    'The articles say nothing about approvals or licences.',
    'There is no guarantee of any result.',
    'According to the article, infusion can cure some conditions.',
    'The article says this shows promise; it is its claim, not a guarantee.',
  ])('passes a negated or attributed one: %s', (text) => {
    expect(findUnsupportedClaims(text)).toEqual([]);
  });

  it('judges each sentence on its own: a negation in one does not cover the next', () => {
    expect(findUnsupportedClaims('文章没有给出价格。干细胞能治愈糖尿病。')).toEqual([{ word: '治愈', sentence: '干细胞能治愈糖尿病' }]);
  });

  it('passes text without claim words', () => {
    expect(findUnsupportedClaims('间充质干细胞是一类成体干细胞。')).toEqual([]);
  });
});
