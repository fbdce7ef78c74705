import type { Redis } from 'ioredis';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { telegramLimits } from '../../src/channels/telegram/createTelegramOutbox.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { createRedisFloodGuard } from '../../src/session/createFloodGuard.js';
import { decodeSession } from '../../src/session/sessionCodec.js';
import { keys } from '../../src/session/keys.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { redisBot } from '../support/runtime.js';

const TOKEN = '999:FLOOD-TOKEN';
const FLOODER = 6_000_001;
const MAX = 5;
let updateId = 1;
const update = (chat: number, text: string): Update =>
  ({ update_id: updateId++, message: { message_id: updateId, date: 0, chat: { id: chat, type: 'private', first_name: 'F' }, from: { id: chat, is_bot: false, first_name: 'F' }, text } }) as Update;

describe('one user floods the bot with 100 messages in a second (real Telegram limits)', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let channel: TelegramChannel;
  let tag: ReturnType<typeof redisBot>['tag'];
  beforeAll(async () => {
    api = await startBotApiEmulator();
    redis = await testRedis(35);
    const r = redisBot(redis, { flood: createRedisFloodGuard(redis, { maxMessages: MAX, windowMs: 10_000 }) });
    tag = r.tag;
    channel = createTelegramChannel({ token: TOKEN, apiRoot: api.apiRoot, bot: r.bot, content: shippedBundle().content, delivery: createRedisDeliveryLog(redis), logger: r.logger, limits: telegramLimits });
    await channel.start();
  });
  afterAll(async () => {
    await channel.stop();
    await api.stop();
    await redis.quit();
  });

  const sends = (chat: number) => api.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chat));

  it('keeps answering others at once, handles the flooder’s first messages, says "too fast" once, and paces what it sends', async () => {
    const started = Date.now();
    // As a webhook would deliver them: concurrently, within one second.
    const flood = Array.from({ length: 100 }, (_, i) => new Promise((r) => setTimeout(r, i * 10)).then(() => channel.telegraf.handleUpdate(update(FLOODER, `菜单 ${i}`))));
    await new Promise((r) => setTimeout(r, 300));
    const others = [6_000_101, 6_000_102, 6_000_103, 6_000_104, 6_000_105];
    const asked = Date.now();
    await Promise.all(others.map((id) => channel.telegraf.handleUpdate(update(id, '孕妇可以打干细胞吗'))));
    const until = Date.now() + 30_000;
    while (others.some((id) => sends(id).length === 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const othersMs = Math.max(...others.map((id) => sends(id)[0]!.at - asked));

    // The flooder: the first MAX handled, one polite "too fast" after their replies, the rest dropped.
    const tooFast = () => sends(FLOODER).findIndex((c) => /发送得太快/.test(String(c.body.text)));
    while (tooFast() < 0 && Date.now() < started + 45_000) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(flood);
    await new Promise((r) => setTimeout(r, 1500));
    const toFlooder = sends(FLOODER);
    expect(toFlooder.filter((c) => /发送得太快/.test(String(c.body.text)))).toHaveLength(1);
    expect(tooFast()).toBe(toFlooder.length - 1);
    const stored = decodeSession((await redis.hget(keys.session(tag({ channel: 'telegram', userId: String(FLOODER) })), 'data')) ?? '');
    expect(stored.ok && stored.value.messages).toBe(MAX);
    // "At once" as an order, not a stopwatch: nobody else waited behind the flooder's paced replies.
    for (const id of others) expect(sends(id)[0]!.at, `first reply to ${id}`).toBeLessThan(toFlooder.at(-1)!.at);
    expect(toFlooder.at(-1)!.at - started).toBeLessThan(MAX * 1000 + 15_000); // paced, never held for the whole flood

    // Outgoing limits: at most burst + rate per second to one chat, at most 30 a second overall.
    const all = api.calls.filter((c) => c.method === 'sendMessage');
    const maxInWindow = (xs: { at: number }[]) => Math.max(...xs.map((x) => xs.filter((y) => y.at >= x.at && y.at < x.at + 1000).length));
    expect(maxInWindow(toFlooder)).toBeLessThanOrEqual(telegramLimits.perChatBurst + telegramLimits.perChatPerSecond);
    expect(maxInWindow(all)).toBeLessThanOrEqual(telegramLimits.globalPerSecond);
    process.stdout.write(`flood: ${JSON.stringify({ floodMessages: 100, handled: MAX, tooFastReplies: 1, sentToFlooder: toFlooder.length, othersFirstReplyMaxMs: othersMs, flooderMaxPerSecond: maxInWindow(toFlooder), overallMaxPerSecond: maxInWindow(all) })}\n`);
  }, 90_000);
});
