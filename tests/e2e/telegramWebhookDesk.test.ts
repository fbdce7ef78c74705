import { request } from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { telegramLimits } from '../../src/channels/telegram/createTelegramOutbox.js';
import { createDesk } from '../../src/handoff/createDesk.js';
import type { Bot } from '../../src/runtime/createBot.js';
import { createMemoryDeliveryLog, createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { createRedisDeskLinks } from '../../src/session/createDeskLinks.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { shippedBundle } from '../support/bundle.js';
import { redisUrl } from '../support/redis.js';
import { freePort } from '../support/redisServer.js';
import { captureLogs, redisBot } from '../support/runtime.js';

const TOKEN = '7756:DESK-WEBHOOK';
const SECRET = 'desk-secret_56';
const PATH = '/tg/desk';
const GROUP = -100560;
const CONSULTANT = 5656;
const DAY = 86_400_000;

function post(port: number, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path: PATH, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('error', reject);
    r.end(JSON.stringify(body));
  });
}

const fromPatient = (id: number, chat: number, text: string) => ({ update_id: id, message: { message_id: id, date: 0, chat: { id: chat, type: 'private', first_name: 'Z' }, from: { id: chat, is_bot: false, first_name: '张三' }, text } });
const fromConsultant = (id: number, text: string) => ({ update_id: id, message: { message_id: id, date: 0, chat: { id: GROUP, type: 'supergroup', title: 'desk' }, from: { id: CONSULTANT, is_bot: false, first_name: 'Li' }, text } });

async function webhookChannel(api: BotApiEmulator, o: Omit<Parameters<typeof createTelegramChannel>[0], 'token' | 'apiRoot' | 'webhook' | 'content'>) {
  const port = await freePort();
  const channel = createTelegramChannel({ token: TOKEN, apiRoot: api.apiRoot, webhook: { url: `https://bot.example.test${PATH}`, secret: SECRET, port, host: '127.0.0.1' }, content: shippedBundle().content, ...o });
  await channel.start();
  return { channel, port };
}

describe('the webhook answers a desk command only once it is stored', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let channel: TelegramChannel;
  let port: number;
  beforeAll(async () => {
    api = await startBotApiEmulator();
    // No offline queue: while disconnected every command fails at once, as in an outage.
    redis = new Redis(redisUrl(), { db: 56, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await redis.connect();
    await redis.flushdb();
    const { bot, logger } = redisBot(redis);
    const desk = createDesk({ tickets: createRedisTicketStore(redis, DAY), content: shippedBundle().content, consultants: new Set([`telegram:${CONSULTANT}`]), logger, remindAfterMs: DAY });
    desk.attach(bot);
    bot.attachDesk(desk);
    ({ channel, port } = await webhookChannel(api, {
      bot, delivery: createRedisDeliveryLog(redis), logger, limits: { ...telegramLimits, perGroupPerMinute: 1000 },
      desk: { desk, links: createRedisDeskLinks(redis, DAY), chatId: GROUP, consultantIds: [String(CONSULTANT)] },
    }));
  });
  afterAll(async () => {
    await channel.stop();
    await api.stop();
    await redis.quit().catch(() => undefined);
  });

  const sentTo = (chat: number) => api.emulator.storage.botMessages.filter((u) => String(u.message.chat_id) === String(chat)).map((u) => u.message.text);
  async function waitFor(chat: number, what: (text: string) => boolean, label: string): Promise<string> {
    for (let i = 0; i < 1500; i++) {
      const hit = sentTo(chat).find(what);
      if (hit !== undefined) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`chat ${chat}: no ${label} in ${sentTo(chat).join(' | ')}`);
  }

  it('answers 500 to "#n …" and "/close n" while Redis is down, and applies each once when redelivered', async () => {
    const P = 5661;
    expect(await post(port, fromPatient(1, P, '转人工'))).toBe(200);
    const card = await waitFor(GROUP, (t) => /🆕 工单 #\d+/.test(t), 'case card');
    const n = Number(/#(\d+)/.exec(card)![1]);

    const ended = new Promise((r) => redis.once('end', r));
    redis.disconnect();
    await ended;
    const answer = fromConsultant(101, `#${n} 您好,我是李顾问`);
    const close = fromConsultant(102, `/close ${n}`);
    expect(await post(port, answer)).toBe(500);
    expect(await post(port, close)).toBe(500);

    await redis.connect();
    // Telegram redelivers in order; a further copy of each changes nothing.
    for (const u of [answer, close, answer, close]) expect(await post(port, u)).toBe(200);
    await waitFor(P, (t) => /1–5/.test(t), 'rating question');
    for (let i = 0; i < 1500 && channel.outbox.pending > 0; i++) await new Promise((r) => setTimeout(r, 10));
    const fromDesk = sentTo(P).filter((t) => t.startsWith('顾问:') || /1–5/.test(t));
    expect(fromDesk).toEqual(['顾问:您好,我是李顾问', fromDesk[1]]);
    expect((await createRedisTicketStore(redis, DAY).get(n))?.status).toBe('closed');
  });
});

describe('telegraf\u2019s handler timeout', () => {
  it('is answered 500, so Telegram redelivers, and logged as a timeout, not as an error', async () => {
    const api = await startBotApiEmulator();
    const { logger, lines } = captureLogs();
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    // A message whose handling outlives the timeout (a stalled store, say).
    const bot = { handle: async () => (await held, { replies: [], route: null }) } as unknown as Bot;
    const { channel, port } = await webhookChannel(api, { bot, delivery: createMemoryDeliveryLog(), logger });
    (channel.telegraf as unknown as { options: { handlerTimeout: number } }).options.handlerTimeout = 50;
    expect(await post(port, fromPatient(7, 5671, '你好'))).toBe(500);
    release();
    await channel.stop();
    await api.stop();
    const logs = lines.join('\n');
    expect(logs).toMatch(/"level":40.*"code":"CSB_TG_HANDLER_TIMEOUT"/);
    expect(logs).not.toMatch(/CSB_TG_MIDDLEWARE/);
  });
});
