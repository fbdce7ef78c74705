import { describe, expect, it } from 'vitest';
import { scoreBaseline } from '../../../src/cli/bench/scoreBaseline.js';
import { userScript } from '../../../src/cli/bench/userScript.js';
import { conversation, shippedBundle } from '../../support/bundle.js';

const pool = { zh: ['孕妇能做干细胞吗', '干细胞有什么风险'], en: ['What are mesenchymal stem cells?', 'Is it safe?'] };

describe('userScript', () => {
  it('greets, asks two questions, consents, answers every checklist question and deletes', () => {
    const s = userScript(0, pool, 6);
    expect(s.messages).toEqual(['你好', '孕妇能做干细胞吗', '干细胞有什么风险', '我适合做干细胞吗', '同意', '不确定', '没有', '没有', '不确定', '没有', '没有', '删除我的数据']);
  });

  it('lets every fifth user write English', () => {
    expect(userScript(4, pool, 2).lang).toBe('en');
    expect(userScript(4, pool, 2).messages.at(-1)).toBe('delete my data');
  });

  it('walks the shipped engine through the checklist to its end, then erases the session', () => {
    for (const user of [0, 4]) {
      const c = conversation();
      const routes = userScript(user, pool, shippedBundle().content.flow.questions.length).messages.map((m) => c.send(m).route.route);
      expect(routes.slice(3, 5)).toEqual(['flow', 'flow']);
      expect(routes.slice(5, -1).every((r) => r === 'checklist')).toBe(true);
      expect(c.session).toBeNull();
    }
  });
});

describe('scoreBaseline', () => {
  const items = [
    { text: '孕妇', expect: ['faq:pregnancy'] },
    { text: '天气', expect: ['fallback'] },
    { text: '胸口剧痛', expect: ['emergency'] },
  ];

  it('counts a right top hit, a false accept and an emergency it cannot catch', () => {
    const acc = scoreBaseline(items, (t) => (t === '胸口剧痛' ? null : 'pregnancy'));
    expect(acc).toEqual({ overall: { correct: 1, total: 3 }, in_scope: { correct: 1, total: 1 }, false_accepts: { count: 1, of: 1 }, emergencies: { caught: 0, total: 1 } });
  });

  it('counts a fallback as right for an out-of-scope message', () => {
    expect(scoreBaseline(items, () => null).overall.correct).toBe(1);
  });
});
