import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySendLimiter, type SendLimiter } from '../../../src/channels/telegram/createMemorySendLimiter.js';
import { createTelegramOutbox, telegramLimits, type TelegramOutbox } from '../../../src/channels/telegram/createTelegramOutbox.js';
import type { TelegramMessage } from '../../../src/channels/telegram/renderTelegramReply.js';
import { connectRedis } from '../../../src/session/connectRedis.js';
import { createRedisSendLimiter } from '../../../src/session/createRedisSendLimiter.js';
import { createManualClock, type ManualClock } from '../../support/createManualClock.js';
import { dbUrl, testRedis } from '../../support/redis.js';
import { captureLogs } from '../../support/runtime.js';

const DB = 61;
const msg = (text: string): TelegramMessage => ({ text, extra: { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } });
const GROUP = -100;
type Sent = { chat: number; text: string; at: number };

/**
 * Runs the fake clock while outboxes wait on Redis: the clock moves only when no limiter call is in
 * flight, so every outbox is either done or asleep on the clock, and a send happens at the fake
 * time its slot was granted. The short real pauses only let Redis answer; nothing is timed by them.
 */
async function drive(clock: ManualClock, inFlight: () => number, work: Promise<unknown>): Promise<void> {
  let done = false;
  void work.then(() => (done = true));
  while (!done) {
    await new Promise((r) => setTimeout(r, 1));
    if (inFlight() === 0) await clock.step();
  }
}

/** The most sends a token bucket of `burst` and one token per `intervalMs` allows in any span, checked on every span. */
function worstExcess(times: readonly number[], burst: number, intervalMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let worst = -Infinity;
  for (let i = 0; i < t.length; i++) for (let j = i; j < t.length; j++) worst = Math.max(worst, j - i + 1 - (burst + (t[j]! - t[i]!) / intervalMs));
  return worst;
}

/** Any 60 s window holds at most `max` group sends. */
const groupWindowHolds = (times: readonly number[], max: number) => [...times].sort((a, b) => a - b).every((t, i, all) => i < max || t - all[i - max]! > 60_000);

/** Two outboxes, as in two bot processes, each with its own limiter (and connection) on the one clock. */
function twoProcesses(clock: ManualClock, limiters: [SendLimiter, SendLimiter]) {
  const sent: Sent[] = [];
  let inFlight = 0;
  const outboxes = limiters.map((l) =>
    createTelegramOutbox({
      send: async (chat, m) => void sent.push({ chat, text: m.text, at: clock.now() }),
      logger: captureLogs().logger,
      now: clock.now,
      sleep: clock.sleep,
      limiter: { take: (chat, group) => (inFlight++, l.take(chat, group).finally(() => inFlight--)) },
    }),
  ) as [TelegramOutbox, TelegramOutbox];
  /** 90 patients with one reply each, one patient with six replies and a group with 25 posts, split over both. */
  const load = () =>
    Promise.all([
      ...Array.from({ length: 90 }, (_, chat) => outboxes[chat % 2]!.enqueue(1000 + chat, [msg('x')])),
      outboxes[0].enqueue(7, [msg('a1'), msg('a2'), msg('a3')]),
      outboxes[1].enqueue(7, [msg('b1'), msg('b2'), msg('b3')]),
      outboxes[0].enqueue(GROUP, Array.from({ length: 13 }, (_, i) => msg(`ga${i}`)), { group: true }),
      outboxes[1].enqueue(GROUP, Array.from({ length: 12 }, (_, i) => msg(`gb${i}`)), { group: true }),
    ]);
  return { sent, outboxes, load, inFlight: () => inFlight };
}

