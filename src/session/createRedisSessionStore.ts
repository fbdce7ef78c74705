import type { Redis } from 'ioredis';
import type { SessionStore, StoredSession } from '../core/ports.js';
import { keys } from './keys.js';

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

/**
 * The same compare-and-set, with the delivery's mark and its owed turn in the same step: a crash
 * can no longer leave an update marked "seen" whose effect was never saved, nor a saved effect
 * whose replies nobody will send. A delivery already marked writes nothing and returns 2.
 * KEYS: session, seen mark, the user's owed turns, the turn index.
 * ARGV: expected, data ('' keeps the session), ttl, seen ttl, id, owner, body ('' none), at, index member, turn ttl.
 */
const commitScript = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
local current = tonumber(redis.call('HGET', KEYS[1], 'ver') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], 'ver', current + 1, 'data', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[5], ARGV[7], ARGV[5] .. ':o', ARGV[6], ARGV[5] .. ':d', 0)
  redis.call('PEXPIRE', KEYS[3], ARGV[10])
  redis.call('ZADD', KEYS[4], ARGV[8], ARGV[9])
  redis.call('PEXPIRE', KEYS[4], ARGV[10])
end
return 1
`;

/** The session hash's two fields as HMGET returns them; a half-written or absent hash is no session. */
export const storedSession = (ver: string | null | undefined, data: string | null | undefined): StoredSession | null =>
  ver == null || data == null ? null : { data, version: Number(ver) };

type CasRedis = Redis & {
  sessionCas(key: string, expected: number, data: string, ttlMs: number): Promise<number>;
  sessionCommit(...args: (string | number)[]): Promise<number>;
};

const verdicts = ['conflict', 'saved', 'duplicate'] as const;

export function createRedisSessionStore(redis: Redis): SessionStore {
  if (!('sessionCas' in redis)) redis.defineCommand('sessionCas', { numberOfKeys: 1, lua: casScript });
  if (!('sessionCommit' in redis)) redis.defineCommand('sessionCommit', { numberOfKeys: 4, lua: commitScript });
  const r = redis as CasRedis;
  return {
    async load(key) {
      const [ver, data] = await r.hmget(key, 'ver', 'data');
      return storedSession(ver, data);
    },
    async save(key, data, expected, ttlMs, turn) {
      const ttl = Math.max(1, Math.round(ttlMs));
      if (!turn) return (await r.sessionCas(key, expected, data ?? '', ttl)) === 1 ? 'saved' : 'conflict';
      const p = turn.pending;
      const user = p?.user ?? '';
      const out = await r.sessionCommit(
        key, keys.seen(turn.deliveryKey), keys.turns(user), keys.turnIndex,
        expected, data ?? '', ttl, Math.max(1, Math.round(turn.seenTtlMs)), turn.deliveryKey, p?.owner ?? '', p?.body ?? '', p?.at ?? 0, `${user}|${turn.deliveryKey}`, Math.max(1, Math.round(p?.ttlMs ?? 1)),
      );
      return verdicts[out] ?? 'conflict';
    },
    async delete(key) {
      await r.del(key);
    },
  };
}
