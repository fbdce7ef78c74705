import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryFloodGuard, createRedisFloodGuard } from '../../src/session/createFloodGuard.js';
import { createRedisSessionStore } from '../../src/session/createRedisSessionStore.js';
import { keys } from '../../src/session/keys.js';
import { testRedis } from '../support/redis.js';

const LIMITS = { maxMessages: 3, windowMs: 60_000 };

describe('flood guard', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await testRedis(47);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('lets the limit through, warns once, then drops, per user (Redis)', async () => {
    const guard = createRedisFloodGuard(redis, LIMITS);
    const verdicts = [];
    for (let i = 0; i < 6; i++) verdicts.push(await guard.admit('u1'));
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'warn', 'drop', 'drop']);
    expect(await guard.admit('u2')).toBe('ok');
  });

  it('gives the counter the window as its TTL, and forgets it on request', async () => {
    const guard = createRedisFloodGuard(redis, LIMITS);
    await guard.admit('u3');
    const ttl = await redis.pttl(keys.flood('u3'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(LIMITS.windowMs);
    await guard.forget('u3');
    expect(await redis.exists(keys.flood('u3'))).toBe(0);
  });

  it('counts in admitAndLoad exactly as in admit, on the same counter', async () => {
    const guard = createRedisFloodGuard(redis, LIMITS);
    const key = keys.session('u4');
    const verdicts = [await guard.admit('u4')];
    for (let i = 0; i < 4; i++) verdicts.push((await guard.admitAndLoad('u4', key)).verdict);
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'warn', 'drop']);
    expect(await redis.pttl(keys.flood('u4'))).toBeGreaterThan(0);
  });

  it('loads in admitAndLoad what the session store loads: nothing, then the saved value and version', async () => {
    const guard = createRedisFloodGuard(redis, LIMITS);
    const store = createRedisSessionStore(redis);
    const key = keys.session('u5');
    expect((await guard.admitAndLoad('u5', key)).stored).toBeNull();
    await store.save(key, '{"x":"孕妇😀"}', 0, 60_000);
    await store.save(key, '{"x":"第二次"}', 1, 60_000);
    expect((await guard.admitAndLoad('u5', key)).stored).toEqual(await store.load(key));
    expect((await guard.admitAndLoad('u5', key)).stored).toEqual({ data: '{"x":"第二次"}', version: 2 });
  });

  it('reads a half-written session hash as no session, as the store does', async () => {
    const guard = createRedisFloodGuard(redis, LIMITS);
    const key = keys.session('u6');
    await redis.hset(key, 'ver', '4');
    await redis.pexpire(key, 60_000);
    expect((await guard.admitAndLoad('u6', key)).stored).toBeNull();
    expect(await createRedisSessionStore(redis).load(key)).toBeNull();
  });

  it('opens a new window once the old one has passed (memory)', async () => {
    let t = 0;
    const guard = createMemoryFloodGuard(LIMITS, () => t);
    const first = [];
    for (let i = 0; i < 5; i++) first.push(await guard.admit('m1'));
    expect(first).toEqual(['ok', 'ok', 'ok', 'warn', 'drop']);
    t += LIMITS.windowMs;
    expect(await guard.admit('m1')).toBe('ok');
  });
});
