import type { Redis } from 'ioredis';
import type { FloodGuard, FloodVerdict } from '../core/ports.js';
import { keys } from './keys.js';

export interface FloodLimits {
  readonly maxMessages: number;
  readonly windowMs: number;
}

const verdict = (count: number, max: number): FloodVerdict => (count <= max ? 'ok' : count === max + 1 ? 'warn' : 'drop');

/** INCR and, on the window's first message, PEXPIRE, in one atomic step: the counter always expires. */
const countScript = `
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`;

type FloodRedis = Redis & { floodCount(key: string, windowMs: number): Promise<number> };

export function createRedisFloodGuard(redis: Redis, limits: FloodLimits): FloodGuard {
  if (!('floodCount' in redis)) redis.defineCommand('floodCount', { numberOfKeys: 1, lua: countScript });
  const r = redis as FloodRedis;
  return {
    async admit(user) {
      return verdict(await r.floodCount(keys.flood(user), limits.windowMs), limits.maxMessages);
    },
    async forget(user) {
      await r.del(keys.flood(user));
    },
  };
}

export function createMemoryFloodGuard(limits: FloodLimits, now: () => number = Date.now): FloodGuard {
  const windows = new Map<string, { count: number; until: number }>();
  return {
    async admit(user) {
      const t = now();
      let w = windows.get(user);
      if (!w || w.until <= t) {
        w = { count: 0, until: t + limits.windowMs };
        windows.set(user, w);
        if (windows.size > 10_000) for (const [u, x] of windows) if (x.until <= t) windows.delete(u);
      }
      return verdict(++w.count, limits.maxMessages);
    },
    async forget(user) {
      windows.delete(user);
    },
  };
}
