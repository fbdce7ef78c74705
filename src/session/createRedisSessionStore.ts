import type { Redis } from 'ioredis';
import type { SessionStore, StoredSession } from '../core/ports.js';

/**
 * Compare-and-set in one round trip: the write happens only if the stored version is the one
 * the caller loaded, so two processes handling the same user cannot overwrite each other.
 * PEXPIRE runs on every write because HSET alone would keep an old TTL and SET would drop it.
 */
const casScript = `
local current = tonumber(redis.call('HGET', KEYS[1], 'ver') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'ver', current + 1, 'data', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/** The session hash's two fields as HMGET returns them; a half-written or absent hash is no session. */
export const storedSession = (ver: string | null | undefined, data: string | null | undefined): StoredSession | null =>
  ver == null || data == null ? null : { data, version: Number(ver) };

type CasRedis = Redis & { sessionCas(key: string, expected: number, data: string, ttlMs: number): Promise<number> };

export function createRedisSessionStore(redis: Redis): SessionStore {
  if (!('sessionCas' in redis)) redis.defineCommand('sessionCas', { numberOfKeys: 1, lua: casScript });
  const r = redis as CasRedis;
  return {
    async load(key) {
      const [ver, data] = await r.hmget(key, 'ver', 'data');
      return storedSession(ver, data);
    },
    async save(key, data, expected, ttlMs) {
      return (await r.sessionCas(key, expected, data, Math.max(1, Math.round(ttlMs)))) === 1 ? 'saved' : 'conflict';
    },
    async delete(key) {
      await r.del(key);
    },
  };
}
