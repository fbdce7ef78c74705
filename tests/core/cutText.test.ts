import { describe, expect, it } from 'vitest';
import { cutText, graphemes } from '../../src/core/cutText.js';
import { splitText } from '../../src/channels/splitText.js';

const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('cutText', () => {
  it('keeps text that fits', () => {
    expect(cutText('孕妇可以做吗', 200)).toBe('孕妇可以做吗');
  });

  it.each([200, 2000, 4096])('never leaves half an emoji at %i characters', (max) => {
    const text = `${'a'.repeat(max - 1)}👨‍👩‍👧${'b'.repeat(10)}`;
    const cut = cutText(text, max);
    expect(cut.length).toBeLessThanOrEqual(max);
    expect(wellFormed(cut)).toBe(true);
    expect(cut).toBe('a'.repeat(max - 1));
  });

  it('appends the mark only when something was cut, within the limit', () => {
    expect(cutText('🙂'.repeat(5), 6, '…')).toBe('🙂🙂…');
    expect(cutText('🙂', 6, '…')).toBe('🙂');
  });

  it('splits into graphemes, not code units', () => {
    expect([...graphemes('e\u0301👍🏽')]).toEqual(['e\u0301', '👍🏽']);
  });

  it('is the cut the shared splitter uses: no piece ends in a lone surrogate', () => {
    const pieces = splitText('😀'.repeat(3000), { chars: 4096 });
    expect(pieces.every(wellFormed)).toBe(true);
    expect(pieces.join('')).toBe('😀'.repeat(3000));
  });
});
