import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/core/inbound.js';
import { keys } from '../../src/session/keys.js';
import { ticketKeys } from '../../src/session/ticketKeys.js';
import { decodeSession } from '../../src/session/sessionCodec.js';
import { dbUrl, testRedis } from '../support/redis.js';
import { redisBot } from '../support/runtime.js';

const text = (t: string): Inbound => ({ kind: 'text', text: t });

describe('bot runner on real Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await testRedis(3);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('applies every message of one user exactly once when two processes race on it', async () => {
    // Two runners share Redis but not their in-process queues: only the compare-and-set protects them.
    const a = redisBot(redis);
    const b = redisBot(new Redis(dbUrl(3)));
    const user = { channel: 'test', userId: 'race-1' };
    const n = 60;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? a : b).bot.handle(user, text(i % 3 ? '你好' : '菜单'))));
    expect(results.every((r) => r.replies.length > 0)).toBe(true);
    const stored = await redis.hget(keys.session(a.tag(user)), 'data');
    const session = decodeSession(stored ?? '');
    expect(session.ok && session.value.messages).toBe(n);
  });

  it('gives every key it writes a TTL', async () => {
    const { bot } = redisBot(redis, { desk: true });
    const user = { channel: 'test', userId: 'ttl-1' };
    for (const m of ['你好', '股票怎么买', '我适合做吗', '同意', '是', '人工']) await bot.handle(user, text(m));
    const all = await redis.keys('*');
    expect(all.length).toBeGreaterThanOrEqual(4); // session, ticket, queue, missed
    for (const k of all) expect(await redis.pttl(k), k).toBeGreaterThan(0);
  });

  it('erases every key and missed question of the user on 删除我的数据, and nobody else’s', async () => {
    const { bot, tag } = redisBot(redis, { desk: true });
    const me = { channel: 'test', userId: 'erase-me' };
    const other = { channel: 'test', userId: 'keep-me' };
    for (const u of [me, other]) for (const m of ['火星上能种土豆吗', '转人工']) await bot.handle(u, text(m));
    const out = await bot.handle(me, text('删除我的数据'));
    expect(out.replies[0]?.text).toMatch(/已全部删除/);
    const left = await redis.keys(`*${tag(me)}*`);
    expect(left).toEqual([]);
    const missed = await redis.zrange(keys.missed, 0, -1);
    expect(missed.some((m) => m.includes(tag(me)))).toBe(false);
    expect(missed.some((m) => m.includes(tag(other)))).toBe(true);
    expect(await redis.exists(ticketKeys.latest(tag(other)))).toBe(1);
    expect(await redis.exists(ticketKeys.latest(tag(me)), ticketKeys.mine(tag(me)))).toBe(0);
  });

  it('resets a corrupt session politely and logs a warning without content', async () => {
    const { bot, tag, logs } = redisBot(redis);
    const user = { channel: 'test', userId: 'corrupt-1' };
    await redis.hset(keys.session(tag(user)), 'ver', '7', 'data', '{"v":1,"lang":"xx"');
    const out = await bot.handle(user, text('孕妇能做干细胞吗'));
    expect(out.route).toMatchObject({ route: 'faq', id: 'pregnancy' });
    expect(logs.some((l) => l.includes('unreadable session reset'))).toBe(true);
  });

  it('never logs message text, checklist answers or raw user ids', async () => {
    const { bot, logs } = redisBot(redis);
    const user = { channel: 'test', userId: 'RAW-ID-4242' };
    const script = ['MARKER-ZEBRA 你好', '我适合做吗', '同意', '是', '不确定', '我电话13912345678', '转人工', '胸口剧痛 MARKER-ZEBRA'];
    for (const m of script) await bot.handle(user, text(m));
    const joined = logs.join('\n');
    expect(joined).not.toMatch(/MARKER-ZEBRA|13912345678|RAW-ID-4242|胸口剧痛|不确定/);
    expect(logs.length).toBeGreaterThanOrEqual(script.length);
  });

  it('converts replies to Traditional for a user who writes Traditional', async () => {
    const { bot } = redisBot(redis);
    const out = await bot.handle({ channel: 'test', userId: 'trad-1' }, text('懷孕可以打幹細胞嗎'));
    expect(out.route).toMatchObject({ route: 'faq', id: 'pregnancy' });
    expect(out.replies.map((r) => r.text).join('')).toMatch(/幹細胞|醫生|懷孕/);
  });
});
