import { describe, expect, it } from 'vitest';
import { renderNumberedChoices, renderWechatReply } from '../../../src/channels/wechat/renderWechatReply.js';

const yesNo = [
  { id: 'ans:yes', label: '是' },
  { id: 'ans:no', label: '否' },
  { id: 'ans:unsure', label: '不确定' },
];

describe('numbered choices', () => {
  it('puts short Chinese choices on one line after 回复数字', () => {
    expect(renderNumberedChoices(yesNo, '您是否怀孕?')).toBe('回复数字: 1. 是  2. 否  3. 不确定');
  });

  it('uses the reply language: English text gets an English lead', () => {
    expect(renderNumberedChoices([{ id: 'a', label: 'Yes' }, { id: 'b', label: 'No' }], 'Are you pregnant?')).toBe('Reply with a number: 1. Yes  2. No');
  });

  it('puts long lists one per line, numbered from 1 in the order offered', () => {
    const many = ['干细胞是什么', '治疗需要多长时间', '有哪些风险和副作用', '费用大概是多少', '孕妇可以做吗'].map((label, i) => ({ id: `faq:${i}`, label }));
    expect(renderNumberedChoices(many, '常见问题').split('\n')).toEqual(['回复数字:', '1. 干细胞是什么', '2. 治疗需要多长时间', '3. 有哪些风险和副作用', '4. 费用大概是多少', '5. 孕妇可以做吗']);
  });
});

describe('WeChat reply rendering', () => {
  it('sends a reply without choices as its text alone', () => {
    expect(renderWechatReply({ text: '您好' })).toEqual(['您好']);
  });

  it('closes the text with the numbered choices, separated by a blank line', () => {
    expect(renderWechatReply({ text: '第1/6题:您是否怀孕?', choices: yesNo, turn: 3 })).toEqual(['第1/6题:您是否怀孕?\n\n回复数字: 1. 是  2. 否  3. 不确定']);
  });

  it('splits a long reply at paragraphs and keeps the choices with the last piece', () => {
    const para = '干细胞科普。'.repeat(50); // 300 characters
    const pieces = renderWechatReply({ text: Array.from({ length: 8 }, () => para).join('\n\n'), choices: yesNo }, 1000);
    expect(pieces.length).toBe(3);
    expect(pieces.every((p) => p.length <= 1000)).toBe(true);
    expect(pieces.slice(0, -1).every((p) => p.endsWith('。'))).toBe(true);
    expect(pieces.at(-1)).toMatch(/回复数字: 1\. 是/);
    expect(pieces.slice(0, -1).join('')).not.toMatch(/回复数字/);
  });
});
