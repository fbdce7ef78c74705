import { describe, expect, it } from 'vitest';
import { keepMissedText } from '../../src/session/keepMissedText.js';

describe('missed-question privacy (keepMissedText)', () => {
  it.each([
    ['火星上能种土豆吗', '火星上能种土豆吗'],
    ['干细胞回输要排队多久', '干细胞回输要排队多久'],
    ['你们周末上班吗', '你们周末上班吗'],
    ['Do you work on Sundays?', 'Do you work on Sundays?'],
    ['call me on 13812345678', 'call me on [number]'],
  ])('keeps the scrubbed text of a question with no health or identifying terms: %s', (text, kept) => {
    expect(keepMissedText(text)).toBe(kept);
  });

  it.each([
    'I have HIV, can I still come?',
    '我有艾滋病能打吗',
    '我妈有高血压',
    '三个月前得过败血症',
    '最近在吃二甲双胍',
    '我怀孕两个月了',
    '我叫张三,住在幸福路 88 号',
    'My name is John Smith',
    'my wife has cancer',
    '我抑郁很久了',
  ])('keeps no text of a question with health or identifying terms: %s', (text) => {
    expect(keepMissedText(text)).toBeNull();
  });

  it('keeps nothing of an empty message', () => {
    expect(keepMissedText('   ')).toBeNull();
  });
});
