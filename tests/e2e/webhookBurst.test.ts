import { request } from 'node:http';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { telegramLimits } from '../../src/channels/telegram/createTelegramOutbox.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { buildRuntime, type Runtime } from '../../src/runtime/buildRuntime.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { shippedBundle } from '../support/bundle.js';
import { dbUrl, testRedis } from '../support/redis.js';
import { freePort } from '../support/redisServer.js';
import { captureLogs, SECRET } from '../support/runtime.js';
import { privateUpdate } from '../support/privateUpdate.js';

const DB = 39;
const HOOK_SECRET = 'burst-secret_123';
/** Issue 17's hidden check: 2,000 distinct users at once through the real webhook. */
const USERS = Number(process.env.WEBHOOK_BURST_USERS ?? 2000);

const post = (port: number, body: string) =>
  new Promise<number>((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path: '/tg/hook', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': HOOK_SECRET } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('error', reject);
    r.end(body);
  });

const update = (id: number, userId: number, text: string) => privateUpdate(id, userId, text);

/** Outcomes, not time: every update applied (200) and every user answered, none with the apology. */
describe('a burst of users through the Telegram webhook', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let runtime: Runtime;
  let channel: TelegramChannel;
  let port: number;
  beforeAll(async () => {
    api = await startBotApiEmulator();
    redis = await testRedis(DB);
    runtime = await buildRuntime(loadConfig({ REDIS_URL: dbUrl(DB), BOT_SECRET: SECRET }), shippedBundle(), captureLogs().logger);
    port = await freePort();
    channel = createTelegramChannel({
      token: '876543:BURST',
      apiRoot: api.apiRoot,
      webhook: { url: 'https://bot.example.test/tg/hook', secret: HOOK_SECRET, port, host: '127.0.0.1' },
      bot: runtime.bot,
      content: shippedBundle().content,
      delivery: runtime.delivery,
      logger: captureLogs().logger,
      overloaded: () => runtime.gate.waiting > 10_000,
      // Telegram's 30 a second would make sending 2,000 replies the slow part; receiving is under test.
      limits: { ...telegramLimits, globalPerSecond: 100_000 },
    });
    await channel.start();
  });
  afterAll(async () => {
    await channel.stop();
    await api.stop();
    await runtime.close();
    await redis.quit();
  });

  it(`applies ${USERS} simultaneous updates from distinct users and answers every one, none with an apology`, async () => {
    const questions = ['干细胞治疗安全吗', '费用大概多少', '菜单', '治疗需要几次', 'how much does it cost'];
    const statuses = await Promise.all(Array.from({ length: USERS }, (_, i) => post(port, update(1000 + i, 50_000 + i, questions[i % questions.length]!))));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const apology = new Set(Object.values(shippedBundle().content.messages.storeDown));
    const answered = () => new Set(api.emulator.storage.botMessages.map((m) => String(m.message.chat_id)));
    // The replies are queued by the time each 200 is sent; wait for the outbox to hand them over.
    for (let i = 0; i < 1200 && answered().size < USERS; i++) await new Promise((r) => setTimeout(r, 100));
    expect(answered().size).toBe(USERS);
    expect(api.emulator.storage.botMessages.filter((m) => apology.has(String(m.message.text)))).toEqual([]);
  }, 300_000);
});
