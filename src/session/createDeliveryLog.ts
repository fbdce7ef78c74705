import type { Redis } from 'ioredis';
import type { DeliveryLog } from '../core/ports.js';

const key = (k: string) => `csb:seen:${k}`;

/** SET NX PX: atomic across processes, and the key expires on its own. */
export function createRedisDeliveryLog(redis: Redis): DeliveryLog {
  return {
    async firstDelivery(k, ttlMs) {
      return (await redis.set(key(k), '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async forget(k) {
      await redis.del(key(k));
    },
    async applied(k) {
      return (await redis.exists(key(k))) === 1;
    },
  };
}

export function createMemoryDeliveryLog(now: () => number = Date.now): DeliveryLog {
  const seen = new Map<string, number>();
  return {
    async firstDelivery(k, ttlMs) {
      const until = seen.get(k);
      if (until !== undefined && until > now()) return false;
      seen.set(k, now() + ttlMs);
      if (seen.size > 10_000) for (const [s, u] of seen) if (u <= now()) seen.delete(s);
      return true;
    },
    async forget(k) {
      seen.delete(k);
    },
    async applied(k) {
      return (seen.get(k) ?? 0) > now();
    },
  };
}
