import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStatsStore, type StatsStore } from '../../src/metrics/statsStore.js';
import { createRedisStatsStore } from '../../src/session/createRedisStatsStore.js';
import { testRedis } from '../support/redis.js';

let redis: Redis;
beforeAll(async () => void (redis = await testRedis(59)));
afterAll(() => redis.disconnect());

/** One contract for both stores: counters add up per day and field, and unknown days read empty. */
describe.each([
  ['memory', () => createMemoryStatsStore()],
  ['redis', () => createRedisStatsStore(redis)],
] as [string, () => StatsStore][])('%s stats store', (_name, make) => {
  it('adds increments per day and field', async () => {
    const s = make();
    await s.add('2030-01-01', { messages: 2, 'route:faq': 1 }, 60_000);
    await s.add('2030-01-01', { messages: 1 }, 60_000);
    await s.add('2030-01-02', { emergencies: 1 }, 60_000);
    expect(await s.read(['2030-01-01', '2030-01-02', '2030-01-03'])).toEqual([{ messages: 3, 'route:faq': 1 }, { emergencies: 1 }, {}]);
  });
});

describe('redis stats store', () => {
  it('gives every day key a TTL and names no user', async () => {
    await createRedisStatsStore(redis).add('2030-02-01', { messages: 1 }, 35 * 86_400_000);
    for (const k of await redis.keys('*')) {
      expect(k).toMatch(/^csb:stats:\d{4}-\d{2}-\d{2}$/);
      expect(await redis.pttl(k), k).toBeGreaterThan(0);
    }
    const ttl = await redis.pttl('csb:stats:2030-02-01');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(35 * 86_400_000);
  });
});
