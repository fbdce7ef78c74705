import { describe, expect, it } from 'vitest';
import { choiceIds, conversation, said } from '../support/bundle.js';

const eligibleWords = /you are eligible|you're eligible|you are suitable|approved|您适合|你适合|符合条件|通过评估|可以接受治疗/i;

function startChecklist(c = conversation()) {
  const consent = c.send('我适合做干细胞吗');
  expect(consent.route.route).toBe('flow');
  expect(choiceIds(consent)).toEqual(['consent:yes', 'consent:no']);
  expect(c.session?.state.name).toBe('consent');
  const q1 = c.send('同意');
  expect(c.session?.consent).toBe(true);
  expect(said(q1)).toMatch(/1\/6/);
  return c;
}

describe('checklist', () => {
  it('asks for separate consent first and stores nothing when the user declines', () => {
    const c = conversation();
    c.send('帮我评估一下');
    const out = c.send('不同意');
    expect(said(out)).toMatch(/不会记录/);
    expect(c.session?.consent).toBe(false);
    expect(c.session?.state).toEqual({ name: 'idle' });
    expect(c.session?.screening).toBeNull();
    expect(choiceIds(out)).toContain('human:asked');
  });

  it('reports no listed situations when every answer is no, without saying eligible', () => {
    const c = startChecklist();
    let last = c.send('否');
    for (let i = 0; i < 5; i++) last = c.send('没有');
    const text = said(last);
    expect(text).toMatch(/未发现所列的禁忌情况/);
    expect(text).toMatch(/医生/);
    expect(text).not.toMatch(eligibleWords);
    expect(choiceIds(last)).toContain('human:checklist');
    expect(c.session?.state.name).toBe('idle');
  });

  it('lists pregnancy as not recommended with the reason from the seed', () => {
    const c = startChecklist();
    let last = c.send('是');
    for (let i = 0; i < 5; i++) last = c.send('否');
    expect(said(last)).toMatch(/目前不建议/);
    expect(said(last)).toMatch(/怀孕/);
    expect(said(last)).not.toMatch(/未发现/);
  });

  it('groups not-recommended, defer, caution and unsure items, each with what to do', () => {
    const c = startChecklist();
    const answers = ['不确定', '否', '是', '是', '否', '是'];
    let last = c.send(answers[0]!);
    for (const a of answers.slice(1)) last = c.send(a);
    const text = said(last);
    expect(text).toMatch(/目前不建议[^\n]*\n• 自身免疫性疾病/); // autoimmune = not_recommended
    expect(text).toMatch(/先治疗/); // infection = defer
    expect(text).toMatch(/慎重评估[^\n]*\n• 过敏/); // allergy = caution
    expect(text).toMatch(/不确定.*核实.*怀孕/s); // pregnancy unsure
    expect(text).not.toMatch(eligibleWords);
  });

  it('grades an autoimmune disease as not recommended, as seed 000 §二.3 grades it (通常不适合, like tumours)', () => {
    const c = startChecklist();
    const answers = ['否', '否', '是', '否', '否', '否'];
    let last = c.send(answers[0]!);
    for (const a of answers.slice(1)) last = c.send(a);
    const text = said(last);
    expect(text).toMatch(/以下情况目前不建议进行干细胞治疗[^\n]*\n• 自身免疫性疾病:文章指出这类患者通常不适合/);
    expect(text).toMatch(/两篇说法不一致/); // the conflict between the articles stays visible
    expect(text).not.toMatch(/慎重评估|未发现/);
  });

  it('asks about a serious infection in the past, so sepsis three months ago is flagged, not "none found"', () => {
    const c = startChecklist();
    c.send('否');
    c.send('否');
    const q4 = c.send('否');
    expect(said(q4)).toMatch(/4\/6[^\n]*\n您是否有过严重感染\(包括以前的/);
    expect(said(q4)).toMatch(/抗生素/);
    c.send('有过,三个月前得了败血症');
    expect(c.session?.state).toMatchObject({ step: 4, answers: ['no', 'no', 'no', 'yes'] });
    c.send('否');
    const text = said(c.send('否'));
    expect(text).toMatch(/通常建议先治疗[^\n]*\n• 严重感染史或用药/);
    expect(text).not.toMatch(/未发现所列的禁忌情况/);
  });

  it('asks English speakers about infection history and antibiotics too', () => {
    const c = conversation();
    c.send('Am I eligible for stem cell therapy?');
    c.send('yes');
    c.send('no');
    c.send('no');
    const q4 = c.send('no');
    expect(said(q4)).toMatch(/Have you ever had a serious infection \(including in the past.*antibiotics/);
  });

  it('accepts numbers, words and buttons as answers', () => {
    const c = startChecklist();
    c.send('1');
    expect(c.session?.state).toMatchObject({ name: 'checklist', step: 1, answers: ['yes'] });
    c.send('不清楚');
    expect(c.session?.state).toMatchObject({ step: 2, answers: ['yes', 'unsure'] });
    const turn = c.session!.turn;
    c.send({ kind: 'choice', id: 'ans:no', turn });
    expect(c.session?.state).toMatchObject({ step: 3, answers: ['yes', 'unsure', 'no'] });
    c.send('是的,我在吃消炎药');
    expect(c.session?.state).toMatchObject({ step: 4, answers: ['yes', 'unsure', 'no', 'yes'] });
  });

  it('answers in English when the user writes English', () => {
    const c = conversation();
    c.send('Am I eligible for stem cell therapy?');
    const q1 = c.send('yes');
    expect(said(q1)).toMatch(/pregnant/i);
    let last = q1;
    for (let i = 0; i < 6; i++) last = c.send('no');
    expect(said(last)).toMatch(/found none of the listed situations/);
  });

  // Issue 13: leaving pauses the self-check so it can be resumed where it was (it no longer drops the answers).
  it('goes back a question with 上一题 and leaves with 退出, keeping the answers to resume', () => {
    const c = startChecklist();
    c.send('否');
    c.send('否');
    c.send('上一题');
    expect(c.session?.state).toMatchObject({ step: 1, answers: ['no'] });
    const out = c.send('退出');
    expect(said(out)).toMatch(/已暂停自测/);
    expect(c.session?.state).toEqual({ name: 'idle' });
    expect(c.session?.paused).toEqual({ step: 1, answers: ['no'] });
  });

  it('re-asks an unclear answer and offers a human after two failed re-asks', () => {
    const c = startChecklist();
    expect(said(c.send('嗯…这个嘛'))).toMatch(/没能识别/);
    c.send('这个问题好长');
    const third = c.send('随便吧');
    expect(choiceIds(third)).toContain('human:checklist');
    expect(c.session?.state).toMatchObject({ step: 0 });
  });

  it('explains the current question from its topic when asked what it means', () => {
    const c = startChecklist();
    const out = c.send('啥意思?');
    expect(out.route).toMatchObject({ route: 'faq', id: 'pregnancy' });
    expect(said(out)).toMatch(/我们继续自测[\s\S]*1\/6/);
    expect(c.session?.state).toMatchObject({ step: 0, reasks: 0 });
  });

  it('answers a clear FAQ question briefly, then repeats the current question', () => {
    const c = startChecklist();
    c.send('否');
    const out = c.send('干细胞治疗安全吗');
    expect(out.route).toMatchObject({ route: 'faq', id: 'risks' });
    expect(said(out)).toMatch(/我们继续自测/);
    expect(c.session?.state).toMatchObject({ step: 1, reasks: 0 });
  });

  it('hands off mid-checklist with the answers so far, because the user consented', () => {
    const c = startChecklist(conversation(undefined, undefined, { deskAvailable: true }));
    c.send('是');
    const out = c.send('转人工');
    expect(out.route.route).toBe('handoff');
    expect(out.effects).toEqual([expect.objectContaining({ type: 'openTicket', reason: 'asked', screening: [expect.objectContaining({ question: 'pregnancy', answer: 'yes', severity: 'not_recommended' })] })]);
  });

  it('rejects a stale button: it cannot change an answered question', () => {
    const c = startChecklist();
    const oldTurn = c.session!.turn;
    c.send('否');
    const out = c.send({ kind: 'choice', id: 'ans:yes', turn: oldTurn });
    expect(said(out)).toMatch(/已过期/);
    expect(c.session?.state).toMatchObject({ step: 1, answers: ['no'] });
  });

  it('rejects forged button data', () => {
    const c = startChecklist();
    for (const id of ['ans:maybe', 'faq:../../etc', 'human:root', 'x'.repeat(500), '']) {
      const out = c.send({ kind: 'choice', id, turn: c.session!.turn });
      expect(said(out)).toMatch(/已过期/);
      expect(c.session?.state).toMatchObject({ name: 'checklist', step: 0 });
    }
  });
});
