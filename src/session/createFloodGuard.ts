import type { Redis } from 'ioredis';
import type { FloodGuard, FloodVerdict, StoredSession } from '../core/ports.js';
import { storedSession } from './createRedisSessionStore.js';
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

/**
 * The same count, and the user's session read (as the session store's HMGET) in the same step:
 * one round trip instead of two for a message that finds its user's queue empty. Both keys carry
 * the user's hash tag, so they share a Redis Cluster slot.
 */
const countAndLoadScript = `
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local s = redis.call('HMGET', KEYS[2], 'ver', 'data')
return {n, s[1], s[2]}
`;

type FloodRedis = Redis & {
  floodCount(key: string, windowMs: number): Promise<number>;
  floodCountAndLoad(key: string, sessionKey: string, windowMs: number): Promise<[number, string | null, string | null]>;
};

/** A flood guard that can also read the user's session in the same round trip. */
export interface SessionReadingFloodGuard extends FloodGuard {
  /** Counts the message as `admit` does and loads the session as `SessionStore.load` would. */
  admitAndLoad(user: string, sessionKey: string): Promise<{ verdict: FloodVerdict; stored: StoredSession | null }>;
}

export function createRedisFloodGuard(redis: Redis, limits: FloodLimits): SessionReadingFloodGuard {
  if (!('floodCount' in redis)) redis.defineCommand('floodCount', { numberOfKeys: 1, lua: countScript });
  if (!('floodCountAndLoad' in redis)) redis.defineCommand('floodCountAndLoad', { numberOfKeys: 2, lua: countAndLoadScript });
  const r = redis as FloodRedis;
  return {
    async admit(user) {
      return verdict(await r.floodCount(keys.flood(user), limits.windowMs), limits.maxMessages);
    },
    async admitAndLoad(user, sessionKey) {
      const [n, ver, data] = await r.floodCountAndLoad(keys.flood(user), sessionKey, limits.windowMs);
      return { verdict: verdict(n, limits.maxMessages), stored: storedSession(ver, data) };
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
