import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewTicket, TicketStore } from '../../src/core/ports.js';
import { createMemoryTicketStore } from '../../src/session/createMemoryTicketStore.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { testRedis } from '../support/redis.js';

const DAY = 86_400_000;
const newTicket = (user: string, at = 1000): NewTicket => ({
  user, channel: 'telegram', userId: `raw-${user}`, displayName: '张**', reason: 'asked', urgent: false, lang: 'zh', openedAt: at,
  screening: [{ question: 'pregnancy', answer: 'yes', severity: 'not_recommended' }], transcript: [{ from: 'patient', text: '孕妇可以做吗', at }],
});

/** One contract for the ticket store, run against memory and Redis. */
function contract(name: string, make: () => Promise<TicketStore>) {
  describe(`TicketStore contract: ${name}`, () => {
    let s: TicketStore;
    beforeEach(async () => {
      s = await make();
    });

    it('opens numbered tickets with queue positions, and reuses a user\u2019s open ticket', async () => {
      const a = await s.open(newTicket('a', 1));
      const b = await s.open(newTicket('b', 2));
      expect([a.position, b.position]).toEqual([1, 2]);
      expect(b.ticket.number).toBeGreaterThan(a.ticket.number);
      const again = await s.open(newTicket('a', 3));
      expect(again).toMatchObject({ created: false, ticket: { number: a.ticket.number } });
      expect(a.ticket).toMatchObject({ status: 'waiting', displayName: '张**', transcript: [{ text: '孕妇可以做吗' }], screening: [{ question: 'pregnancy' }] });
    });

    it('lets exactly one of two concurrent takes win, and says who has it', async () => {
      const { ticket } = await s.open(newTicket('c'));
      const results = await Promise.all([s.take(ticket.number, 'Li', 5), s.take(ticket.number, 'Wang', 5)]);
      expect(results.filter((r) => r.kind === 'taken')).toHaveLength(1);
      const loser = results.find((r) => r.kind === 'already');
      const winner = results.find((r) => r.kind === 'taken');
      expect(loser && 'by' in loser && loser.by).toBe(winner && 'ticket' in winner ? winner.ticket.consultant : '');
      expect((await s.open(newTicket('d'))).position).toBe(1); // a taken ticket leaves the waiting queue
    });

    it('keeps the last ten lines of the conversation', async () => {
      const { ticket } = await s.open(newTicket('e'));
      for (let i = 0; i < 15; i++) await s.append(ticket.number, { from: 'patient', text: `m${i}`, at: i });
      const t = await s.get(ticket.number);
      expect(t?.transcript.map((l) => l.text)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i + 5}`));
    });

    it('closes, keeps the closed ticket for the rating, and lists only open ones', async () => {
      const { ticket } = await s.open(newTicket('f'));
      await s.take(ticket.number, 'Li', 10);
      expect(await s.close(ticket.number, 20)).toMatchObject({ status: 'closed', closedAt: 20 });
      await s.rate(ticket.number, 5);
      expect(await s.latest('f')).toMatchObject({ rating: 5, status: 'closed' });
      expect((await s.listOpen()).some((t) => t.number === ticket.number)).toBe(false);
      expect(await s.take(ticket.number, 'Wang', 30)).toEqual({ kind: 'closed' });
      expect((await s.open(newTicket('f', 40))).created).toBe(true); // a new request after closing
    });

    it('erases every ticket of a user and reports the open ones', async () => {
      const first = await s.open(newTicket('g'));
      await s.close(first.ticket.number, 2);
      const second = await s.open(newTicket('g', 3));
      expect(await s.eraseUser('g')).toEqual([second.ticket.number]);
      expect(await s.latest('g')).toBeNull();
      expect(await s.get(first.ticket.number)).toBeNull();
      expect(await s.take(999_999, 'Li', 1)).toEqual({ kind: 'missing' });
    });
  });
}

contract('memory', async () => createMemoryTicketStore(DAY));

let redis: Redis | undefined;
afterAll(async () => {
  await redis?.quit();
});
contract('redis', async () => {
  await redis?.quit();
  redis = await testRedis(14);
  return createRedisTicketStore(redis, DAY);
});

describe('redis ticket keys', () => {
  it('all expire', async () => {
    const r = await testRedis(15);
    const s = createRedisTicketStore(r, DAY);
    const { ticket } = await s.open(newTicket('h'));
    await s.take(ticket.number, 'Li', 2);
    await s.append(ticket.number, { from: 'consultant', text: 'hi', at: 3 });
    for (const key of await r.keys('*')) expect(await r.pttl(key), key).toBeGreaterThan(0);
    await r.quit();
  });

  it.each(['close', 'take'] as const)('leave no key without a TTL when the patient erases between a %s\u2019s read and its write', async (op) => {
    const r = await testRedis(15);
    const s = createRedisTicketStore(r, DAY);
    const { ticket } = await s.open(newTicket('race'));
    // A client whose first read of the ticket hash is followed at once by the patient's erasure.
    let erased = false;
    const racing = new Proxy(r, {
      get(target, prop, receiver) {
        if (prop !== 'hgetall') return Reflect.get(target, prop, receiver);
        return async (key: string) => {
          const fields = await target.hgetall(key);
          if (!erased) {
            erased = true;
            await s.eraseUser('race');
          }
          return fields;
        };
      },
    });
    const desk = createRedisTicketStore(racing, DAY);
    if (op === 'close') await desk.close(ticket.number, 20);
    else await desk.take(ticket.number, 'Li', 20);
    expect(erased).toBe(true);
    for (const key of await r.keys('*')) expect(await r.pttl(key), key).toBeGreaterThan(0);
    expect(await s.get(ticket.number)).toBeNull();
    await r.quit();
  });
});
