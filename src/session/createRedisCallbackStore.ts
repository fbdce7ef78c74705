import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { CallbackStore, CallbackTicket } from '../core/ports.js';

/** Keys of call-back requests. The per-user index carries the user's hash tag, like the session. */
export const callbackKeys = {
  seq: 'csb:callbacks:seq',
  open: 'csb:callbacks:open',
  entry: (n: number) => `csb:callback:${n}`,
  mine: (user: string) => `csb:{${user}}:callbacks`,
} as const;

const k = callbackKeys;
const fieldsSchema = z.object({
  number: z.coerce.number(),
  user: z.string(),
  channel: z.string(),
  lang: z.enum(['zh', 'en']),
  reason: z.enum(['nodesk', 'offduty', 'timeout']),
  phone: z.string(),
  when: z.string(),
  requestedAt: z.coerce.number(),
  status: z.enum(['open', 'done']),
  doneBy: z.string().transform((v) => v || null),
});

/** Call-back requests as Redis hashes with an open list; every key gets the retention TTL on each write. */
export function createRedisCallbackStore(redis: Redis, retentionMs: number): CallbackStore {
  const ttl = retentionMs;
  async function read(n: number): Promise<CallbackTicket | null> {
    const parsed = fieldsSchema.safeParse(await redis.hgetall(k.entry(n)));
    return parsed.success ? parsed.data : null;
  }
  async function openOf(user: string): Promise<CallbackTicket | null> {
    for (const n of await redis.smembers(k.mine(user))) {
      const c = await read(Number(n));
      if (c?.status === 'open') return c;
    }
    return null;
  }

  return {
    async request(c) {
      const n = (await openOf(c.user))?.number ?? (await redis.incr(k.seq));
      const fields = { number: String(n), user: c.user, channel: c.channel, lang: c.lang, reason: c.reason, phone: c.phone, when: c.when, requestedAt: String(c.requestedAt), status: 'open', doneBy: '' };
      await redis
        .multi()
        .hset(k.entry(n), fields).pexpire(k.entry(n), ttl)
        .pexpire(k.seq, ttl * 2)
        .zadd(k.open, c.requestedAt, String(n)).pexpire(k.open, ttl)
        .sadd(k.mine(c.user), String(n)).pexpire(k.mine(c.user), ttl)
        .exec();
      const stored = await read(n);
      if (!stored) throw new Error('call-back request vanished after write');
      return stored;
    },
    get: read,
    async listOpen() {
      const ns = await redis.zrange(k.open, 0, -1);
      return (await Promise.all(ns.map((n) => read(Number(n))))).filter((c): c is CallbackTicket => c !== null && c.status === 'open');
    },
    async done(n, by) {
      const c = await read(n);
      if (!c) return null;
      if (c.status === 'open') await redis.multi().hset(k.entry(n), { status: 'done', doneBy: by }).pexpire(k.entry(n), ttl).zrem(k.open, String(n)).exec();
      return read(n);
    },
    async eraseUser(user) {
      const ns = (await redis.smembers(k.mine(user))).map(Number);
      const open = (await Promise.all(ns.map(read))).filter((c): c is CallbackTicket => c?.status === 'open').map((c) => c.number);
      const m = redis.multi().del(k.mine(user));
      for (const n of ns) m.del(k.entry(n)).zrem(k.open, String(n));
      await m.exec();
      return open;
    },
  };
}
