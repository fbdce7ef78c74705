import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { MissedQuestion, MissedQuestionLog } from '../core/ports.js';
import { keepMissedText } from './keepMissedText.js';
import { keys } from './keys.js';

const missedSchema = z.object({
  at: z.number(),
  /** null: the question held health or identifying terms, so only its topic candidate was kept. */
  text: z.string().nullable(),
  best: z.object({ id: z.string(), score: z.number() }).nullable(),
  u: z.string(),
});

/**
 * Missed questions in one sorted set scored by time: old entries are trimmed on every write,
 * the set is capped, and the key's TTL is renewed, so nothing outlives the retention period.
 * Each user's own entries are also indexed under their key, trimmed and expired the same way,
 * so erasing a user touches only that user's entries, never the whole shared log.
 * The text is kept only when it holds no health or identifying terms (keepMissedText); the
 * topic candidate always is. `recent` returns '' for a text that was not kept.
 */
export function createRedisMissedLog(redis: Redis, retentionMs: number, now: () => number = Date.now, max = 5000): MissedQuestionLog {
  const parse = (raw: string) => {
    try {
      const r = missedSchema.safeParse(JSON.parse(raw));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  };
  return {
    async record(user, q) {
      // The nonce keeps two identical questions as two members.
      const member = JSON.stringify({ at: q.at, text: keepMissedText(q.text), best: q.best, u: user, n: randomBytes(4).toString('hex') });
      await redis
        .multi()
        .zadd(keys.missed, q.at, member)
        .zremrangebyscore(keys.missed, '-inf', now() - retentionMs)
        .zremrangebyrank(keys.missed, 0, -(max + 1))
        .pexpire(keys.missed, retentionMs)
        .zadd(keys.missedBy(user), q.at, member)
        .zremrangebyscore(keys.missedBy(user), '-inf', now() - retentionMs)
        .zremrangebyrank(keys.missedBy(user), 0, -(max + 1))
        .pexpire(keys.missedBy(user), retentionMs)
        .exec();
    },
    async recent(limit) {
      const raw = await redis.zrevrange(keys.missed, 0, Math.max(0, limit - 1));
      return raw.flatMap((r): MissedQuestion[] => {
        const m = parse(r);
        return m ? [{ at: m.at, text: m.text ?? '', best: m.best }] : [];
      });
    },
    async eraseUser(user) {
      const mine = await redis.zrange(keys.missedBy(user), 0, -1);
      const m = redis.multi();
      if (mine.length) m.zrem(keys.missed, ...mine);
      await m.del(keys.missedBy(user)).exec();
    },
  };
}
