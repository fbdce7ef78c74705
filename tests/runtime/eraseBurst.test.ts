import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { buildRuntime, type Runtime } from '../../src/runtime/buildRuntime.js';
import { guardRejections } from '../../src/runtime/guardRejections.js';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { keys } from '../../src/session/keys.js';
import { shippedBundle } from '../support/bundle.js';
import { dbUrl, testRedis } from '../support/redis.js';
import { attachQuietDesk, captureLogs, SECRET } from '../support/runtime.js';

const DB = 51;
/** Issue 17's check: 300 erasing at once with 3,000 unanswered questions logged. */
const ERASERS = Number(process.env.ERASE_USERS ?? 300);
const PER_USER = 10;

/**
 * Outcomes, not time: every erasure is confirmed, none of the erasers' data is left, other users'
 * is kept, and nothing is left unhandled (before the per-user index, 300 erasers at once all failed).
 */
describe('a burst of "删除我的数据" through the runtime on a real Redis', () => {
  let redis: Redis;
  let runtime: Runtime;
  const { logger } = captureLogs();
  beforeAll(async () => {
    redis = await testRedis(DB);
    runtime = await buildRuntime(loadConfig({ REDIS_URL: dbUrl(DB), BOT_SECRET: SECRET }), shippedBundle(), logger);
    attachQuietDesk(runtime.bot, runtime.tickets);
  });
  afterAll(async () => {
    await runtime.close();
    await redis.quit();
  });

  it(`confirms ${ERASERS} simultaneous erasures with ${ERASERS * PER_USER} questions logged, and leaves nothing of theirs`, async () => {
    let unhandled = 0;
    const unguard = guardRejections(logger, () => unhandled++);
    try {
      const ref = (i: number) => ({ channel: 'erase', userId: `e${i}` });
      const tag = createUserTagger(SECRET);
      await Promise.all(
        Array.from({ length: ERASERS }, async (_, i) => {
          for (let k = 0; k < PER_USER; k++) await runtime.bot.handle(ref(i), { kind: 'text', text: `火星上能种土豆吗${'？'.repeat(k % 3)}` });
          await runtime.bot.handle(ref(i), { kind: 'text', text: '我要转人工' });
        }),
      );
      await runtime.bot.handle({ channel: 'erase', userId: 'keeper' }, { kind: 'text', text: '火星上能种土豆吗' });
      // The shared log keeps its newest 5,000 (createRedisMissedLog's cap): more erasers fill it.
      expect(await redis.zcard(keys.missed)).toBeGreaterThanOrEqual(Math.min(ERASERS * PER_USER, 5000));
      const confirmations = new Set(Object.values(shippedBundle().content.messages.deleted));
      const done = await Promise.all(Array.from({ length: ERASERS }, (_, i) => runtime.bot.handle(ref(i), { kind: 'text', text: '删除我的数据' })));
      expect(done.filter((h) => !h.replies.some((r) => confirmations.has(r.text))).length, 'erasures not confirmed').toBe(0);
      const left = (await redis.keys('*')).filter((k) => Array.from({ length: ERASERS }, (_, i) => tag(ref(i))).some((t) => k.includes(t)));
      expect(left).toEqual([]);
      const missed = await redis.zrange(keys.missed, 0, -1);
      expect(missed.filter((m) => Array.from({ length: ERASERS }, (_, i) => tag(ref(i))).some((t) => m.includes(t)))).toEqual([]);
      expect(missed.some((m) => m.includes(tag({ channel: 'erase', userId: 'keeper' })))).toBe(true);
      expect(unhandled).toBe(0);
    } finally {
      unguard();
    }
  }, 300_000);
});
