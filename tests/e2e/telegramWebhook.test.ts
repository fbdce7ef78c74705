import { request } from 'node:http';
import type { Redis } from 'ioredis';
import { Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, createTelegramMiddleware, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { keys } from '../../src/session/keys.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { freePort } from '../support/redisServer.js';
import { redisBot } from '../support/runtime.js';
import { privateUpdate } from '../support/privateUpdate.js';

const TOKEN = '654321:WEBHOOK-TOKEN';
const SECRET = 'right-secret_123';

function post(port: number, path: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('error', (e) => (String(e).includes('ECONNRESET') || String(e).includes('EPIPE') ? resolve(413) : reject(e)));
    r.end(body);
  });
}

const update = (id: number, userId: number, text: string) => privateUpdate(id, userId, text);

describe('Telegram webhook mode', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let channel: TelegramChannel;
  let port: number;
  beforeAll(async () => {
    api = await startBotApiEmulator();
    redis = await testRedis(8);
    const { bot, logger } = redisBot(redis);
    port = await freePort();
    channel = createTelegramChannel({ token: TOKEN, apiRoot: api.apiRoot, webhook: { url: `https://bot.example.test/tg/hook`, secret: SECRET, port, host: '127.0.0.1' }, bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger });
    await channel.start();
  });
  afterAll(async () => {
    await channel.stop();
    await api.stop();
    await redis.quit();
  });

  it('registers the webhook with a secret token', () => {
    const call = api.calls.find((c) => c.method === 'setWebhook');
    expect(call?.body).toMatchObject({ url: 'https://bot.example.test/tg/hook', secret_token: SECRET });
  });

  it('answers 403 to a wrong or missing secret and changes nothing', async () => {
    expect(await post(port, '/tg/hook', update(1, 11, '我适合做吗'), { 'x-telegram-bot-api-secret-token': 'wrong' })).toBe(403);
    expect(await post(port, '/tg/hook', update(2, 11, '我适合做吗'))).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(await redis.keys(keys.session('*'))).toEqual([]);
    expect(api.emulator.storage.botMessages.length).toBe(0);
  });

  it('applies an update with the right secret, answers 200, and replies once however often it is delivered', async () => {
    for (let i = 0; i < 3; i++) expect(await post(port, '/tg/hook', update(3, 12, '菜单'), { 'x-telegram-bot-api-secret-token': SECRET })).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const replies = api.emulator.storage.botMessages.filter((m) => String(m.message.chat_id) === '12');
    expect(replies).toHaveLength(1);
  });

  it('rejects a body over the size limit and malformed JSON', async () => {
    expect(await post(port, '/tg/hook', `{"update_id":4,"x":"${'a'.repeat(1_100_000)}"}`, { 'x-telegram-bot-api-secret-token': SECRET })).toBe(413);
    expect(await post(port, '/tg/hook', '{nope', { 'x-telegram-bot-api-secret-token': SECRET })).toBe(400);
  });
});

describe('embedding in an existing telegraf bot', () => {
  it('handles private chats and passes everything else to the next middleware', async () => {
    const redis = await testRedis(9);
    const { bot, logger } = redisBot(redis);
    const host = new Telegraf('1:x');
    host.botInfo = { id: 1, is_bot: true, first_name: 'host', username: 'host_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
    const sent: string[] = [];
    host.telegram.callApi = (async (method: string, payload: { text?: string }) => {
      if (method === 'sendMessage') sent.push(payload.text ?? '');
      return true;
    }) as never;
    host.use(createTelegramMiddleware({ telegram: host.telegram, bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger }).middleware);
    const passedOn: number[] = [];
    host.use((ctx) => void passedOn.push(ctx.update.update_id));
    await host.handleUpdate(JSON.parse(update(10, 21, '孕妇可以做干细胞吗')));
    await host.handleUpdate({ update_id: 11, message: { message_id: 1, date: 0, chat: { id: -5, type: 'group', title: 'g' }, from: { id: 3, is_bot: false, first_name: 'g' }, text: 'hi' } } as never);
    expect(sent.join('\n')).toMatch(/孕/);
    expect(passedOn).toEqual([11]);
    await redis.quit();
  });
});
