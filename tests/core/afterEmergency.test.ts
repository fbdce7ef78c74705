import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/core/transition.js';
import type { Bundle } from '../../src/loadContent.js';
import { choiceIds, conversation, said, shippedBundle } from '../support/bundle.js';

/** Issue 11 parts 4 and 6: after an alarm nobody is trapped, and the crisis line is shown when the clinic gave one. */

const kinds = (o: Outcome) => o.effects.map((e) => e.type);

describe('after an emergency', () => {
  it('alerts the desk without queueing the patient and says nothing about consultants without a desk (zh)', () => {
    const c = conversation();
    const out = c.send('我爸突然晕倒了 叫不醒');
    expect(out.route.route).toBe('emergency');
    expect(kinds(out)).toEqual(['alertDesk']);
    expect(said(out)).toMatch(/120/);
    expect(said(out)).not.toMatch(/顾问/);
    expect(choiceIds(out)).toEqual(['falseAlarm']);
    expect(c.session?.handoff).toBeNull();
    expect(c.session?.state).toMatchObject({ name: 'afterEmergency', family: 'consciousness' });
  });

  it('says consultants were alerted only when a desk is configured (en)', () => {
    const out = conversation(undefined, undefined, { deskAvailable: true }).send('my dad just collapsed and is not breathing');
    expect(said(out)).toMatch(/alerted our consultants/);
    expect(kinds(out)).toEqual(['alertDesk']);
    expect(conversation().send('my dad just collapsed and is not breathing').replies.map((r) => r.text).join()).not.toMatch(/consultant/);
  });

  it('repeats the 120 guidance with first-aid-neutral lines for follow-ups, without paging again (zh)', () => {
    const c = conversation();
    c.send('我爸突然晕倒了 叫不醒');
    const follow = c.send('人醒了但是说不出话');
    expect(follow.route.route).toBe('emergency');
    expect(said(follow)).toMatch(/120[\s\S]*留在患者身边[\s\S]*门锁/);
    expect(kinds(follow)).toEqual([]);
    const unrouted = c.send('救护车还没到怎么办');
    expect(said(unrouted)).toMatch(/120/);
    expect(kinds(unrouted)).not.toContain('recordMissed');
    expect(c.session?.handoff).toBeNull();
  });

  it('repeats the guidance in English too', () => {
    const c = conversation();
    c.send('my mother suddenly collapsed');
    const follow = c.send("she is awake now but she can't speak properly");
    expect(said(follow)).toMatch(/call 120[\s\S]*unlock the door/);
  });

  it('answers anything else normally (zh, en)', () => {
    const zh = conversation();
    zh.send('我胸口剧痛 喘不上气');
    const next = zh.send('孕妇可以做干细胞吗');
    expect(next.route).toMatchObject({ route: 'faq', id: 'pregnancy' });
    expect(said(next)).not.toMatch(/已补充到您的咨询中/);

    const en = conversation();
    en.send('I want to kill myself');
    expect(en.send('Is stem cell therapy safe?').route).toMatchObject({ route: 'faq', id: 'risks' });
  });

  it('returns to normal at once on "不是紧急情况", counted, and resumes a paused self-check', () => {
    const c = conversation();
    c.send('我适合做吗');
    c.send('同意');
    c.send('没有');
    c.send('我胸口剧痛 喘不上气');
    expect(c.session?.paused).toEqual({ step: 1, answers: ['no'] });
    const out = c.send('不是紧急情况');
    expect(out.effects).toEqual([{ type: 'falseAlarm' }]);
    expect(said(out)).toMatch(/已取消紧急提示[\s\S]*2\/6/);
    expect(c.session?.state).toMatchObject({ name: 'checklist', step: 1 });
  });

  it('returns to normal with the button too (en)', () => {
    const c = conversation();
    const alarm = c.send('my throat is closing up after the infusion');
    const out = c.send({ kind: 'choice', id: 'falseAlarm', turn: alarm.replies.at(-1)!.turn! });
    expect(out.effects).toEqual([{ type: 'falseAlarm' }]);
    expect(c.session?.state.name).toBe('idle');
    expect(c.send('Is stem cell therapy safe?').route.route).toBe('faq');
  });

  it('puts nobody in the queue unless they ask for a human, and then honestly without a desk', () => {
    const c = conversation();
    c.send('孩子喝了洁厕灵');
    const ask = c.send('转人工');
    expect(kinds(ask)).not.toContain('openTicket');
    expect(said(ask)).toMatch(/暂时没有人工顾问/);
    const desk = conversation(undefined, undefined, { deskAvailable: true });
    desk.send('孩子喝了洁厕灵');
    expect(kinds(desk.send('转人工'))).toContain('openTicket');
    expect(desk.session?.handoff?.status).toBe('waiting');
  });
});

describe('crisis line', () => {
  const withLine = (): Bundle => {
    const b = shippedBundle();
    return { ...b, content: { ...b.content, clinic: { ...b.content.clinic, crisisLine: '400-000-0000(示例)' } } };
  };

  it('is shown for self-harm when the clinic gave one, with 120/110 kept', () => {
    const out = conversation(withLine()).send('安眠药攒了两瓶 今晚就解脱');
    expect(out.route).toMatchObject({ route: 'emergency', id: 'self_harm' });
    expect(said(out)).toMatch(/心理援助热线:400-000-0000/);
    expect(said(out)).toMatch(/120\/110/);
  });

  it('is not shown for other emergencies, nor when the clinic gave none', () => {
    expect(said(conversation(withLine()).send('我胸口剧痛 喘不上气'))).not.toMatch(/热线/);
    expect(said(conversation().send("I don't want to live anymore"))).not.toMatch(/Crisis line/);
  });
});
