import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { telegramLimits } from '../../src/channels/telegram/createTelegramOutbox.js';
import { createDesk, type Desk } from '../../src/handoff/createDesk.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { createRedisDeskLinks } from '../../src/session/createDeskLinks.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { redisBot } from '../support/runtime.js';

const TOKEN = '777:DESK-TOKEN';
const GROUP = -100500;
const CONSULTANT = 4242;
const STRANGER = 999;
const DAY = 86_400_000;

interface Sent {
  chat_id: number | string;
  text: string;
  message_id: number;
  reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][] };
}

describe('human handoff through the Telegram desk, on real Redis', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let channel: TelegramChannel;
  let desk: Desk;

  /** Builds bot, desk and channel as main.ts does; called again to simulate a restart. */
  async function boot() {
    const { bot, logger } = redisBot(redis);
    const tickets = createRedisTicketStore(redis, DAY);
    desk = createDesk({ tickets, content: shippedBundle().content, consultants: new Set([`telegram:${CONSULTANT}`]), logger, remindAfterMs: 600_000 });
    desk.attach(bot);
    bot.attachDesk(desk);
    channel = createTelegramChannel({
      token: TOKEN, apiRoot: api.apiRoot, bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger,
      // The desk group gets more than Telegram's 20 messages a minute here; the limit itself has its own unit test.
      limits: { ...telegramLimits, perGroupPerMinute: 1000 },
      desk: { desk, links: createRedisDeskLinks(redis, DAY), chatId: GROUP, consultantIds: [String(CONSULTANT)] },
    });
    await channel.start();
  }

  beforeAll(async () => {
    api = await startBotApiEmulator();
    redis = await testRedis(20);
    await boot();
  });
  afterAll(async () => {
    await channel.stop();
    await api.stop();
    await redis.quit();
  });

  const sentTo = (chat: number): Sent[] => api.emulator.storage.botMessages.filter((u) => String(u.message.chat_id) === String(chat)).map((u) => ({ ...(u.message as unknown as Sent), message_id: u.messageId }));
  async function waitFor(chat: number, count: number, ms = 8000): Promise<Sent[]> {
    const until = Date.now() + ms;
    while (sentTo(chat).length < count) {
      if (Date.now() > until) throw new Error(`chat ${chat}: ${sentTo(chat).length} messages, wanted ${count}: ${sentTo(chat).map((m) => m.text.slice(0, 40)).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return sentTo(chat);
  }
  const quiet = () => new Promise((r) => setTimeout(r, 500));

  const patient = (id: number) => api.emulator.getClient(TOKEN, { userId: id, chatId: id, firstName: '张三丰', type: 'private' });
  const consultant = (id = CONSULTANT) => api.emulator.getClient(TOKEN, { userId: id, chatId: GROUP, firstName: id === CONSULTANT ? 'Li' : 'Nobody', type: 'group', chatTitle: 'desk' });
  const groupMsg = (text: string, extra: Record<string, unknown> = {}) => ({ ...consultant().makeMessage(text), ...extra });
  const ticketNo = (card: Sent) => Number(/#(\d+)/.exec(card.text)?.[1]);

  it('runs the whole round trip: request, card, take, reply both ways, close, rating', async () => {
    const p = patient(31);
    await p.sendMessage(p.makeMessage('转人工'));
    const opened = await waitFor(31, 2);
    expect(opened.map((m) => m.text).join('\n')).toMatch(/已为您转接人工顾问[\s\S]*第 1 位/);

    const [card] = await waitFor(GROUP, 1);
    expect(card!.text).toMatch(/工单 #\d+ · telegram · 张\*\* · 中文/);
    expect(card!.text).toMatch(/患者:转人工/);
    const n = ticketNo(card!);
    const take = card!.reply_markup!.inline_keyboard![0]![0]!;
    expect(take.callback_data).toBe(`desk|take|${n}`);

    const c = consultant();
    await c.sendCallback(c.makeCallbackQuery(take.callback_data, { message: { message_id: card!.message_id, chat: { id: GROUP, type: 'group', title: 'desk' } } } as never));
    expect((await waitFor(31, 3)).at(-1)!.text).toMatch(/顾问已接入/);
    expect((await waitFor(GROUP, 2)).at(-1)!.text).toMatch(new RegExp(`#${n} 已由 Li 接单`));

    await c.sendMessage(groupMsg('您好,我是李顾问', { reply_to_message: { message_id: card!.message_id, date: 0, chat: { id: GROUP, type: 'group' } } }) as never);
    expect((await waitFor(31, 4)).at(-1)!.text).toBe('顾问:您好,我是李顾问');

    await p.sendMessage(p.makeMessage('我怀孕三个月了,还能做吗'));
    expect((await waitFor(GROUP, 3)).at(-1)!.text).toBe(`#${n} 张**:我怀孕三个月了,还能做吗`);
    await quiet();
    expect(sentTo(31)).toHaveLength(4); // with a consultant the bot stays quiet

    await c.sendMessage(groupMsg(`#${n} 孕期不建议做,我们详细聊`) as never);
    expect((await waitFor(31, 5)).at(-1)!.text).toBe('顾问:孕期不建议做,我们详细聊');

    await c.sendMessage(groupMsg(`/close ${n}`) as never);
    const closed = (await waitFor(31, 6)).at(-1)!;
    expect(closed.text).toMatch(/已结束[\s\S]*1–5/);
    const five = closed.reply_markup!.inline_keyboard!.flat().find((b) => b.text === '5')!;
    await p.sendCallback(p.makeCallbackQuery(five.callback_data, { message: { message_id: closed.message_id, chat: { id: 31, type: 'private', first_name: 'Z' } } } as never));
    expect((await waitFor(31, 7)).at(-1)!.text).toMatch(/感谢您的评价/);
    await quiet();
    const stored = await createRedisTicketStore(redis, DAY).get(n);
    expect(stored).toMatchObject({ status: 'closed', rating: 5, consultant: 'Li' });
  });

  it('ignores anyone in the desk who is not on the allow-list', async () => {
    const p = patient(32);
    const cardsBefore = sentTo(GROUP).length;
    await p.sendMessage(p.makeMessage('人工'));
    const cards = await waitFor(GROUP, cardsBefore + 1);
    const n = ticketNo(cards.at(-1)!);
    const before = sentTo(GROUP).length;
    const s = consultant(STRANGER);
    await s.sendMessage({ ...s.makeMessage(`/take ${n}`) } as never);
    await s.sendMessage({ ...s.makeMessage(`#${n} 我是假顾问`) } as never);
    await quiet();
    expect(sentTo(GROUP)).toHaveLength(before);
    expect(sentTo(32).map((m) => m.text).join('\n')).not.toMatch(/假顾问|顾问已接入/);
  });

  it('lets one of two racing takes win and tells the other who has it', async () => {
    const p = patient(33);
    const cardsBefore = sentTo(GROUP).length;
    await p.sendMessage(p.makeMessage('人工'));
    const n = ticketNo((await waitFor(GROUP, cardsBefore + 1))[cardsBefore]!);
    const actors = [{ platform: 'telegram', id: String(CONSULTANT), name: 'Li' }, { platform: 'telegram', id: String(CONSULTANT), name: 'Li-2' }];
    const answers = await Promise.all(actors.map((a) => desk.act(a, { kind: 'take', n })));
    expect(answers.filter((a) => a === null)).toHaveLength(1);
    expect(answers.find((a) => a !== null)).toMatch(new RegExp(`#${n} 已由 Li(-2)? 接单`));
    await desk.idle(); // the taken notice goes out after act returns; the next test counts the group's messages
  });

  it('keeps a waiting ticket across a restart, and the desk can still take it', async () => {
    const p = patient(34);
    const cardsBefore = sentTo(GROUP).length;
    await p.sendMessage(p.makeMessage('人工'));
    const n = ticketNo((await waitFor(GROUP, cardsBefore + 1))[cardsBefore]!);
    await channel.stop();
    await boot();
    expect(await desk.act({ platform: 'telegram', id: String(CONSULTANT), name: 'Li' }, { kind: 'queue' })).toMatch(new RegExp(`#${n} 等待中`));
    expect(await desk.act({ platform: 'telegram', id: String(CONSULTANT), name: 'Li' }, { kind: 'take', n })).toBeNull();
    expect((await waitFor(34, 3)).at(-1)!.text).toMatch(/顾问已接入/);
    await desk.idle();
  });

  it('closes and erases the ticket when the patient deletes their data, and tells the desk', async () => {
    const p = patient(35);
    const cardsBefore = sentTo(GROUP).length;
    await p.sendMessage(p.makeMessage('人工'));
    const n = ticketNo((await waitFor(GROUP, cardsBefore + 1))[cardsBefore]!);
    await waitFor(35, 2);
    await p.sendMessage(p.makeMessage('删除我的数据'));
    expect((await waitFor(35, 3)).at(-1)!.text).toMatch(/已全部删除/);
    const until = Date.now() + 3000;
    while (!sentTo(GROUP).some((m) => m.text === `#${n} 用户已删除其数据,工单已关闭并清除。`) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(sentTo(GROUP).some((m) => m.text === `#${n} 用户已删除其数据,工单已关闭并清除。`)).toBe(true);
    expect(await createRedisTicketStore(redis, DAY).get(n)).toBeNull();
    expect(await desk.act({ platform: 'telegram', id: String(CONSULTANT), name: 'Li' }, { kind: 'reply', n, text: 'hi' })).toMatch(/不存在或已结束/);
  });

  it('alerts the desk to an emergency with an urgent card that mentions the consultants, without queueing the patient', async () => {
    const p = patient(36);
    const cardsBefore = sentTo(GROUP).length;
    const openBefore = (await createRedisTicketStore(redis, DAY).listOpen()).length;
    await p.sendMessage(p.makeMessage('我胸口剧痛喘不上气'));
    expect((await waitFor(36, 1))[0]!.text).toMatch(/120/);
    const card = (await waitFor(GROUP, cardsBefore + 1))[cardsBefore]!;
    expect(card.text).toMatch(/🚨 紧急情况提醒 · telegram · 张\*\*/);
    expect(card.text).toMatch(new RegExp(`tg://user\\?id=${CONSULTANT}`));
    expect(card.reply_markup).toBeUndefined(); // no ticket, nothing to take
    expect(await createRedisTicketStore(redis, DAY).listOpen()).toHaveLength(openBefore);
  });

  it('answers /queue and /stats for consultants', async () => {
    const before = sentTo(GROUP).length;
    const c = consultant();
    await c.sendMessage(groupMsg('/stats') as never);
    expect((await waitFor(GROUP, before + 1)).at(-1)!.text).toMatch(/今日工单 \d+ · 等待中位数 .* · 平均评分 5\.0/);
  });
});
