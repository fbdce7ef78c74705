import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { keys } from '../../src/session/keys.js';
import { decodeSession } from '../../src/session/sessionCodec.js';
import { ticketKeys } from '../../src/session/ticketKeys.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { redisBot } from '../support/runtime.js';

const TOKEN = '123456:TEST-TOKEN';

interface BotMessage {
  chat_id: number | string;
  text: string;
  parse_mode?: string;
  reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][] };
}

describe('Telegram channel against the Bot API emulator, on real Redis', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let channel: TelegramChannel;
  let nextUser = 5000;

  beforeAll(async () => {
    api = await startBotApiEmulator();
    redis = await testRedis(6);
    const { bot, logger } = redisBot(redis);
    channel = createTelegramChannel({ token: TOKEN, apiRoot: api.apiRoot, bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger });
    await channel.start();
  });
  afterAll(async () => {
    await channel.stop();
    await api.stop();
    await redis.quit();
  });

  /** A patient in a private chat, and what the bot has sent them. */
  function patient() {
    const id = nextUser++;
    const client = api.emulator.getClient(TOKEN, { userId: id, chatId: id, firstName: 'Zhang', userName: `u${id}`, type: 'private' });
    let seen = 0;
    const inbox = () => api.emulator.storage.botMessages.filter((u) => String(u.message.chat_id) === String(id)).map((u) => ({ ...(u.message as unknown as BotMessage), message_id: u.messageId }));
    return {
      id,
      client,
      /** Waits for the bot's next messages and returns them. */
      async next(min = 1, ms = 8000): Promise<(BotMessage & { message_id: number })[]> {
        const until = Date.now() + ms;
        while (inbox().length < seen + min) {
          if (Date.now() > until) throw new Error(`no reply: have ${inbox().length - seen}, want ${min}`);
          await new Promise((r) => setTimeout(r, 25));
        }
        await new Promise((r) => setTimeout(r, 150)); // let a multi-part reply arrive whole
        const fresh = inbox().slice(seen);
        seen = inbox().length;
        return fresh;
      },
      async say(text: string) {
        await client.sendMessage(client.makeMessage(text));
        return this.next();
      },
      async command(text: string) {
        await client.sendCommand(client.makeCommand(text));
        return this.next();
      },
      /** Presses the button whose label matches, on the given message. */
      async press(msg: BotMessage & { message_id: number }, label: RegExp) {
        const button = msg.reply_markup?.inline_keyboard?.flat().find((b) => label.test(b.text));
        if (!button) throw new Error(`no button ${label} in ${JSON.stringify(msg.reply_markup)}`);
        return this.pressData(msg, button.callback_data);
      },
      async pressData(msg: { message_id: number }, data: string) {
        await client.sendCallback(client.makeCallbackQuery(data, { message: { message_id: msg.message_id, chat: { id, type: 'private', first_name: 'Zhang' } } }));
        return this.next();
      },
    };
  }

  const last = <T>(xs: T[]): T => xs[xs.length - 1]!;
  const buttons = (m: BotMessage) => m.reply_markup?.inline_keyboard?.flat().map((b) => b.text) ?? [];

  it('/start greets with the one-line disclaimer and the menu as inline buttons, after registering commands', async () => {
    const p = patient();
    const [menu] = await p.command('/start');
    expect(menu!.text).toMatch(/中科西部干细胞/);
    expect(menu!.text).toMatch(/不构成诊断/);
    expect(menu!.parse_mode).toBe('HTML');
    expect(buttons(menu!)).toEqual(['常见问题', '适宜性初步自测', '人工顾问']);
    const commandCalls = api.calls.filter((c) => c.method === 'setMyCommands');
    expect(commandCalls.map((c) => (c.body.language_code as string | undefined) ?? 'default').sort()).toEqual(['default', 'zh']);
    expect(api.calls.some((c) => c.method === 'sendChatAction')).toBe(true);
  });

  it('greets an English-speaking Telegram user in English', async () => {
    const p = patient();
    await p.client.sendCommand(p.client.makeCommand('/start', { from: { id: p.id, is_bot: false, first_name: 'Amy', username: 'amy', language_code: 'en' } } as never));
    const [menu] = await p.next();
    expect(menu!.text).toMatch(/Hello/);
    expect(buttons(menu!)).toEqual(['Common questions', 'Suitability self-check', 'Talk to a consultant']);
  });

  it('answers an FAQ question with the doctor reminder', async () => {
    const p = patient();
    const reply = last(await p.say('孕妇可以打干细胞吗'));
    expect(reply.text).toMatch(/孕/);
    expect(reply.text).toMatch(/医生/);
    expect(buttons(reply)).toContain('开始自测');
  });

  it('runs the whole checklist by pressing buttons, to a "none found" result', async () => {
    const p = patient();
    let m = last(await p.command('/start'));
    m = last(await p.press(m, /自测/));
    expect(m.text).toMatch(/敏感个人信息/);
    m = last(await p.press(m, /同意/));
    for (let i = 1; i <= 6; i++) {
      expect(m.text).toMatch(new RegExp(`${i}/6`));
      m = last(await p.press(m, /^否$/));
    }
    expect(m.text).toMatch(/未发现所列的禁忌情况/);
    expect(buttons(m)).toContain('人工顾问');
  });

  it('runs the checklist by buttons to every kind of flag: not recommended, defer, caution, unsure', async () => {
    const p = patient();
    let m = last(await p.command('/check'));
    m = last(await p.press(m, /同意/));
    for (const answer of [/^是$/, /不确定/, /^是$/, /^是$/, /^否$/, /^是$/]) m = last(await p.press(m, answer));
    expect(m.text).toMatch(/目前不建议/);
    expect(m.text).toMatch(/先治疗/);
    expect(m.text).toMatch(/慎重评估/);
    expect(m.text).toMatch(/不确定,需要与医生核实/);
  });

  it('runs the checklist by typing', async () => {
    const p = patient();
    await p.say('我适合做干细胞吗');
    await p.say('同意');
    let m = last(await p.say('没有'));
    for (const answer of ['2', '不是', 'no', '否']) m = last(await p.say(answer));
    m = last(await p.say('不清楚'));
    expect(m.text).toMatch(/不确定,需要与医生核实/);
  });

  it('refuses a stale or forged button: it cannot change an answered question', async () => {
    const p = patient();
    await p.command('/check');
    const q1 = last(await p.say('同意'));
    const q2 = last(await p.press(q1, /^否$/));
    expect(q2.text).toMatch(/2\/6/);
    for (const data of [q1.reply_markup!.inline_keyboard![0]![0]!.callback_data, '999999|ans:yes', 'garbage', 'x'.repeat(64)]) {
      const again = await p.pressData(q1, data);
      expect(again.map((r) => r.text).join('\n')).toMatch(/已过期[\s\S]*2\/6/);
    }
    expect(api.calls.filter((c) => c.method === 'answerCallbackQuery').length).toBeGreaterThanOrEqual(4);
  });

  it('replies "text only" to a sticker and ignores group chats', async () => {
    const p = patient();
    const sticker = { ...p.client.makeMessage('x'), sticker: { file_id: 'abc', width: 1, height: 1, is_animated: false } } as Record<string, unknown>;
    delete sticker.text;
    await p.client.sendMessage(sticker as never);
    expect(last(await p.next()).text).toMatch(/文字/);

    const group = api.emulator.getClient(TOKEN, { userId: 77, chatId: -1001, type: 'group', chatTitle: 'family' });
    const before = api.emulator.storage.botMessages.length;
    await group.sendMessage(group.makeMessage('孕妇可以做吗'));
    await new Promise((r) => setTimeout(r, 600));
    expect(api.emulator.storage.botMessages.length).toBe(before);
  });

  it('erases everything of the user on /delete', async () => {
    const p = patient();
    await p.say('转人工');
    const [done] = await p.command('/delete');
    expect(done!.text).toMatch(/已全部删除/);
    const { tag } = redisBot(redis);
    const user = tag({ channel: 'telegram', userId: String(p.id) });
    expect(await redis.exists(keys.session(user), ticketKeys.latest(user), ticketKeys.mine(user))).toBe(0);
  });

  it('handles a redelivered update once', async () => {
    const p = patient();
    const update = { update_id: 900_001, message: { message_id: 1, date: 0, chat: { id: p.id, type: 'private' as const, first_name: 'Z' }, from: { id: p.id, is_bot: false, first_name: 'Z' }, text: '菜单' } };
    for (let i = 0; i < 3; i++) await channel.telegraf.handleUpdate(update);
    await p.next(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(await p.next(0)).toEqual([]);
    const { tag } = redisBot(redis);
    const stored = decodeSession((await redis.hget(keys.session(tag({ channel: 'telegram', userId: String(p.id) })), 'data')) ?? '');
    expect(stored.ok && stored.value.messages).toBe(1); // took effect once, not only answered once
  });

  it('waits out a 429 and still delivers the reply', async () => {
    const p = patient();
    api.failNext('sendMessage', 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const started = Date.now();
    const [reply] = await p.say('菜单');
    expect(reply!.text).toMatch(/请选择/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('Telegram rendering of a very long answer', () => {
  it('splits a 5,000-character answer at paragraph boundaries, with the buttons on the last part', async () => {
    const api = await startBotApiEmulator();
    const redis = await testRedis(7);
    const base = shippedBundle().content;
    const about = base.faq.get('about')!;
    const paragraph = '干细胞科普。'.repeat(100); // 600 characters
    const long = { ...about, answer: { zh: Array.from({ length: 8 }, () => paragraph).join('\n\n'), en: about.answer.en } };
    const content = { ...base, faq: new Map([...base.faq, ['about', long]]) };
    const { bot, logger } = redisBot(redis, { content });
    const channel = createTelegramChannel({ token: TOKEN, apiRoot: api.apiRoot, bot, content, delivery: createRedisDeliveryLog(redis), logger });
    await channel.start();
    try {
      const client = api.emulator.getClient(TOKEN, { userId: 42, chatId: 42, type: 'private' });
      await client.sendMessage(client.makeMessage('你们是什么机构'));
      const until = Date.now() + 8000;
      let msgs: BotMessage[] = [];
      while (msgs.length < 2 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
        msgs = api.emulator.storage.botMessages.map((u) => u.message as unknown as BotMessage);
      }
      await new Promise((r) => setTimeout(r, 300));
      msgs = api.emulator.storage.botMessages.map((u) => u.message as unknown as BotMessage);
      expect(msgs.length).toBe(2);
      expect(msgs.every((m) => m.text.length <= 4096)).toBe(true);
      expect(msgs[0]!.text.endsWith('。')).toBe(true); // cut between paragraphs, not inside one
      expect(msgs[0]!.reply_markup).toBeUndefined();
      expect(msgs[1]!.reply_markup?.inline_keyboard?.length).toBeGreaterThan(0);
    } finally {
      await channel.stop();
      await api.stop();
      await redis.quit();
    }
  });
});
