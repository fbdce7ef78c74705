import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeliveryLog } from '../../src/core/ports.js';
import { createMemoryDeliveryLog, createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { testRedis } from '../support/redis.js';

/** One contract, run against the memory and the Redis implementation; `later` moves their clock on. */
function contract(name: string, make: () => Promise<{ log: DeliveryLog; later: (ms: number) => Promise<void> }>) {
  describe(`delivery log: ${name}`, () => {
    it('knows a delivery only once it is marked', async () => {
      const { log } = await make();
      expect(await log.applied('tg:1')).toBe(false);
      // Asking does not mark: work killed before it is marked runs again on redelivery.
      expect(await log.applied('tg:1')).toBe(false);
      await log.markApplied('tg:1', 60_000);
      expect(await log.applied('tg:1')).toBe(true);
      expect(await log.applied('tg:2')).toBe(false);
    });

    it('forgets a mark when its time to live ends', async () => {
      const { log, later } = await make();
      await log.markApplied('wx:a', 50);
      await later(200);
      expect(await log.applied('wx:a')).toBe(false);
    });
  });
}

let clock = 1_700_000_000_000;
contract('memory', async () => ({ log: createMemoryDeliveryLog(() => clock), later: async (ms) => void (clock += ms) }));

let redis: Redis | undefined;
afterAll(async () => {
  await redis?.quit();
});
contract('redis', async () => {
  redis ??= await testRedis(57);
  // Redis expires keys on its own clock: waiting longer than the mark's life is the only way.
  return { log: createRedisDeliveryLog(redis), later: (ms) => new Promise((r) => setTimeout(r, ms)) };
});
