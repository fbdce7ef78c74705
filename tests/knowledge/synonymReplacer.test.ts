import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/knowledge/foldText.js';
import { createSynonymReplacer } from '../../src/knowledge/synonymReplacer.js';

const replace = createSynonymReplacer({ 孕妇: ['怀孕', '怀运', 'pregnant'], 肿瘤: ['癌症', '癌'], 白血病: ['血癌'], 费用: ["what's the price"] }, foldText);

describe('synonym replacer', () => {
  it('maps colloquial words and typos to the canonical word', () => {
    expect(replace('怀运能做吗').text).toBe('孕妇 能做吗');
  });
  it('prefers the longest match, so a short variant never fires inside a longer one', () => {
    expect(replace('血癌').text).toBe('白血病');
    expect(replace('得了癌症').text).toBe('得了 肿瘤');
  });
  it('matches English variants as whole words only', () => {
    expect(replace('pregnant women').text).toBe('孕妇 women');
    expect(replace('nonpregnant').text).toBe('nonpregnant');
  });
  it('folds variants like messages, so punctuation in a variant still matches', () => {
    expect(replace(foldText("What's the price?")).text).toBe('费用');
  });
  it('reports what it replaced', () => {
    expect(replace('怀孕').hits).toEqual([{ from: '怀孕', to: '孕妇' }]);
  });
});
