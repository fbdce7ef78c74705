import { describe, expect, it } from 'vitest';
import type { Understood } from '../../src/core/reader.js';
import type { Outcome } from '../../src/core/transition.js';
import type { Bundle } from '../../src/loadContent.js';
import { choiceIds, conversation, said, shippedBundle } from '../support/bundle.js';

/** Issue 13, turn by turn through the pure engine, in Chinese and in English. */

const missed = (o: Outcome) => o.effects.some((e) => e.type === 'recordMissed');
const opened = (o: Outcome) => o.effects.some((e) => e.type === 'openTicket');
const withDesk = () => conversation(undefined, undefined, { deskAvailable: true });
const step = (c: ReturnType<typeof conversation>) => (c.session?.state.name === 'checklist' ? c.session.state.step : null);

/** The shipped bundle with a classifier that answers `label` for the given text (the real one lands later). */
function classifying(text: string, label: Understood): Bundle {
  const b = shippedBundle();
  return { ...b, reader: { ...b.reader, classify: (t: string) => (t === text ? label : b.reader.classify(t)) } };
}
const hit = (label: 'flow' | 'handoff' | 'menu' | 'smalltalk' | 'out_of_scope'): Understood => ({ kind: 'hit', best: { label, score: 0.9 }, candidates: [{ label, score: 0.9 }] });

function intoChecklist(c = conversation(), ask = '我想测一下自己适不适合', agree = '好嘞 那就开始吧') {
  c.send(ask);
  expect(c.session?.state.name).toBe('consent');
  c.send(agree);
  expect(step(c)).toBe(0);
  return c;
}

describe('dialogue acts', () => {
  it('takes natural consent and natural answers, and ignores "no" when choosing the language (zh)', () => {
    const c = intoChecklist();
    for (const [i, a] of ['没有', '没', '无', '没得', '从来没有'].entries()) {
      const out = c.send(a);
      expect(said(out)).not.toMatch(/无法准确回答|没能识别/);
      expect(step(c) ?? 6).toBe(i + 1);
    }
    const last = c.send('no');
    expect(c.session?.lang).toBe('zh');
    expect(said(last)).toMatch(/自测完成|未发现/);
    expect(c.session?.screening?.answers).toEqual(['no', 'no', 'no', 'no', 'no', 'no']);
  });

  it('reads unsure answers and "好的,同意" (zh)', () => {
    const c = intoChecklist(conversation(), '帮我评估一下', '好的,同意');
    c.send('记不得了');
    c.send('不太确定');
    expect(c.session?.state).toMatchObject({ step: 2, answers: ['unsure', 'unsure'] });
  });

  it('takes natural consent and answers in English, and "ok" keeps English', () => {
    const c = intoChecklist(conversation(), 'Could you check whether I am suitable?', "ok let's start");
    c.send('nope');
    c.send("I don't know");
    c.send('ok');
    expect(c.session?.state).toMatchObject({ step: 3, answers: ['no', 'unsure', 'yes'] });
    expect(c.session?.lang).toBe('en');
  });

  it.each([['谢谢'], ['好的再见'], ['嗯嗯'], ['ok'], ['收到']])('answers %s politely, never the fallback, and keeps Chinese', (t) => {
    const c = conversation();
    c.send('孕妇可以打干细胞吗');
    const out = c.send(t);
    expect(out.route.route).not.toBe('fallback');
    expect(missed(out)).toBe(false);
    expect(said(out)).not.toMatch(/无法准确回答/);
    expect(said(out).length).toBeLessThan(60);
    expect(c.session?.lang).toBe('zh');
  });

  it.each([['thanks a lot'], ['bye'], ['ok'], ['got it']])('answers %s politely in English', (t) => {
    const c = conversation();
    c.send('Can pregnant women get stem cell therapy?');
    const out = c.send(t);
    expect(out.route.route).not.toBe('fallback');
    expect(missed(out)).toBe(false);
    expect(said(out)).toMatch(/welcome|Goodbye|OK/);
  });

  it.each([['1'], ['😀👍'], ['Tom'], ['no'], ['ok']])('does not switch a Chinese conversation to English on %s', (t) => {
    const c = conversation();
    c.send('干细胞治疗安全吗');
    c.send(t);
    expect(c.session?.lang).toBe('zh');
  });

  it('does not switch an English conversation to Chinese on 好的', () => {
    const c = conversation();
    c.send('Is stem cell therapy safe?');
    c.send('好的');
    expect(c.session?.lang).toBe('en');
  });
});

