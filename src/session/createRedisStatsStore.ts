import type { Redis } from 'ioredis';
import type { StatsStore } from '../metrics/statsStore.js';
import { keys } from './keys.js';

/**
 * Daily counters as one Redis hash per day (HINCRBY), its TTL renewed on every write, so the
 * console's 30 days are kept and nothing older. Aggregate only: no user is named, so "delete
 * my data" has nothing to reach here.
 */
export function createRedisStatsStore(redis: Redis): StatsStore {
  return {
    async add(day, inc, ttlMs) {
      const key = keys.statsDay(day);
      const m = redis.multi();
      for (const [field, n] of Object.entries(inc)) m.hincrby(key, field, n);
      m.pexpire(key, ttlMs);
      await m.exec();
    },
    async read(days) {
      if (!days.length) return [];
      const m = redis.multi();
      for (const d of days) m.hgetall(keys.statsDay(d));
      const res = (await m.exec()) ?? [];
      return res.map(([e, raw]) => {
        if (e || !raw) return {};
        return Object.fromEntries(Object.entries(raw as Record<string, string>).map(([k, v]) => [k, Number(v)]));
      });
    },
  };
}
