import type { Redis } from 'ioredis';
import { Converter } from 'opencc-js/cn2t';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/core/inbound.js';
import type { SessionStore } from '../../src/core/ports.js';
import { createBot, type TurnRecord } from '../../src/runtime/createBot.js';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { connectRedis } from '../../src/session/connectRedis.js';
import { createMemoryFloodGuard, createRedisFloodGuard, type SessionReadingFloodGuard } from '../../src/session/createFloodGuard.js';
import { createMemoryMissedLog } from '../../src/session/createMemoryMissedLog.js';
import { createMemorySessionStore } from '../../src/session/createMemorySessionStore.js';
import { createMemoryTicketStore } from '../../src/session/createMemoryTicketStore.js';
import { createRedisMissedLog } from '../../src/session/createRedisMissedLog.js';
import { createRedisSessionStore } from '../../src/session/createRedisSessionStore.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { keys } from '../../src/session/keys.js';
import { decodeSession } from '../../src/session/sessionCodec.js';
import { shippedBundle } from '../support/bundle.js';
import { dbUrl, testRedis } from '../support/redis.js';
import { captureLogs, SECRET } from '../support/runtime.js';

const DB = 48;
const DAY = 86_400_000;
const text = (t: string): Inbound => ({ kind: 'text', text: t });
const LIMITS = { maxMessages: 1000, windowMs: 60_000 };

/** A bot wired as production wires it on Redis (auto-pipelined connection, Redis flood guard), with counting spies. */
function productionBot(redis: Redis, limits = LIMITS) {
  const bundle = shippedBundle();
  const calls = { admit: 0, admitAndLoad: 0, load: 0 };
  const realFlood = createRedisFloodGuard(redis, limits);
  const flood: SessionReadingFloodGuard = {
    admit: (u) => (calls.admit++, realFlood.admit(u)),
    admitAndLoad: (u, k) => (calls.admitAndLoad++, realFlood.admitAndLoad(u, k)),
    forget: (u) => realFlood.forget(u),
  };
  const realSessions = createRedisSessionStore(redis);
  const sessions: SessionStore = { ...realSessions, load: (k) => (calls.load++, realSessions.load(k)) };
  const bot = createBot({
    content: bundle.content,
    reader: bundle.reader,
    sessions,
    missed: createRedisMissedLog(redis, DAY),
    tickets: createRedisTicketStore(redis, DAY),
    logger: captureLogs().logger,
    tagUser: createUserTagger(SECRET),
    sessionTtlMs: 1_800_000,
    toTraditional: Converter({ from: 'cn', to: 'tw' }),
    flood,
  });
  return { bot, calls, tag: createUserTagger(SECRET) };
}

describe('session read with the flood count', () => {
  let redis: Redis;
  let other: Redis;
  beforeAll(async () => {
    await (await testRedis(DB)).quit();
    redis = connectRedis(dbUrl(DB));
    other = connectRedis(dbUrl(DB));
    await Promise.all([redis.connect(), other.connect()]);
  });
  afterAll(async () => {
    await Promise.all([redis.quit(), other.quit()]);
  });

  it('reads the session in the flood check when the user has nothing queued, and on its own behind a queued message', async () => {
    const { bot, calls } = productionBot(redis);
    const user = { channel: 'test', userId: 'preload-1' };
    await bot.handle(user, text('你好'));
    expect(calls).toEqual({ admit: 0, admitAndLoad: 1, load: 0 });
    // Sent together: the second waits for the first one's save, so it must not use a read taken on arrival.
    await Promise.all([bot.handle(user, text('菜单')), bot.handle(user, text('你好'))]);
    expect(calls).toEqual({ admit: 1, admitAndLoad: 2, load: 1 });
  });

  it('drops a flooding user’s messages read with the count, but never a red flag', async () => {
    const { bot, calls } = productionBot(redis, { maxMessages: 1, windowMs: 60_000 });
    const user = { channel: 'test', userId: 'preload-flood' };
    const routes = [];
    for (const t of ['你好', '菜单', '孕妇可以打吗', '我胸口剧痛喘不上气', '你好']) routes.push((await bot.handle(user, text(t))).route?.route);
    expect(routes).toEqual(['menu', 'throttled', 'throttled', 'emergency', 'throttled']);
    expect(calls.admitAndLoad).toBe(5);
  });

  it('applies every message of one user exactly once when two processes with flood guards race on it', async () => {
    const a = productionBot(redis);
    const b = productionBot(other);
    const user = { channel: 'test', userId: 'preload-race' };
    const n = 60;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? a : b).bot.handle(user, text(i % 3 ? '你好' : '菜单'))));
    expect(results.every((r) => r.route !== null && r.replies.length > 0)).toBe(true);
    const session = decodeSession((await redis.hget(keys.session(a.tag(user)), 'data')) ?? '');
    expect(session.ok && session.value.messages).toBe(n);
    // The combined read was taken: the preloaded sessions went through the compare-and-set too.
    expect(a.calls.admitAndLoad + b.calls.admitAndLoad).toBeGreaterThan(0);
  });

  it('reads what another process wrote since its own last save, not the session it remembers', async () => {
    const a = productionBot(redis);
    const b = productionBot(other);
    const user = { channel: 'test', userId: 'preload-other' };
    await a.bot.handle(user, text('我适合做吗'));
    await b.bot.handle(user, text('同意'));
    // a last saved the consent question; b moved the session on to the checklist's first question.
    await a.bot.handle(user, text('没有'));
    const session = decodeSession((await redis.hget(keys.session(a.tag(user)), 'data')) ?? '');
    expect(session.ok && session.value.messages).toBe(3);
    expect(session.ok && session.value.state).toMatchObject({ name: 'checklist', step: 1 });
  });
});

describe('session kept for reuse after a save', () => {
  it('is exactly what decoding the stored string gives, at every turn of a whole conversation', async () => {
    const bundle = shippedBundle();
    const store = createMemorySessionStore();
    const saved: string[] = [];
    const turns: TurnRecord[] = [];
    const bot = createBot({
      content: bundle.content,
      reader: bundle.reader,
      sessions: { ...store, save: (k, d, e, t, w) => (d !== null && saved.push(d), store.save(k, d, e, t, w)) },
      missed: createMemoryMissedLog(DAY),
      tickets: createMemoryTicketStore(DAY),
      logger: captureLogs().logger,
      tagUser: createUserTagger(SECRET),
      sessionTtlMs: 1_800_000,
      toTraditional: Converter({ from: 'cn', to: 'tw' }),
      flood: createMemoryFloodGuard(LIMITS),
      observe: (t) => turns.push(t),
    });
    const user = { channel: 'test', userId: 'cache-1' };
    const script = ['你好', '干细胞治疗安全吗', '費用多少', 'English please', 'how much does it cost', '中文', '我适合做吗', '同意', '没有', '不确定', '有', '没有', '没有', '没有', '菜单', '人工'];
    for (const m of script) await bot.handle(user, text(m));
    expect(saved.length).toBe(script.length);
    saved.forEach((data, i) => {
      const decoded = decodeSession(data);
      expect(decoded.ok && decoded.value).toStrictEqual(turns[i]!.after);
      // The next turn started from the session kept in memory: the same as decoding would give.
      if (i + 1 < turns.length) expect(turns[i + 1]!.before).toBe(turns[i]!.after);
    });
  });
});
