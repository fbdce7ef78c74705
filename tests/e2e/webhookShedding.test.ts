import { request } from 'node:http';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { keys } from '../../src/session/keys.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { freePort } from '../support/redisServer.js';
import { redisBot } from '../support/runtime.js';
import { privateUpdate } from '../support/privateUpdate.js';

const DB = 38;
const SECRET = 'shed-secret_123';

const post = (port: number, body: string) =>
  new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path: '/tg/hook', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined });
    });
    r.on('error', reject);
    r.end(body);
  });

const update = (id: number, userId: number, text: string) => privateUpdate(id, userId, text);

describe('webhook under overload', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let channel: TelegramChannel;
  let port: number;
  let overloaded = false;
  beforeAll(async () => {
    api = await startBotApiEmulator();
    redis = await testRedis(DB);
    const { bot, logger } = redisBot(redis);
    port = await freePort();
    const webhook = { url: 'https://bot.example.test/tg/hook', secret: SECRET, port, host: '127.0.0.1' };
    channel = createTelegramChannel({ token: '765432:SHED', apiRoot: api.apiRoot, webhook, bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger, overloaded: () => overloaded });
    await channel.start();
  });
  afterAll(async () => {
    await channel.stop();
    await api.stop();
    await redis.quit();
  });

  it('answers 503 without touching the store while the process is overloaded, and applies the redelivery', async () => {
    overloaded = true;
    expect(await post(port, update(1, 31, '菜单'))).toEqual({ status: 503, retryAfter: '1' });
    expect(await redis.keys(keys.session('*'))).toEqual([]);
    expect(await redis.dbsize()).toBe(0);
    overloaded = false;
    // Telegram redelivers the same update later: it is applied as if it were the first delivery.
    expect((await post(port, update(1, 31, '菜单'))).status).toBe(200);
    expect(await redis.keys(keys.session('*'))).toHaveLength(1);
  });
});
