import { describe, expect, it } from 'vitest';
import { describeHours } from '../../src/core/describeHours.js';
import { maskName } from '../../src/handoff/maskName.js';
import { parseDeskButton, parseDeskCommand } from '../../src/handoff/parseDeskCommand.js';
import { renderCaseCard } from '../../src/handoff/renderCaseCard.js';
import type { Ticket } from '../../src/core/ports.js';
import { choiceIds, conversation, said, shippedBundle } from '../support/bundle.js';

describe('desk commands', () => {
  it.each([
    ['/take 12', { kind: 'take', n: 12 }],
    ['/take@ZkBot #12', { kind: 'take', n: 12 }],
    ['接 12', { kind: 'take', n: 12 }],
    ['接单12', { kind: 'take', n: 12 }],
    ['/close 7', { kind: 'close', n: 7 }],
    ['结束 7', { kind: 'close', n: 7 }],
    ['#7 您好,孕期不建议', { kind: 'reply', n: 7, text: '您好,孕期不建议' }],
    ['/queue', { kind: 'queue' }],
    ['统计', { kind: 'stats' }],
  ])('reads %s', (text, cmd) => {
    expect(parseDeskCommand(text)).toEqual(cmd);
  });
  it.each(['大家好', '/take', '#7', '#x hello', '接'])('treats %s as chat', (text) => {
    expect(parseDeskCommand(text)).toBeNull();
  });
  it('reads only well-formed card buttons', () => {
    expect(parseDeskButton('desk|take|3')).toEqual({ kind: 'take', n: 3 });
    expect(parseDeskButton('1|ans:yes')).toBeNull();
    expect(parseDeskButton({})).toBeNull();
  });
});

describe('case card', () => {
  const ticket: Ticket = {
    number: 9, user: 'u', channel: 'wechat', userId: 'wxid_raw', displayName: maskName('张三丰'), reason: 'checklist', urgent: false, lang: 'zh', openedAt: 0,
    screening: [{ question: 'pregnancy', answer: 'yes', severity: 'not_recommended' }, { question: 'allergy', answer: 'unsure', severity: null }, { question: 'heart', answer: 'no', severity: null }],
    transcript: [{ from: 'patient', text: '我适合做吗', at: 0 }], status: 'waiting', consultant: null, takenAt: null, closedAt: null, reminded: false, rating: null,
  };
  it('shows number, channel, masked name, reason, flagged items first, recent lines, and never the raw id', () => {
    const card = renderCaseCard(ticket, shippedBundle().content);
    expect(card).toMatch(/🆕 工单 #9 · wechat · 张\*\* · 中文/);
    expect(card).toMatch(/自测后转人工/);
    expect(card.indexOf('⚠️')).toBeLessThan(card.indexOf('❓'));
    expect(card).toMatch(/患者:我适合做吗/);
    expect(card).not.toMatch(/wxid_raw/);
  });
  it('masks names', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('Alice')).toBe('A****');
    expect(maskName(undefined)).toBe('匿名');
  });
});