describe('telegram limits shared across processes (Redis)', () => {
  let a: Redis;
  let b: Redis;
  beforeAll(async () => {
    await (await testRedis(DB)).quit();
    [a, b] = [connectRedis(dbUrl(DB)), connectRedis(dbUrl(DB))];
    await Promise.all([a.connect(), b.connect()]);
  });
  afterAll(async () => {
    await Promise.all([a.quit(), b.quit()]);
  });

  it('two outboxes together stay within 30 a second overall, the per-chat bucket and 20 a minute per group', async () => {
    const clock = createManualClock(1_000_000);
    const scope = `both-${Date.now()}`;
    const p = twoProcesses(clock, [createRedisSendLimiter(a, telegramLimits, scope, clock.now), createRedisSendLimiter(b, telegramLimits, scope, clock.now)]);
    await drive(clock, p.inFlight, p.load());
    expect(p.sent).toHaveLength(90 + 6 + 25);
    const times = (f: (s: Sent) => boolean) => p.sent.filter(f).map((s) => s.at);
    expect(worstExcess(times(() => true), telegramLimits.globalPerSecond, 1000 / telegramLimits.globalPerSecond)).toBeLessThanOrEqual(1e-6);
    expect(worstExcess(times((s) => s.chat === 7), telegramLimits.perChatBurst, 1000 / telegramLimits.perChatPerSecond)).toBeLessThanOrEqual(1e-6);
    expect(groupWindowHolds(times((s) => s.chat === GROUP), telegramLimits.perGroupPerMinute)).toBe(true);
    // The burst of 30 went out at once, and the second second's sends were paced after it.
    const start = Math.min(...times(() => true));
    expect(times((s) => s.at === start).length).toBe(telegramLimits.globalPerSecond);
    expect(times((s) => s.at > start && s.at <= start + 1000).length).toBeLessThanOrEqual(telegramLimits.globalPerSecond);
    // Each process's own order per chat holds.
    const ofChat7 = p.sent.filter((s) => s.chat === 7).map((s) => s.text);
    expect(ofChat7.filter((t) => t.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(ofChat7.filter((t) => t.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
  });

  it('would exceed them with each process keeping its own limits (the check above can fail)', async () => {
    const clock = createManualClock(1_000_000);
    const p = twoProcesses(clock, [createMemorySendLimiter(telegramLimits, clock.now), createMemorySendLimiter(telegramLimits, clock.now)]);
    await drive(clock, p.inFlight, p.load());
    expect(worstExcess(p.sent.map((s) => s.at), telegramLimits.globalPerSecond, 1000 / telegramLimits.globalPerSecond)).toBeGreaterThan(1);
    expect(groupWindowHolds(p.sent.filter((s) => s.chat === GROUP).map((s) => s.at), telegramLimits.perGroupPerMinute)).toBe(false);
  });

  it('still sends an urgent reply before the chat’s queued replies, on shared limits', async () => {
    const clock = createManualClock(1_000_000);
    const scope = `urgent-${Date.now()}`;
    const p = twoProcesses(clock, [createRedisSendLimiter(a, telegramLimits, scope, clock.now), createRedisSendLimiter(b, telegramLimits, scope, clock.now)]);
    const queued = Promise.all([p.outboxes[0].enqueue(1, Array.from({ length: 8 }, (_, i) => msg(`answer ${i}`))), p.outboxes[1].enqueue(1, [msg('other process')])]);
    // Let the burst go out; the rest wait for the chat's tokens.
    while (p.sent.length < telegramLimits.perChatBurst || p.inFlight() > 0) await new Promise((r) => setTimeout(r, 1));
    const before = p.sent.filter((s) => s.text !== 'other process').length;
    const urgent = p.outboxes[0].enqueue(1, [msg('120')], { urgent: true });
    await drive(clock, p.inFlight, Promise.all([queued, urgent]));
    const fromA = p.sent.map((s) => s.text).filter((t) => t !== 'other process');
    expect(fromA[before]).toBe('120');
    expect(worstExcess(p.sent.map((s) => s.at), telegramLimits.perChatBurst, 1000 / telegramLimits.perChatPerSecond)).toBeLessThanOrEqual(1e-6);
  });

  it('uses Redis’s clock without a test clock, and every key it writes expires', async () => {
    const limiter = createRedisSendLimiter(a, telegramLimits, `clock-${Date.now()}`);
    const waits = [];
    for (let i = 0; i < telegramLimits.perChatBurst + 1; i++) waits.push(await limiter.take(42, false));
    expect(waits.slice(0, telegramLimits.perChatBurst)).toEqual([0, 0, 0]);
    expect(waits.at(-1)).toBeGreaterThan(0);
    expect(waits.at(-1)).toBeLessThanOrEqual(1000);
    expect(await limiter.take(-5, true)).toBe(0);
    const keys = await a.keys('csb:{tg:clock-*');
    expect(keys.length).toBe(3);
    for (const k of keys) expect(await a.pttl(k), k).toBeGreaterThan(0);
  });
});

describe('telegram outbox when the shared limits fail', () => {
  it('paces with its own limits and logs once, then uses the shared ones again', async () => {
    const clock = createManualClock();
    const { logger, lines } = captureLogs();
    let down = true;
    const shared = createMemorySendLimiter(telegramLimits, clock.now);
    const sent: number[] = [];
    const outbox = createTelegramOutbox({
      send: async () => void sent.push(clock.now()),
      logger,
      now: clock.now,
      sleep: clock.sleep,
      limiter: { take: (chat, group) => (down ? Promise.reject(new Error('ECONNREFUSED')) : shared.take(chat, group)) },
    });
    const first = outbox.enqueue(1, Array.from({ length: 5 }, () => msg('x')));
    await clock.runAll();
    await first;
    expect(sent).toHaveLength(5);
    expect(worstExcess(sent, telegramLimits.perChatBurst, 1000 / telegramLimits.perChatPerSecond)).toBeLessThanOrEqual(1e-6);
    expect(lines.filter((l) => l.includes('CSB_TG_LIMITER'))).toHaveLength(1);
    down = false;
    const second = outbox.enqueue(2, [msg('y')]);
    await clock.runAll();
    await second;
    expect(lines.filter((l) => l.includes('CSB_TG_LIMITER'))).toHaveLength(2);
  });
});
