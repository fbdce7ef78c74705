import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** The limits a send must respect, as the Telegram outbox states them (OutboxLimits). */
export interface SendLimits {
  readonly perChatPerSecond: number;
  readonly perChatBurst: number;
  readonly globalPerSecond: number;
  readonly perGroupPerMinute: number;
}

/**
 * One send decision for every process of the bot, atomically: the chat's token bucket (or the
 * group's sliding minute) and the global bucket are taken together or not at all. A bucket is
 * the time its tokens are spent up to (GCRA): full when that is in the past, a token available
 * while it is less than `burst` intervals ahead of now. Returns 0, or the ms to wait. Without a
 * `now` argument the time is Redis's own, one clock for every process.
 *
 * KEYS: chat or group key, global key. ARGV: now ('' for Redis TIME), group (1/0),
 * chat interval ms, chat burst, global interval ms, global burst, group max, group window ms, member.
 */
const takeScript = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local eps = 0.000001
local gMs, gBurst = tonumber(ARGV[5]), tonumber(ARGV[6])
local gNext = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), now) + gMs
local wait = gNext - now - gBurst * gMs
local group = ARGV[2] == '1'
local cNext
if group then
  local window = tonumber(ARGV[8])
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[7]) then
    local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
    wait = math.max(wait, oldest + window - now + 1)
  end
else
  local cMs, cBurst = tonumber(ARGV[3]), tonumber(ARGV[4])
  cNext = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now) + cMs
  wait = math.max(wait, cNext - now - cBurst * cMs)
end
if wait > eps then return math.max(1, math.ceil(wait)) end
redis.call('SET', KEYS[2], string.format('%.6f', gNext), 'PX', math.ceil(gNext - now) + 1)
if group then
  redis.call('ZADD', KEYS[1], now, ARGV[9])
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
else
  redis.call('SET', KEYS[1], string.format('%.6f', cNext), 'PX', math.ceil(cNext - now) + 1)
end
return 0
`;

type LimiterRedis = Redis & {
  sendLimiterTake(chatKey: string, globalKey: string, ...argv: (string | number)[]): Promise<number>;
};

/**
 * Telegram's limits held in Redis, so several bot processes together stay under them. `scope`
 * names the bot (its id, the token's part before the colon): two bots have separate limits.
 * All keys share one hash tag, so the script's keys are in one Redis Cluster slot; every key
 * expires once its bucket is full again or its window has passed. `now` is for tests; in
 * production Redis's clock is used.
 */
export function createRedisSendLimiter(redis: Redis, limits: SendLimits, scope: string, now?: () => number) {
  if (!('sendLimiterTake' in redis)) redis.defineCommand('sendLimiterTake', { numberOfKeys: 2, lua: takeScript });
  const r = redis as LimiterRedis;
  const prefix = `csb:{tg:${scope}}`;
  const process = randomBytes(6).toString('base64url');
  let seq = 0;
  return {
    async take(chatId: number, group: boolean): Promise<number> {
      const key = `${prefix}:${group ? 'group' : 'chat'}:${chatId}`;
      return r.sendLimiterTake(
        key,
        `${prefix}:global`,
        now ? String(now()) : '',
        group ? 1 : 0,
        1000 / limits.perChatPerSecond,
        limits.perChatBurst,
        1000 / limits.globalPerSecond,
        limits.globalPerSecond,
        limits.perGroupPerMinute,
        60_000,
        // A group window's members must be unique across processes.
        `${process}-${seq++}`,
      );
    },
  };
}
