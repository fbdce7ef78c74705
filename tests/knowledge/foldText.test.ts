import { describe, expect, it } from 'vitest';
import { collapseAnotA, foldText, isTraditional, MAX_MATCH_CHARS } from '../../src/knowledge/foldText.js';
import { detectLang } from '../../src/knowledge/detectLang.js';

describe('foldText', () => {
  it('folds full-width characters, case and punctuation', () => {
    expect(foldText('ＭＳＣ是什么？！')).toBe('msc是什么');
  });
  it('turns Traditional into Simplified', () => {
    expect(foldText('幹細胞回輸')).toBe('干细胞回输');
  });
  it('collapses A-not-A questions so 不 keeps meaning "not"', () => {
    expect(collapseAnotA('能不能打')).toBe('能打');
    expect(collapseAnotA('有没有副作用')).toBe('有副作用');
    expect(collapseAnotA('适不适合')).toBe('适合');
    expect(collapseAnotA('不能做')).toBe('不能做');
  });
  it('keeps English contractions as one word', () => {
    expect(foldText("I can't breathe, it's Sjögren's")).toBe('i cant breathe its sjögrens');
  });
  it('removes control characters and null bytes', () => {
    expect(foldText('孕\u0000妇\u0007')).toBe('孕 妇');
  });
  it('reads only a bounded prefix', () => {
    expect(foldText('a'.repeat(20_000)).length).toBe(MAX_MATCH_CHARS);
  });
});

describe('language detection', () => {
  it.each([
    ['孕妇可以做吗', 'zh'],
    ['Can pregnant women get stem cells?', 'en'],
    ['请问 MSC 是什么', 'zh'],
    ['123', null],
    ['😀', null],
  ] as const)('%s → %s', (text, lang) => {
    expect(detectLang(text)).toBe(lang);
  });
  it('recognises Traditional writing', () => {
    expect(isTraditional('懷孕可以嗎')).toBe(true);
    expect(isTraditional('怀孕可以吗')).toBe(false);
  });
});