describe('consultation hours (clock injected)', () => {
  const hours = { timezone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' };
  // 2026-11-23 is a Monday; 02:00 UTC = 10:00 in Shanghai.
  const monday10 = Date.UTC(2026, 10, 23, 2, 0);
  const monday20 = Date.UTC(2026, 10, 23, 12, 0);
  const friday20 = Date.UTC(2026, 10, 27, 12, 0);
  const monday07 = Date.UTC(2026, 10, 22, 23, 0);
  it('is on duty inside hours', () => {
    expect(describeHours(hours, monday10, 'zh')).toEqual({ now: true });
  });
  it('names the next opening outside hours', () => {
    expect(describeHours(hours, monday20, 'zh')).toMatchObject({ now: false, next: '周二 09:00' });
    expect(describeHours(hours, friday20, 'en')).toMatchObject({ now: false, next: 'Mon 09:00', hours: 'Mon, Tue, Wed, Thu, Fri 09:00–18:00' });
    expect(describeHours(hours, monday07, 'zh')).toMatchObject({ now: false, next: '今天 09:00' });
  });
  it('outside the hours claims no transfer, opens no ticket, and offers a call back', () => {
    const base = shippedBundle();
    const bundle = { ...base, content: { ...base.content, clinic: { ...base.content.clinic, hours } } };
    // conversation() passes 2023-11-14 22:13 UTC: a Wednesday, 06:13 in Shanghai, before opening.
    const out = conversation(bundle, undefined, { deskAvailable: true }).send('转人工');
    expect(said(out)).toContain('现在不在顾问服务时间(周一、周二、周三、周四、周五 09:00–18:00),暂时无法为您转接人工');
    expect(said(out)).not.toMatch(/已为您转接|排在第/);
    expect(out.effects).toEqual([]);
    expect(choiceIds(out)).toContain('callback:offduty');
  });
});

describe('handoff in the engine', () => {
  it('with no desk configured, says honestly that no consultant is available here and opens no ticket', () => {
    const c = conversation();
    const out = c.send('人工');
    expect(out.effects).toEqual([]);
    expect(said(out)).toMatch(/没有人工顾问在线/);
    expect(said(out)).not.toMatch(/已为您转接/);
    expect(c.session?.handoff).toBeNull();
  });

  it('with a desk, stores the request and says a consultant will reply here', () => {
    const c = conversation(undefined, undefined, { deskAvailable: true });
    const out = c.send('人工');
    expect(out.effects).toEqual([expect.objectContaining({ type: 'openTicket' })]);
    expect(said(out)).toMatch(/顾问会在这里回复您/);
    expect(c.session?.handoff?.status).toBe('waiting');
  });

  it('answers questions while waiting and relays them, answers emergencies, and ends on 结束人工', () => {
    const c = conversation(undefined, undefined, { deskAvailable: true });
    c.send('人工');
    const asked = c.send('我怀孕了能做吗');
    expect(asked.effects).toEqual([{ type: 'relayToDesk', text: '我怀孕了能做吗' }]);
    expect(said(asked)).toMatch(/孕妇/);
    expect(said(asked)).toMatch(/也已转给顾问/);
    const alarm = c.send('我喘不上气');
    expect(alarm.route.route).toBe('emergency');
    expect(alarm.effects).toContainEqual(expect.objectContaining({ type: 'alertDesk', family: 'breathing' }));
    const ended = c.send('结束人工');
    expect(ended.effects).toEqual([{ type: 'closeTicket', by: 'patient' }]);
    expect(c.session?.handoff).toBeNull();
  });

  it('relays consultant events and asks for a rating when the consultant closes', () => {
    const c = conversation(undefined, undefined, { deskAvailable: true });
    c.send('人工');
    expect(said(c.send({ kind: 'desk', event: 'taken' }))).toMatch(/顾问已接入/);
    expect(c.send('谢谢').replies).toEqual([]); // quiet while a consultant is there
    expect(said(c.send({ kind: 'desk', event: 'reply', text: '您好' }))).toBe('顾问:您好');
    const closed = c.send({ kind: 'desk', event: 'closed' });
    expect(said(closed)).toMatch(/1–5/);
    const rated = c.send('4');
    expect(rated.effects).toEqual([{ type: 'rate', score: 4 }]);
    expect(c.session?.state.name).toBe('idle');
  });
});

describe('desk controller', () => {
  async function setup(opts: { failSend?: boolean } = {}) {
    const { createDesk } = await import('../../src/handoff/createDesk.js');
    const { createMemoryTicketStore } = await import('../../src/session/createMemoryTicketStore.js');
    const { captureLogs } = await import('../support/runtime.js');
    let now = 1_000_000;
    const tickets = createMemoryTicketStore(86_400_000, () => now);
    const posted: string[] = [];
    const sent: string[] = [];
    const desk = createDesk({ tickets, content: shippedBundle().content, consultants: new Set(['telegram:1']), logger: captureLogs().logger, remindAfterMs: 10 * 60_000, now: () => now });
    desk.addBoard({ platform: 'test', post: async (t) => void posted.push(t) });
    desk.connect('test', async (_id, replies) => {
      if (opts.failSend) throw new Error('blocked');
      sent.push(...replies.map((r) => r.text));
    });
    // The bot side: a real engine conversation per patient id, kept in memory.
    const chats = new Map<string, ReturnType<typeof conversation>>();
    desk.attach({ handle: async (ref, inbound) => ({ replies: (chats.get(ref.userId) ?? chats.set(ref.userId, conversation(undefined, undefined, { deskAvailable: true })).get(ref.userId)!).send(inbound).replies, route: { route: 'handoff', id: null, score: null } }) });
    const open = async (userId: string) => {
      const c = chats.get(userId) ?? chats.set(userId, conversation(undefined, undefined, { deskAvailable: true })).get(userId)!;
      c.send('人工');
      return (await tickets.open({ user: userId, channel: 'test', userId, displayName: '张**', reason: 'asked', urgent: false, lang: 'zh', openedAt: now, screening: null, transcript: [] })).ticket;
    };
    return { desk, tickets, posted, sent, open, advance: (ms: number) => void (now += ms) };
  }

  it('re-announces a ticket nobody took in time, and tells the patient once', async () => {
    const s = await setup();
    const t = await s.open('p1');
    await s.desk.remind();
    expect(s.posted).toEqual([]); // not yet
    s.advance(11 * 60_000);
    await s.desk.remind();
    await s.desk.remind();
    expect(s.posted.filter((p) => p.includes(`⏰ 仍在等待 #${t.number}`))).toHaveLength(1);
    expect(s.sent.filter((m) => /仍在排队/.test(m))).toHaveLength(1);
  });

  it('retries a relay that fails and finally tells the desk', async () => {
    const s = await setup({ failSend: true });
    const t = await s.open('p2');
    // The command returns once the reply is handed over; the failure is reported when the retries are spent.
    expect(await s.desk.act({ platform: 'telegram', id: '1', name: 'Li' }, { kind: 'reply', n: t.number, text: '您好' })).toBeNull();
    await s.desk.idle();
    expect(s.posted).toContain(`#${t.number} 消息未能送达患者(渠道未连接或患者已屏蔽机器人)。`);
  }, 10_000);

  it('takes an untaken ticket when a consultant answers it, so the patient never gets two consultants', async () => {
    const s = await setup();
    const t = await s.open('p3');
    expect(await s.desk.act({ platform: 'telegram', id: '1', name: 'Li' }, { kind: 'reply', n: t.number, text: '您好' })).toBeNull();
    expect(await s.tickets.get(t.number)).toMatchObject({ status: 'active', consultant: 'Li' });
    expect(s.sent).toContain('顾问:您好');
  });
});