describe('changes of mind', () => {
  it('accepts consent after declining (zh)', () => {
    const c = conversation();
    c.send('我适合做吗');
    c.send('不同意');
    expect(c.session?.consent).toBe(false);
    const again = c.send('改主意了 测吧');
    expect(c.session?.state.name).toBe('consent');
    expect(choiceIds(again)).toEqual(['consent:yes', 'consent:no']);
    c.send('可以');
    expect(step(c)).toBe(0);
  });

  it('accepts consent after declining (en)', () => {
    const c = conversation();
    c.send('Am I eligible for stem cells?');
    c.send("I don't agree");
    c.send("I've changed my mind");
    c.send('I agree');
    expect(step(c)).toBe(0);
    expect(c.session?.lang).toBe('en');
  });

  it('goes back any number of questions (zh, en)', () => {
    const zh = intoChecklist();
    for (const a of ['没有', '没有', '没有', '没有']) zh.send(a);
    zh.send('回到上一个问题');
    zh.send('返回');
    zh.send('上一题');
    expect(zh.session?.state).toMatchObject({ step: 1, answers: ['no'] });

    const en = intoChecklist(conversation(), 'check if I am suitable please', 'i agree');
    en.send('no');
    en.send('no');
    en.send('go back');
    en.send('previous question');
    expect(en.session?.state).toMatchObject({ step: 0, answers: [] });
  });

  it('goes back from the result to change the last answer', () => {
    const c = intoChecklist();
    for (let i = 0; i < 6; i++) c.send('没有');
    expect(c.session?.screening).not.toBeNull();
    const out = c.send('返回上一题');
    expect(c.session?.state).toMatchObject({ name: 'checklist', step: 5 });
    expect(said(out)).toMatch(/6\/6/);
  });

  it('leaves the self-check and resumes it where it was (zh)', () => {
    const c = intoChecklist();
    c.send('没有');
    c.send('没有');
    const left = c.send('菜单');
    expect(said(left)).toMatch(/暂停在第 3\/6 题/);
    expect(c.session?.paused).toEqual({ step: 2, answers: ['no', 'no'] });
    expect(c.send('孕妇可以做干细胞吗').route).toMatchObject({ route: 'faq', id: 'pregnancy' });
    const back = c.send('继续自测');
    expect(said(back)).toMatch(/继续自测[\s\S]*3\/6/);
    expect(c.session?.state).toMatchObject({ name: 'checklist', step: 2, answers: ['no', 'no'] });
  });

  it('leaves the self-check and resumes it where it was (en)', () => {
    const c = intoChecklist(conversation(), 'can you assess me', 'sure go ahead');
    c.send('no');
    c.send('stop');
    expect(c.session?.paused).toEqual({ step: 1, answers: ['no'] });
    c.send('Is stem cell therapy safe?');
    const back = c.send('continue');
    expect(said(back)).toMatch(/Question 2 of 6/);
  });

  it('restates the result when asked "so I can have it now?", never restarting (zh)', () => {
    const c = intoChecklist();
    for (let i = 0; i < 6; i++) c.send('没有');
    for (const q of ['所以我能打了对吧', '那我可以做了吗', '我适合做干细胞吗']) {
      const out = c.send(q);
      expect(said(out)).toMatch(/初步筛查/);
      expect(said(out)).toMatch(/医生/);
      expect(said(out)).not.toMatch(/第 1\/6 题|您适合|符合条件/);
      expect(choiceIds(out)).toContain('human:checklist');
      expect(c.session?.state.name).toBe('idle');
    }
  });

  it('restates the result in English too', () => {
    const c = intoChecklist(conversation(), 'Am I eligible for stem cell therapy?', 'yes');
    for (let i = 0; i < 6; i++) c.send('no');
    const out = c.send('so I can do it now, right?');
    expect(said(out)).toMatch(/preliminary screening/);
    expect(said(out)).not.toMatch(/Question 1 of 6|you are eligible/i);
  });
});

describe('questions mid-flow', () => {
  it('answers a question during consent, then asks for consent again', () => {
    const c = conversation();
    c.send('我适合做吗');
    const out = c.send('你们医院在哪');
    expect(out.route).toMatchObject({ route: 'faq', id: 'hospital' });
    expect(choiceIds(out)).toEqual(['consent:yes', 'consent:no']);
    expect(c.session?.state.name).toBe('consent');
  });

  it('answers prices and hospitals during the self-check, then resumes the same question (zh, en)', () => {
    const zh = intoChecklist();
    zh.send('没有');
    const price = zh.send('做一次多少钱');
    expect(price.route).toMatchObject({ route: 'faq', id: 'cost' });
    expect(said(price)).toMatch(/我们继续自测[\s\S]*2\/6/);
    expect(zh.session?.state).toMatchObject({ step: 1, reasks: 0 });

    const en = intoChecklist(conversation(), 'Am I eligible for stem cell therapy?', 'yes');
    const where = en.send('which hospital does it?');
    expect(where.route).toMatchObject({ route: 'faq', id: 'hospital' });
    expect(said(where)).toMatch(/Question 1 of 6/);
  });

  it('answers a question while a rating is pending, then offers the rating again', () => {
    const c = withDesk();
    c.send('转人工');
    c.send({ kind: 'desk', event: 'taken' });
    c.send({ kind: 'desk', event: 'closed' });
    expect(c.session?.state.name).toBe('rating');
    const out = c.send('你们医院在哪');
    expect(out.route).toMatchObject({ route: 'faq', id: 'hospital' });
    expect(choiceIds(out)).toEqual(['rate:1', 'rate:2', 'rate:3', 'rate:4', 'rate:5']);
    expect(c.send('5').effects).toEqual([{ type: 'rate', score: 5 }]);
  });
});

