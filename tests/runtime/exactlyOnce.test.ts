import type { Redis } from 'ioredis';
import { Converter } from 'opencc-js/cn2t';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import type { SessionStore, TicketStore } from '../../src/core/ports.js';
import { createBot, type Handled } from '../../src/runtime/createBot.js';
import { createTurnSweeper } from '../../src/runtime/createTurnSweeper.js';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { keys } from '../../src/session/keys.js';
import { createRedisMissedLog } from '../../src/session/createRedisMissedLog.js';
import { createRedisPendingTurns } from '../../src/session/createRedisPendingTurns.js';
import { createRedisSessionStore } from '../../src/session/createRedisSessionStore.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { decodeSession } from '../../src/session/sessionCodec.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { attachQuietDesk, captureLogs, SECRET } from '../support/runtime.js';

const DAY = 86_400_000;
const tag = createUserTagger(SECRET);
const ref = (userId: string) => ({ channel: 'telegram', userId });
const text = (t: string) => ({ kind: 'text' as const, text: t });
const never = new Promise<never>(() => undefined);

/**
 * One "process" of the bot on the shared Redis: its own owner id and sender. `tickets` and
 * `sessions` can be wrapped to kill the process at the worst moment (a promise that never settles
 * is a process that stopped there); nothing of a killed process runs again.
 */
function processOn(redis: Redis, o: { tickets?: (t: TicketStore) => TicketStore; sessions?: (s: SessionStore) => SessionStore; deadlineMs?: number } = {}) {
  const bundle = shippedBundle();
  const realTickets = createRedisTicketStore(redis, DAY);
  const pending = createRedisPendingTurns(redis);
  const sent: { userId: string; replies: readonly Reply[] }[] = [];
  const { logger, lines } = captureLogs();
  const bot = createBot({
    content: bundle.content, reader: bundle.reader, logger, tagUser: tag, sessionTtlMs: DAY, toTraditional: Converter({ from: 'cn', to: 'tw' }),
    sessions: o.sessions ? o.sessions(createRedisSessionStore(redis)) : createRedisSessionStore(redis),
    missed: createRedisMissedLog(redis, DAY),
    tickets: o.tickets ? o.tickets(realTickets) : realTickets,
    pending,
    ...(o.deadlineMs ? { deadlineMs: o.deadlineMs } : {}),
  });
  attachQuietDesk(bot, realTickets, bundle.content);
  bot.connect('telegram', async (userId, replies) => void sent.push({ userId, replies }));
  const sweeper = createTurnSweeper({ pending, resume: bot.resume, logger, graceMs: 0 });
  return { bot, sent, sweeper, pending, logs: lines };
}

const messagesOf = async (redis: Redis, userId: string) => {
  const s = decodeSession((await redis.hget(keys.session(tag(ref(userId))), 'data')) ?? '');
  return s.ok ? s.value.messages : 0;
};

