import { describe, expect, it } from 'vitest';
import { createRedisSessionStore } from '../../src/session/createRedisSessionStore.js';
import { testRedis } from '../support/redis.js';
import { sessionStoreContract } from './sessionStore.contract.js';

sessionStoreContract('redis', async () => {
  const redis = await testRedis(1);
  return {
    store: createRedisSessionStore(redis),
    // Real Redis, real time: TTLs in the contract are short.
    expire: (ms) => new Promise((r) => setTimeout(r, ms)),
    close: async () => void (await redis.quit()),
  };
});

describe('redis session store', () => {
  it('gives every session key a TTL', async () => {
    const redis = await testRedis(2);
    const store = createRedisSessionStore(redis);
    await store.save('csb:{u}:session', 'x', 0, 90_000);
    await store.save('csb:{u}:session', 'y', 1, 90_000);
    const ttl = await redis.pttl('csb:{u}:session');
    expect(ttl).toBeGreaterThan(80_000);
    expect(ttl).toBeLessThanOrEqual(90_000);
    await redis.quit();
  });
});
