import { describe, expect, it } from 'vitest';
import { conversation, said } from '../support/bundle.js';

describe('bad input never crashes and always gets a reply', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['whitespace', '   \t  '],
    ['10,000 characters', '干细胞'.repeat(3334)],
    ['emoji only', '😀🙏🏻❤️'],
    ['control characters and null bytes', '\u0000\u0007孕妇\u0000可以\u001b做吗'],
    ['mixed Chinese and English', '请问 stem cell 回输 safe 吗'],
    ['a lone number with nothing pending', '7'],
    ['RTL and combining marks', 'مرحبا ́́́'],
    ['only punctuation', '???!!!。。。'],
  ];
  it.each(cases)('%s', (_name, input) => {
    const out = conversation().send(input);
    expect(out.replies.length).toBeGreaterThan(0);
    expect(said(out).length).toBeGreaterThan(0);
    expect(out.session).not.toBeNull();
  });

  it('matches a 10,000-character message on its start and answers normally', () => {
    const out = conversation().send(`孕妇可以做干细胞治疗吗?${'我'.repeat(10_000)}`);
    expect(out.route).toMatchObject({ route: 'faq', id: 'pregnancy' });
  });

  it('answers a non-text event with the text-only reply', () => {
    for (const what of ['image', 'voice', 'sticker', 'video', 'file'] as const) {
      const out = conversation().send({ kind: 'nontext', what });
      expect(said(out)).toMatch(/文字/);
    }
  });

  it('repeats the current checklist question after a non-text event', () => {
    const c = conversation();
    c.send('自测');
    c.send('同意');
    const out = c.send({ kind: 'nontext', what: 'voice' });
    expect(said(out)).toMatch(/1\/6/);
  });

  it('says a lone number has no option, then shows where the user is', () => {
    const out = conversation().send('5');
    expect(said(out)).toMatch(/没有对应的选项/);
  });
});
