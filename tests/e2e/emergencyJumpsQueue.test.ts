import type { Redis } from 'ioredis';
import type { Context, Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramMiddleware } from '../../src/channels/telegram/createTelegramChannel.js';
import { createDesk } from '../../src/handoff/createDesk.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { createRedisDeskLinks } from '../../src/session/createDeskLinks.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { shippedBundle } from '../support/bundle.js';
import { createManualClock } from '../support/createManualClock.js';
import { testRedis } from '../support/redis.js';
import { redisBot } from '../support/runtime.js';
import { startWechatMock } from '../support/wechatMock.js';

const DAY = 86_400_000;
/** Update ids are unique across the file: the delivery log would take a repeated one for a redelivery. */
let updateId = 0;
const GROUP = -100777;
const RED_FLAG = '我胸口剧痛喘不上气';
/** Ordinary questions, none of them a red flag; what they are answered with does not matter here. */
const QUESTIONS = [
  '干细胞是什么', '回输疼不疼', '要住院吗', '多少钱', '效果能维持多久', '有副作用吗', '糖尿病能做吗', '需要做哪些检查',
  '多久见效', '可以医保吗', '在哪里做', '要打几次', '老人能做吗', '安全吗', '怎么预约',
];

/**
 * The Telegram middleware with a fake Bot API that records every sendMessage, and a clock that
 * moves only when the test steps it: the outbox's pacing runs for real, in order, and nothing
 * depends on how fast this machine is.
 */
function telegramHarness(redis: Redis, withDesk = false) {
  const clock = createManualClock(1_000_000);
  const r = redisBot(redis);
  const sent: { chat: number; text: string }[] = [];
  const telegram = {
    sendMessage: async (chat: number, text: string) => ({ message_id: sent.push({ chat, text }) }),
    sendChatAction: async () => true,
    answerCbQuery: async () => true,
  } as unknown as Telegram;
  const tickets = createRedisTicketStore(redis, DAY);
  const desk = createDesk({ tickets, content: shippedBundle().content, consultants: new Set(), logger: r.logger, remindAfterMs: DAY });
  desk.attach(r.bot);
  r.bot.attachDesk(desk);
  const mw = createTelegramMiddleware({
    telegram, bot: r.bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger: r.logger, outboxClock: clock,
    ...(withDesk ? { desk: { desk, links: createRedisDeskLinks(redis, DAY), chatId: GROUP, consultantIds: [] } } : {}),
  });
  /** One private message through the middleware; resolves when the update's turn is done, not when its replies are sent. */
  const say = (chat: number, text: string) => {
    const update = { update_id: ++updateId, message: { message_id: updateId, date: 0, chat: { id: chat, type: 'private', first_name: '张三丰' }, from: { id: chat, is_bot: false, first_name: '张三丰' }, text } } as unknown as Update;
    return mw.middleware({ update } as Context, async () => undefined);
  };
  const to = (chat: number) => sent.filter((m) => m.chat === chat).map((m) => m.text);
  return { clock, sent, say, to, tickets, desk };
}

describe('the 120 reply never waits (Telegram, real Redis, paced outbox)', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await testRedis(52);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('sends the 120 reply as the next message to a patient who has 15 paced replies queued', async () => {
    const h = telegramHarness(redis);
    // Each turn returns with its replies queued: the clock never moves, so waiting for a send would hang here.
    for (const q of QUESTIONS) await h.say(501, q);
    await h.clock.settle();
    const before = h.to(501).length;
    expect(before).toBeLessThan(QUESTIONS.length); // the burst is out, the rest wait for the chat's pace

    await h.say(501, RED_FLAG);
    await h.clock.settle();
    expect(h.to(501)).toHaveLength(before); // no token yet: the limit still holds
    await h.clock.runAll();

    const all = h.to(501);
    expect(all[before]).toMatch(/120/);
    expect(all.length).toBeGreaterThanOrEqual(QUESTIONS.length + 1); // every earlier answer still goes out, after it
    expect(all.slice(0, before).join('\n')).not.toMatch(/120/);
  });

  it('answers a red flag while 25 handoff cards wait for a desk group paced to 20 a minute, and puts the urgent card first', async () => {
    const h = telegramHarness(redis, true);
    for (let p = 0; p < 25; p++) await h.say(600 + p, '转人工');
    expect((await h.tickets.listOpen()).length).toBe(25); // written before each turn completed
    await h.clock.advance(5_000); // the overall 30-a-second budget refills; the group's minute does not
    const cardsSent = h.to(GROUP).length;
    expect(cardsSent).toBe(20); // the group's minute is full; 5 cards wait

    await h.say(700, RED_FLAG);
    await h.clock.settle();
    // The patient's own chat has its own pace: the reply is out before the desk's clock moves at all.
    expect(h.to(700)[0]).toMatch(/120/);
    expect(h.to(GROUP)).toHaveLength(cardsSent);

    await h.clock.runAll();
    expect(h.to(GROUP)[cardsSent]).toMatch(/🚨/); // the urgent card jumps the 5 waiting ones
    expect(h.to(GROUP)).toHaveLength(26);
  });
});

describe('the 120 reply never waits (WeChat on the mock puppet, real Redis, paced outbox)', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await testRedis(53);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('sends the 120 reply as the next message to a contact who has 15 paced replies queued', async () => {
    const clock = createManualClock(1_000_000);
    const r = redisBot(redis);
    const expected = QUESTIONS.length + 1;
    let handled = 0;
    let allHandled: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allHandled = resolve));
    const wx = await startWechatMock({
      bot: { handle: async (ref, inbound) => r.bot.handle(ref, inbound).finally(() => void (++handled === expected && allHandled())) },
      content: shippedBundle().content,
      delivery: createRedisDeliveryLog(redis),
      logger: r.logger,
      sendGapMs: 3000,
      pacingDeps: { now: clock.now, sleep: clock.sleep, random: () => 0 },
    });
    try {
      const sent: string[] = [];
      const puppet = wx.puppet as unknown as { messageSendText(to: string, text: string): Promise<unknown> };
      const original = puppet.messageSendText.bind(puppet);
      puppet.messageSendText = async (to, text) => (sent.push(text), original(to, text));

      const p = wx.patient();
      for (const q of QUESTIONS) p.contact.say(q).to(wx.self);
      p.contact.say(RED_FLAG).to(wx.self);
      await done; // every message handled in order; the clock has not moved, so at most one reply is out
      await clock.settle();
      const before = sent.length;
      expect(before).toBeLessThan(QUESTIONS.length);
      await clock.runAll();
      expect(sent[before]).toMatch(/120/);
      expect(sent.length).toBeGreaterThanOrEqual(expected);
    } finally {
      await wx.stop();
    }
  });
});
