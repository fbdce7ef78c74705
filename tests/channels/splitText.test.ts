import { describe, expect, it } from 'vitest';
import { fitsLimit, splitText, truncateText } from '../../src/channels/splitText.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** Whether a string has a lone surrogate, i.e. would not survive UTF-8 encoding. */
const broken = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('the shared text splitter', () => {
  it('keeps a text that fits whole', () => {
    expect(splitText('一段。\n\n二段。', { bytes: 2048 })).toEqual(['一段。\n\n二段。']);
  });

  it('counts UTF-8 bytes when asked: 1000 Chinese characters are 3000 bytes', () => {
    const pieces = splitText('字'.repeat(1000), { bytes: 2048 });
    expect(pieces.map(bytes)).toEqual([2046, 954]);
  });

  it('packs whole paragraphs and gives the text back when joined', () => {
    const text = Array.from({ length: 20 }, (_, i) => `第${i}段` + '内容'.repeat(100)).join('\n\n');
    const pieces = splitText(text, { bytes: 2048 });
    expect(pieces.every((p) => bytes(p) <= 2048)).toBe(true);
    expect(pieces.join('\n\n')).toBe(text);
  });

  it('never cuts inside an emoji or a flag, so every piece is valid UTF-8', () => {
    const text = '👨‍👩‍👧🇨🇳'.repeat(300);
    for (const limit of [{ bytes: 100 }, { chars: 33 }]) {
      const pieces = splitText(text, limit);
      expect(pieces.some(broken)).toBe(false);
      expect(pieces.every((p) => fitsLimit(p, limit))).toBe(true);
      expect(pieces.join('')).toBe(text);
    }
  });

  it('honours both limits at once', () => {
    const pieces = splitText(`${'a'.repeat(50)}${'字'.repeat(50)}`, { chars: 60, bytes: 90 });
    expect(pieces.every((p) => p.length <= 60 && bytes(p) <= 90)).toBe(true);
  });

  it('truncates between graphemes and marks the cut', () => {
    const cut = truncateText('🇨🇳'.repeat(10), { bytes: 20 });
    expect(broken(cut)).toBe(false);
    expect(bytes(cut)).toBeLessThanOrEqual(20);
    expect(cut.endsWith('…')).toBe(true);
    expect(truncateText('short', { bytes: 20 })).toBe('short');
  });
});