describe('exactly once across a kill, a stall and a redelivery (real Redis)', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await testRedis(43);
  });
  beforeEach(async () => {
    await redis.flushdb();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('a process killed after saving a handoff, before its ticket and reply: another process opens the ticket once and sends the reply once; the redelivery acts nowhere', async () => {
    // Process A dies inside the ticket write: its session and delivery mark are saved, nothing else.
    const a = processOn(redis, { tickets: (t) => ({ ...t, open: () => never }) });
    void a.bot.handle(ref('p1'), text('转人工'), { deliveryKey: 'tg:101' });
    await expect.poll(() => redis.zcard(keys.turnIndex)).toBe(1);
    const b = processOn(redis);
    // Telegram redelivers to B (A never answered 200): the mark says applied, so B does nothing.
    const again = await b.bot.handle(ref('p1'), text('转人工'), { deliveryKey: 'tg:101' });
    expect(again.route?.route).toBe('duplicate');
    expect(again.replies).toEqual([]);
    // A stopped beating (it never beat: killed); B's sweep finishes A's turn.
    expect(await b.sweeper.sweep()).toBe(1);
    const tickets = createRedisTicketStore(redis, DAY);
    expect((await tickets.listOpen()).filter((t) => t.userId === 'p1')).toHaveLength(1);
    expect(b.sent).toHaveLength(1);
    expect(b.sent[0]!.replies.map((r) => r.text).join('\n')).toMatch(/顾问|consultant/);
    expect(await messagesOf(redis, 'p1')).toBe(1);
    // Finished: nothing is owed, and a second sweep sends nothing again.
    expect(await b.sweeper.sweep()).toBe(0);
    expect(b.sent).toHaveLength(1);
    expect(await redis.zcard(keys.turnIndex)).toBe(0);
  });

  it('a process killed after saving, before sending: the reply is sent once by the next process, and never while the owner lives', async () => {
    const a = processOn(redis);
    const handled = await a.bot.handle(ref('p2'), text('干细胞是什么'), { deliveryKey: 'tg:201' });
    expect(handled.replies.length).toBeGreaterThan(0);
    // A lives (it beats) but has not sent yet: nobody else may send its reply.
    await a.pending.heartbeat();
    const b = processOn(redis);
    expect(await b.sweeper.sweep()).toBe(0);
    // A is killed before `sent`; its heartbeat lapses.
    await redis.del(keys.owner(a.pending.owner));
    expect(await b.sweeper.sweep()).toBe(1);
    expect(b.sent.map((s) => s.replies.map((r) => r.text))).toEqual([handled.replies.map((r) => r.text)]);
    expect(await messagesOf(redis, 'p2')).toBe(1);
  });

  it('a turn sent and finished is never sent again', async () => {
    const a = processOn(redis);
    const handled = await a.bot.handle(ref('p3'), text('干细胞是什么'), { deliveryKey: 'tg:301' });
    handled.sent?.();
    await expect.poll(() => redis.zcard(keys.turnIndex)).toBe(0);
    const b = processOn(redis);
    expect(await b.sweeper.sweep()).toBe(0);
    expect((await b.bot.handle(ref('p3'), text('干细胞是什么'), { deliveryKey: 'tg:301' })).route?.route).toBe('duplicate');
    expect(b.sent).toHaveLength(0);
  });

  it('a stalled save that lands after the deadline: one apology now, the real reply once later, and the redelivery applies nothing', async () => {
    let stall = true;
    const a = processOn(redis, {
      deadlineMs: 50,
      sessions: (s) => ({ ...s, save: async (...args) => (stall ? (await new Promise((r) => setTimeout(r, 300)), s.save(...args)) : s.save(...args)) }),
    });
    const first = await a.bot.handle(ref('p4'), text('干细胞是什么'), { deliveryKey: 'tg:401' });
    expect(first.route).toBeNull(); // the apology: the channel answers 500, Telegram redelivers
    expect(first.replies[0]!.text).toMatch(/繁忙|busy/);
    stall = false;
    await expect.poll(() => a.sent.length, { timeout: 5_000 }).toBe(1);
    const redelivered: Handled = await a.bot.handle(ref('p4'), text('干细胞是什么'), { deliveryKey: 'tg:401' });
    expect(redelivered.route?.route).toBe('duplicate');
    expect(await messagesOf(redis, 'p4')).toBe(1);
    await expect.poll(() => redis.zcard(keys.turnIndex)).toBe(0);
  });

  it("a user's next message waits for their message that passed its deadline: the saves land in order", async () => {
    const events: string[] = [];
    let calls = 0;
    const a = processOn(redis, {
      deadlineMs: 50,
      sessions: (s) => ({
        ...s,
        save: async (...args) => {
          const n = calls++;
          events.push(`start ${n}`);
          if (n === 0) await new Promise((r) => setTimeout(r, 300));
          const out = await s.save(...args);
          events.push(`end ${n}`);
          return out;
        },
      }),
    });
    const first = a.bot.handle(ref('p8'), text('干细胞是什么'), { deliveryKey: 'tg:801' });
    const second = a.bot.handle(ref('p8'), text('菜单'), { deliveryKey: 'tg:802' });
    expect((await first).route).toBeNull();
    await second;
    expect(events).toEqual(['start 0', 'end 0', 'start 1', 'end 1']);
    expect(await messagesOf(redis, 'p8')).toBe(2);
  });

  it('an effect that fails after the save: the apology now, then the sweep finishes the effect once and sends the reply', async () => {
    let fail = true;
    const a = processOn(redis, {
      tickets: (t) => ({ ...t, open: (n) => (fail ? ((fail = false), Promise.reject(Object.assign(new Error('Command timed out'), { name: 'Error' }))) : t.open(n)) }),
    });
    await a.pending.heartbeat();
    const first = await a.bot.handle(ref('p5'), text('转人工'), { deliveryKey: 'tg:501' });
    expect(first.route).toBeNull();
    expect((await a.bot.handle(ref('p5'), text('转人工'), { deliveryKey: 'tg:501' })).route?.route).toBe('duplicate');
    // The owner lives, but the turn is no longer being worked on: its own sweep retries it.
    expect(await a.sweeper.sweep()).toBe(1);
    expect((await createRedisTicketStore(redis, DAY).listOpen()).filter((t) => t.userId === 'p5')).toHaveLength(1);
    expect(a.sent).toHaveLength(1);
  });

  it('two processes given the same update at once: it is applied once and answered once', async () => {
    const a = processOn(redis);
    const b = processOn(redis);
    const [x, y] = await Promise.all([a.bot.handle(ref('p6'), text('干细胞是什么'), { deliveryKey: 'tg:601' }), b.bot.handle(ref('p6'), text('干细胞是什么'), { deliveryKey: 'tg:601' })]);
    expect([x, y].filter((h) => h.replies.length > 0)).toHaveLength(1);
    expect(await messagesOf(redis, 'p6')).toBe(1);
  });

  it('"删除我的数据" also erases the turns the user is owed, and leaves no owed-turn key', async () => {
    const a = processOn(redis, { tickets: (t) => ({ ...t, open: () => never }) });
    void a.bot.handle(ref('p7'), text('转人工'), { deliveryKey: 'tg:701' });
    await expect.poll(() => redis.zcard(keys.turnIndex)).toBe(1);
    const b = processOn(redis);
    const erased = await b.bot.handle(ref('p7'), text('删除我的数据'), { deliveryKey: 'tg:702' });
    erased.sent?.();
    await expect.poll(() => redis.zcard(keys.turnIndex)).toBe(0);
    expect(await redis.exists(keys.turns(tag(ref('p7'))))).toBe(0);
    expect(await b.sweeper.sweep()).toBe(0);
  });
});
