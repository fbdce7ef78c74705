import { describe, expect, it } from 'vitest';
import { newSession } from '../../src/core/session.js';
import { choiceIds, conversation, said } from '../support/bundle.js';

describe('conversation', () => {
  it('greets with the menu', () => {
    const out = conversation().send('你好');
    expect(out.route.route).toBe('menu');
    expect(choiceIds(out)).toEqual(['faqs', 'check', 'human:asked']);
  });

  it('answers a confident FAQ with the doctor reminder and related topics', () => {
    const out = conversation().send('孕妇可以打干细胞吗');
    expect(out.route).toMatchObject({ route: 'faq', id: 'pregnancy' });
    expect(said(out)).toMatch(/医生/);
    expect(choiceIds(out)).toContain('check'); // a named condition offers the full checklist
    expect(choiceIds(out).filter((id) => id.startsWith('faq:')).length).toBeLessThanOrEqual(2);
  });

  it('offers a consultant for facts the seeds do not have', () => {
    for (const q of ['做一次要花多少钱', '苏州哪家医院能做']) {
      const out = conversation().send(q);
      expect(out.route.route).toBe('faq');
      expect(choiceIds(out)).toContain('human:asked');
      expect(said(out)).not.toMatch(/\d{3,}\s*元|¥/);
    }
  });

  it('falls back plainly, offers the menu and a human, and records the question scrubbed', () => {
    const out = conversation().send('帮我推荐一只股票,我电话13812345678');
    expect(out.route.route).toBe('fallback');
    expect(choiceIds(out)).toEqual(['menu', 'human:fallback']);
    const missed = out.effects.find((e) => e.type === 'recordMissed');
    expect(missed).toBeDefined();
    expect(JSON.stringify(missed)).not.toMatch(/13812345678/);
  });

  it('opens a handoff once and says so again when asked twice, re-requesting the same ticket', () => {
    const c = conversation(undefined, undefined, { deskAvailable: true });
    const first = c.send('人工');
    expect(first.effects).toEqual([expect.objectContaining({ type: 'openTicket', reason: 'asked', urgent: false, screening: null })]);
    expect(said(first)).toMatch(/顾问/);
    const second = c.send('转人工');
    // Idempotent in the ticket store; it recreates a ticket lost to a Redis fault (tests/runtime/createBot.test.ts).
    expect(second.effects).toEqual([expect.objectContaining({ type: 'openTicket', reason: 'asked', urgent: false })]);
    expect(said(second)).toMatch(/已在等待/);
  });

  it('puts emergencies first in every state and alerts the desk without queueing the patient', () => {
    const c = conversation();
    c.send('我适合做吗');
    c.send('同意');
    const out = c.send('我突然胸口剧痛,喘不上气');
    expect(out.route.route).toBe('emergency');
    expect(said(out)).toMatch(/120/);
    // Issue 11: an alarm is a card for the desk, not a ticket that traps the patient in the queue.
    expect(out.effects).toEqual([expect.objectContaining({ type: 'alertDesk', lang: 'zh' })]);
    expect(c.session?.handoff).toBeNull();
    expect(c.session?.paused).toMatchObject({ step: 0 }); // they can carry on afterwards
  });

  it('does not raise a false alarm for a negated symptom', () => {
    expect(conversation().send('我没有胸痛,只是想了解干细胞').route.route).not.toBe('emergency');
  });

  it('erases everything on 删除我的数据', () => {
    const c = conversation();
    c.send('我适合做吗');
    const out = c.send('删除我的数据');
    expect(out.session).toBeNull();
    expect(out.effects).toEqual([{ type: 'eraseUser' }]);
    expect(said(out)).toMatch(/已全部删除/);
  });

  it('switches language on request and keeps it', () => {
    const c = conversation();
    expect(said(c.send('English'))).toMatch(/English from now on/);
    expect(c.session?.lang).toBe('en');
    expect(said(c.send('孕妇可以做干细胞吗'))).toMatch(/pregnan/i);
    c.send('中文');
    expect(c.session?.lang).toBe('zh');
  });

  it('marks Traditional writers so replies can be converted back', () => {
    const c = conversation();
    const out = c.send('懷孕可以做幹細胞嗎');
    expect(out.route).toMatchObject({ route: 'faq', id: 'pregnancy' });
    expect(c.session?.traditional).toBe(true);
  });

  it('uses the channel language hint for a first message without words', () => {
    const c = conversation();
    c.send({ kind: 'command', name: 'start', langHint: 'en' });
    expect(c.session?.lang).toBe('en');
  });

  it('asks which topic on a close call and accepts the number', () => {
    const c = conversation();
    // Build the ambiguity from the engine's own matcher rather than hard-coding a sentence.
    const out = c.send('干细胞');
    if (out.route.clarify) {
      expect(said(out)).toMatch(/您是想问/);
      const picked = c.send('1');
      expect(picked.route).toMatchObject({ route: 'faq', id: out.route.clarify[0] });
    } else {
      expect(['faq', 'fallback']).toContain(out.route.route);
    }
  });

  it('counts every message in the session', () => {
    const c = conversation(undefined, newSession());
    c.send('你好');
    c.send('菜单');
    c.send({ kind: 'nontext', what: 'sticker' });
    expect(c.session?.messages).toBe(3);
  });
});
