import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { OwedTurn, PendingTurns } from '../core/ports.js';
import { keys } from './keys.js';

/** Progress only on a turn still owed: an erasure in between must not recreate the hash without its TTL. */
const progressScript = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1] .. ':d', ARGV[2])
return 1
`;

/** Clears a finished turn and its index entry: one command, as one happens per message. */
const finishScript = `
redis.call('HDEL', KEYS[1], ARGV[1], ARGV[1] .. ':o', ARGV[1] .. ':d')
redis.call('ZREM', KEYS[2], ARGV[2])
return 1
`;

/**
 * Takes a turn whose owner no longer beats: returns its body and progress, now owned by ARGV[2].
 * A turn gone (finished, erased, expired) leaves the index. A turn of this process is returned
 * too, marked, so the sweep can retry one whose finishing failed.
 * KEYS: the user's turns, the index. ARGV: id, me, index member, owner key prefix.
 */
const claimScript = `
local body = redis.call('HGET', KEYS[1], ARGV[1])
if not body then
  redis.call('ZREM', KEYS[2], ARGV[3])
  return false
end
local owner = redis.call('HGET', KEYS[1], ARGV[1] .. ':o') or ''
if owner ~= ARGV[2] and redis.call('EXISTS', ARGV[4] .. owner) == 1 then return false end
redis.call('HSET', KEYS[1], ARGV[1] .. ':o', ARGV[2])
return {body, redis.call('HGET', KEYS[1], ARGV[1] .. ':d') or '0', owner}
`;

/** Drops every owed turn of a user, and their index entries. */
const eraseScript = `
local fields = redis.call('HKEYS', KEYS[1])
for _, f in ipairs(fields) do
  if not (string.sub(f, -2) == ':o' or string.sub(f, -2) == ':d') then redis.call('ZREM', KEYS[2], ARGV[1] .. '|' .. f) end
end
redis.call('DEL', KEYS[1])
return #fields
`;

type TurnRedis = Redis & {
  turnProgress(key: string, id: string, done: number): Promise<number>;
  turnFinish(key: string, index: string, id: string, member: string): Promise<number>;
  turnClaim(key: string, index: string, id: string, me: string, member: string, prefix: string): Promise<[string, string, string] | null>;
  turnErase(key: string, index: string, user: string): Promise<number>;
};

/** A beat lasts this long; the sweep treats a silent owner as dead after it. */
const BEAT_TTL_MS = 12_000;

/**
 * Owed turns in Redis: written by the session store's commit (same step as the session and the
 * delivery mark), cleared here when their effects are done and their replies sent.
 */
export function createRedisPendingTurns(redis: Redis, now: () => number = Date.now): PendingTurns {
  if (!('turnProgress' in redis)) redis.defineCommand('turnProgress', { numberOfKeys: 1, lua: progressScript });
  if (!('turnFinish' in redis)) redis.defineCommand('turnFinish', { numberOfKeys: 2, lua: finishScript });
  if (!('turnClaim' in redis)) redis.defineCommand('turnClaim', { numberOfKeys: 2, lua: claimScript });
  if (!('turnErase' in redis)) redis.defineCommand('turnErase', { numberOfKeys: 2, lua: eraseScript });
  const r = redis as TurnRedis;
  const owner = randomBytes(9).toString('base64url');
  const prefix = keys.owner('');
  return {
    owner,
    async progress(user, id, done) {
      await r.turnProgress(keys.turns(user), id, done);
    },
    async finish(user, id) {
      await r.turnFinish(keys.turns(user), keys.turnIndex, id, `${user}|${id}`);
    },
    async heartbeat() {
      await r.set(keys.owner(owner), '1', 'PX', BEAT_TTL_MS);
    },
    async claimOrphans(olderThanMs, limit) {
      const members = await r.zrangebyscore(keys.turnIndex, '-inf', now() - olderThanMs, 'LIMIT', 0, limit);
      const claimed: OwedTurn[] = [];
      for (const member of members) {
        const bar = member.indexOf('|');
        const user = member.slice(0, bar);
        const id = member.slice(bar + 1);
        const got = await r.turnClaim(keys.turns(user), keys.turnIndex, id, owner, member, prefix);
        if (got) claimed.push({ user, id, body: got[0], done: Number(got[1]) || 0, owner: got[2] });
      }
      return claimed;
    },
    async eraseUser(user) {
      await r.turnErase(keys.turns(user), keys.turnIndex, user);
    },
  };
}
