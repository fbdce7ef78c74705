import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallbackStore, NewCallback } from '../../src/core/ports.js';
import { createMemoryCallbackStore } from '../../src/session/createMemoryCallbackStore.js';
import { createRedisCallbackStore } from '../../src/session/createRedisCallbackStore.js';
import { testRedis } from '../support/redis.js';

const DAY = 86_400_000;
const request = (user: string, phone = '13800138000', at = 1000): NewCallback => ({ user, channel: 'telegram', lang: 'zh', reason: 'nodesk', phone, when: '下午', requestedAt: at });

/** One contract for call-back requests, run against memory and Redis. */
function contract(name: string, make: () => Promise<CallbackStore>) {
  describe(`CallbackStore contract: ${name}`, () => {
    let s: CallbackStore;
    beforeEach(async () => {
      s = await make();
    });

    it('numbers requests, keeps one open request per user (a new number replaces the old), lists the open ones', async () => {
      const a = await s.request(request('a', '111111111', 1));
      const b = await s.request(request('b', '222222222', 2));
      const a2 = await s.request(request('a', '333333333', 3));
      expect(a2.number).toBe(a.number);
      expect(b.number).not.toBe(a.number);
      expect((await s.listOpen()).map((c) => [c.number, c.phone])).toEqual([[b.number, '222222222'], [a.number, '333333333']]);
    });

    it('marks a request done, which leaves the open list; an unknown one is null', async () => {
      const c = await s.request(request('c'));
      expect(await s.done(c.number, 'Li')).toMatchObject({ status: 'done', doneBy: 'Li' });
      expect((await s.listOpen()).some((x) => x.number === c.number)).toBe(false);
      expect(await s.done(999_999, 'Li')).toBeNull();
    });

    it('erases every request of the user and reports the open ones', async () => {
      const c = await s.request(request('d'));
      const other = await s.request(request('e'));
      expect(await s.eraseUser('d')).toEqual([c.number]);
      expect(await s.get(c.number)).toBeNull();
      expect(await s.get(other.number)).not.toBeNull();
    });
  });
}

contract('memory', async () => createMemoryCallbackStore(DAY));

let redis: Redis | undefined;
afterAll(async () => {
  await redis?.quit();
});
contract('redis', async () => {
  await redis?.quit();
  redis = await testRedis(13);
  return createRedisCallbackStore(redis, DAY);
});

describe('redis call-back keys', () => {
  it('all expire, and erasing the user leaves none of theirs', async () => {
    const r = await testRedis(12);
    const s = createRedisCallbackStore(r, DAY);
    const c = await s.request(request('h'));
    await s.done(c.number, 'Li');
    await s.request(request('h', '999999999'));
    for (const key of await r.keys('*')) expect(await r.pttl(key), key).toBeGreaterThan(0);
    await s.eraseUser('h');
    expect((await r.keys('*')).filter((k) => k.includes('{h}') || k.startsWith('csb:callback:'))).toEqual([]);
    await r.quit();
  });
});
