import { describe, expect, it } from 'vitest';
import { shippedBundle } from '../support/bundle.js';

const reader = () => shippedBundle().reader;
const emergency = (t: string) => reader().redFlag(t) !== null;

describe('reader', () => {
  it.each(['我胸口剧痛', '心口压着疼了半小时', '喘不上气', '我妈突然晕倒了', '血止不住', '我不想活了', "I can't breathe", 'my chest hurts so much', 'I want to kill myself', '突然說不出話'])('flags %s as an emergency', (t) => {
    expect(emergency(t)).toBe(true);
  });

  it.each(['我没有胸痛', '无呼吸困难', 'no chest pain at all', '心衰可以用干细胞吗', '去年心梗过,现在能做干细胞吗', '孕妇可以做吗'])('does not flag %s', (t) => {
    expect(emergency(t)).toBe(false);
  });

  it.each([
    ['删除我的数据', 'delete'],
    ['delete my data', 'delete'],
    ['转人工', 'human'],
    ['我想和真人顾问聊聊', 'human'],
    ['菜单', 'menu'],
    ['0', 'menu'],
    ['English', 'english'],
    ['中文', 'chinese'],
    ['我适合做干细胞吗', 'assess'],
    ['Am I eligible?', 'assess'],
    ['你好', 'greeting'],
  ] as const)('reads %s as %s', (t, intent) => {
    expect(reader().intent(reader().fold(t))).toBe(intent);
  });

  // Back, quit and restart are dialogue acts now (knowledge/acts.yaml), read the same in every state.
  it.each([
    ['重新开始', 'restart'],
    ['上一题', 'back'],
    ['退出', 'quit'],
  ] as const)('reads %s as the act %s', (t, act) => {
    expect(reader().act(reader().fold(t))).toEqual({ name: act, whole: true });
  });

  it('does not read a general question about who is unsuitable as a wish to be assessed', () => {
    expect(reader().intent(reader().fold('哪些人不适合做干细胞治疗'))).toBeNull();
  });

  it.each([
    ['干细胞面膜有用吗', true],
    ['脑萎缩吃什么药', true],
    ['得了帕金森怎么办,干细胞能治吗', false],
    ['孕妇可以做干细胞吗', false],
  ] as const)('judges whether %s is out of scope: %s', (t, out) => {
    expect(reader().outOfScope(reader().fold(t))).toBe(out);
  });

  it('sees a greeting at the start of a longer message', () => {
    expect(reader().startsWithGreeting(reader().fold('你好,我想咨询一下'))).toBe(true);
    expect(reader().startsWithGreeting(reader().fold('孕妇你好'))).toBe(false);
  });
});
