import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Ticket, TicketStore, TranscriptLine } from '../core/ports.js';
import { ticketKeys as k, TRANSCRIPT_LINES } from './ticketKeys.js';

const num = z.coerce.number();
const nullableNum = z.string().transform((v) => (v === '' ? null : Number(v)));
const fieldsSchema = z.object({
  number: num,
  user: z.string(),
  channel: z.string(),
  userId: z.string(),
  displayName: z.string(),
  reason: z.enum(['asked', 'fallback', 'checklist', 'emergency']),
  urgent: z.enum(['0', '1']).transform((v) => v === '1'),
  lang: z.enum(['zh', 'en']),
  openedAt: num,
  screening: z.string().transform((v) => JSON.parse(v) as Ticket['screening']),
  status: z.enum(['waiting', 'active', 'closed']),
  consultant: z.string().transform((v) => v || null),
  takenAt: nullableNum,
  closedAt: nullableNum,
  reminded: z.enum(['0', '1']).transform((v) => v === '1'),
  rating: nullableNum,
  timedOut: z.enum(['0', '1']).optional().transform((v) => v === '1'),
});
const lineSchema = z.object({ from: z.enum(['patient', 'consultant', 'bot']), text: z.string(), at: z.number() });

/**
 * Tickets as Redis hashes (field updates never overwrite each other), their last lines as a
 * capped list, and sorted sets for the queue. Taking is a SET NX on an owner key: exactly one
 * consultant wins. Every key gets the retention TTL on each write.
 */
export function createRedisTicketStore(redis: Redis, retentionMs: number): TicketStore {
  const ttl = retentionMs;

  async function read(n: number): Promise<Ticket | null> {
    const [fields, lines] = await Promise.all([redis.hgetall(k.ticket(n)), redis.lrange(k.lines(n), 0, -1)]);
    const parsed = fieldsSchema.safeParse(fields);
    if (!parsed.success) return null;
    const transcript = lines.flatMap((l): TranscriptLine[] => {
      try {
        const r = lineSchema.safeParse(JSON.parse(l));
        return r.success ? [r.data] : [];
      } catch {
        return [];
      }
    });
    return { ...parsed.data, transcript };
  }

  async function position(n: number): Promise<number> {
    const rank = await redis.zrank(k.waiting, String(n));
    return rank === null ? 0 : rank + 1;
  }

  // Sets fields, then the TTL, in one MULTI. The expiry must come after the write: an erasure
  // between our read and this MULTI deletes the hash, and HSET would recreate it without one.
  const update = (n: number, fields: Record<string, string>) =>
    redis.multi().hset(k.ticket(n), fields).pexpire(k.ticket(n), ttl).pexpire(k.lines(n), ttl);

  return {
    async open(t) {
      const current = await this.latest(t.user);
      if (current && current.status !== 'closed') return { ticket: current, position: await position(current.number), created: false };
      const n = await redis.incr(k.seq);
      const fields: Record<string, string> = {
        number: String(n), user: t.user, channel: t.channel, userId: t.userId, displayName: t.displayName, reason: t.reason,
        urgent: t.urgent ? '1' : '0', lang: t.lang, openedAt: String(t.openedAt), screening: JSON.stringify(t.screening),
        status: 'waiting', consultant: '', takenAt: '', closedAt: '', reminded: '0', rating: '', timedOut: '0',
      };
      const m = redis.multi().hset(k.ticket(n), fields).pexpire(k.ticket(n), ttl).pexpire(k.seq, ttl * 2);
      if (t.transcript.length) m.rpush(k.lines(n), ...t.transcript.slice(-TRANSCRIPT_LINES).map((l) => JSON.stringify(l))).pexpire(k.lines(n), ttl);
      await m
        .zadd(k.waiting, t.openedAt, String(n)).pexpire(k.waiting, ttl)
        .zadd(k.open, t.openedAt, String(n)).pexpire(k.open, ttl)
        .zadd(k.all, t.openedAt, String(n)).zremrangebyscore(k.all, '-inf', t.openedAt - ttl).pexpire(k.all, ttl)
        .set(k.latest(t.user), String(n), 'PX', ttl)
        .sadd(k.mine(t.user), String(n)).pexpire(k.mine(t.user), ttl)
        .exec();
      const ticket = await read(n);
      if (!ticket) throw new Error('ticket vanished after open');
      return { ticket, position: await position(n), created: true };
    },
    get: read,
    async latest(user) {
      const n = await redis.get(k.latest(user));
      return n === null ? null : read(Number(n));
    },
    async append(n, line) {
      await redis.multi().rpush(k.lines(n), JSON.stringify(line)).ltrim(k.lines(n), -TRANSCRIPT_LINES, -1).pexpire(k.lines(n), ttl).pexpire(k.ticket(n), ttl).exec();
    },
    async take(n, consultant, at) {
      const t = await read(n);
      if (!t) return { kind: 'missing' };
      if (t.status === 'closed') return { kind: 'closed' };
      const won = (await redis.set(k.owner(n), consultant, 'PX', ttl, 'NX')) === 'OK';
      if (!won) return { kind: 'already', by: (await redis.get(k.owner(n))) ?? '?' };
      await update(n, { status: 'active', consultant, takenAt: String(at) }).zrem(k.waiting, String(n)).exec();
      const ticket = await read(n);
      return ticket ? { kind: 'taken', ticket } : { kind: 'missing' };
    },
    async close(n, at) {
      const t = await read(n);
      if (!t) return null;
      if (t.status !== 'closed') await update(n, { status: 'closed', closedAt: String(at) }).zrem(k.waiting, String(n)).zrem(k.open, String(n)).exec();
      return read(n);
    },
    async markReminded(n) {
      await update(n, { reminded: '1' }).exec();
    },
    async markTimedOut(n) {
      await update(n, { timedOut: '1' }).exec();
    },
    async rate(n, score) {
      await update(n, { rating: String(score) }).exec();
    },
    async listOpen() {
      const ns = await redis.zrange(k.open, 0, -1);
      return (await Promise.all(ns.map((n) => read(Number(n))))).filter((t): t is Ticket => t !== null && t.status !== 'closed');
    },
    async openedSince(since) {
      const ns = await redis.zrangebyscore(k.all, since, '+inf');
      return (await Promise.all(ns.map((n) => read(Number(n))))).filter((t): t is Ticket => t !== null);
    },
    async eraseUser(user) {
      const ns = (await redis.smembers(k.mine(user))).map(Number);
      const stillOpen: number[] = [];
      for (const n of ns) {
        const t = await read(n);
        if (t && t.status !== 'closed') stillOpen.push(n);
      }
      const m = redis.multi().del(k.latest(user), k.mine(user));
      for (const n of ns) m.del(k.ticket(n), k.lines(n), k.owner(n)).zrem(k.waiting, String(n)).zrem(k.open, String(n)).zrem(k.all, String(n));
      await m.exec();
      return stillOpen;
    },
  };
}