describe('the queue is not a trap', () => {
  it('answers FAQ questions while waiting and adds them to the ticket (zh, en)', () => {
    const c = withDesk();
    c.send('转人工');
    const out = c.send('孕妇可以做干细胞吗');
    expect(out.route).toMatchObject({ route: 'faq', id: 'pregnancy' });
    expect(out.effects).toContainEqual({ type: 'relayToDesk', text: '孕妇可以做干细胞吗' });
    expect(said(out)).not.toMatch(/已补充到您的咨询中/);

    const en = withDesk();
    en.send('I want to talk to a human');
    const a = en.send('Is stem cell therapy safe?');
    expect(a.route).toMatchObject({ route: 'faq', id: 'risks' });
    expect(a.effects.some((e) => e.type === 'relayToDesk')).toBe(true);
  });

  it.each([['算了'], ['不用了'], ['never mind']])('withdraws the request on %s', (t) => {
    const c = withDesk();
    c.send('转人工');
    const out = c.send(t);
    expect(out.effects).toEqual([{ type: 'closeTicket', by: 'patient' }]);
    expect(c.session?.handoff).toBeNull();
    expect(c.send('孕妇可以做吗').route.route).toBe('faq');
  });

  it('shows where the patient stands on /start and 菜单', () => {
    const c = withDesk();
    c.send('转人工');
    expect(said(c.send({ kind: 'command', name: 'start' }))).toMatch(/正在等待人工顾问/);
    expect(said(c.send('菜单'))).toMatch(/正在等待人工顾问/);
    c.send({ kind: 'desk', event: 'taken' });
    expect(said(c.send('menu'))).toMatch(/正在与人工顾问对话|talking with a consultant/);
  });

  it('never claims a transfer without a desk (zh, en)', () => {
    for (const [ask, honest] of [['转人工', /暂时没有人工顾问/], ['I want to talk to a human', /no consultants are available/]] as const) {
      const c = conversation();
      const out = c.send(ask);
      expect(opened(out)).toBe(false);
      expect(said(out)).toMatch(honest);
      expect(said(out)).not.toMatch(/已为您转接|being connected/);
      expect(c.session?.handoff).toBeNull();
      expect(c.send(ask.startsWith('I') ? 'Is stem cell therapy safe?' : '干细胞安全吗').route.route).toBe('faq');
    }
  });
});

describe('honest identity', () => {
  it.each([['你是机器人吗'], ['你是真人吗?'], ['请问你是医生吗'], ['你是谁']])('says it is an automated assistant, not a doctor, for %s', (t) => {
    const out = conversation().send(t);
    expect(said(out)).toMatch(/自动咨询助手/);
    expect(said(out)).toMatch(/不是医生/);
    expect(opened(out)).toBe(false);
    expect(out.route.route).not.toBe('fallback');
  });

  it.each([['are you a real person?'], ['Are you a doctor'], ['am I talking to a bot']])('says so in English for %s', (t) => {
    const out = conversation().send(t);
    expect(said(out)).toMatch(/automated assistant/);
    expect(said(out)).toMatch(/not a doctor/);
    expect(opened(out)).toBe(false);
  });

  it('answers who it is in the middle of the self-check and asks the question again', () => {
    const c = intoChecklist();
    c.send('没有');
    const out = c.send('你是真人吗');
    expect(said(out)).toMatch(/自动咨询助手[\s\S]*2\/6/);
    expect(step(c)).toBe(1);
  });
});

describe('routes from the classifier', () => {
  it('gives small talk a short reply, never the fallback', () => {
    const c = conversation(classifying('今天天气不错', hit('smalltalk')));
    const out = c.send('今天天气不错');
    expect(out.route.route).not.toBe('fallback');
    expect(missed(out)).toBe(false);
  });

  it('starts the self-check on flow, hands off on handoff, shows the menu on menu, falls back on out_of_scope', () => {
    expect(conversation(classifying('我这身体条件行不行', hit('flow'))).send('我这身体条件行不行').route.route).toBe('flow');
    const h = conversation(classifying('能和诊所的人直接聊吗', hit('handoff')), undefined, { deskAvailable: true }).send('能和诊所的人直接聊吗');
    expect(h.effects).toEqual([expect.objectContaining({ type: 'openTicket', reason: 'asked' })]);
    expect(conversation(classifying('给我看看菜单', hit('menu'))).send('给我看看菜单').route.route).toBe('menu');
    const out = conversation(classifying('帮我写首诗', hit('out_of_scope'))).send('帮我写首诗');
    expect(out.route.route).toBe('fallback');
  });

  it('after a result, a flow request restates the result instead of restarting', () => {
    const c = conversation(classifying('那我这种情况到底行不行', hit('flow')));
    intoChecklist(c);
    for (let i = 0; i < 6; i++) c.send('没有');
    const out = c.send('那我这种情况到底行不行');
    expect(said(out)).toMatch(/初步筛查/);
    expect(c.session?.state.name).toBe('idle');
  });
});
