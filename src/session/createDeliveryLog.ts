import type { Redis } from 'ioredis';
import type { DeliveryLog } from '../core/ports.js';

const key = (k: string) => `csb:seen:${k}`;

/** One key per delivery, with its own expiry, shared by every process. */
export function createRedisDeliveryLog(redis: Redis): DeliveryLog {
  return {
    async applied(k) {
      return (await redis.exists(key(k))) === 1;
    },
    async markApplied(k, ttlMs) {
      await redis.set(key(k), '1', 'PX', ttlMs);
    },
  };
}

export function createMemoryDeliveryLog(now: () => number = Date.now): DeliveryLog {
  const seen = new Map<string, number>();
  return {
    async applied(k) {
      return (seen.get(k) ?? 0) > now();
    },
    async markApplied(k, ttlMs) {
      seen.set(k, now() + ttlMs);
      if (seen.size > 10_000) for (const [s, u] of seen) if (u <= now()) seen.delete(s);
    },
  };
}
