import { describe, expect, it } from 'vitest';
import { splitWechatText, WECHAT_TEXT_LIMIT } from '../../../src/channels/wechat/splitWechatText.js';

describe('splitting WeChat text', () => {
  it('keeps a text within the limit whole', () => {
    expect(splitWechatText('一段话。\n\n第二段。')).toEqual(['一段话。\n\n第二段。']);
  });

  it('uses a conservative limit, well under what the client takes', () => {
    expect(WECHAT_TEXT_LIMIT).toBeLessThanOrEqual(1500);
  });

  it('cuts between paragraphs, packing as many whole ones as fit', () => {
    const para = 'x'.repeat(400);
    const pieces = splitWechatText([para, para, para, para].join('\n\n'), 1000);
    expect(pieces).toEqual([`${para}\n\n${para}`, `${para}\n\n${para}`]);
  });

  it('falls back to lines, then to a hard cut, for a paragraph longer than the limit', () => {
    const lines = splitWechatText(`${'a'.repeat(600)}\n${'b'.repeat(600)}`, 1000);
    expect(lines).toEqual(['a'.repeat(600), 'b'.repeat(600)]);
    const hard = splitWechatText('c'.repeat(2500), 1000);
    expect(hard.map((p) => p.length)).toEqual([1000, 1000, 500]);
  });

  it('loses no character except the separators it cut at', () => {
    const text = Array.from({ length: 30 }, (_, i) => `第${i}段:` + '内容'.repeat(40 + i)).join('\n\n');
    const pieces = splitWechatText(text, 500);
    expect(pieces.every((p) => p.length <= 500)).toBe(true);
    expect(pieces.join('\n\n')).toBe(text);
  });
});
