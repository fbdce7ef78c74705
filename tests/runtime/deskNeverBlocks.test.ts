import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskBoard } from '../../src/core/ports.js';
import { createDesk } from '../../src/handoff/createDesk.js';
import { createBot } from '../../src/runtime/createBot.js';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { createMemoryMissedLog } from '../../src/session/createMemoryMissedLog.js';
import { createMemoryTicketStore } from '../../src/session/createMemoryTicketStore.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { captureLogs, redisBot, SECRET } from '../support/runtime.js';

const DAY = 86_400_000;
const RED_FLAG = '我胸口剧痛喘不上气';

/** A desk chat whose every post hangs forever: the worst a slow or stuck desk transport can do. */
function stalledBoard() {
  const posts: { text: string; urgent: boolean }[] = [];
  const board: DeskBoard = { platform: 'stalled', post: (text, opts) => (posts.push({ text, urgent: opts?.urgent ?? false }), new Promise<void>(() => undefined)) };
  return { board, posts };
}

describe('desk posts never hold a patient’s turn (real Redis)', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await testRedis(54);
  });
  afterAll(async () => {
    await redis.quit();
  });

  function setup() {
    const r = redisBot(redis);
    const tickets = createRedisTicketStore(redis, DAY);
    const desk = createDesk({ tickets, content: shippedBundle().content, consultants: new Set(), logger: r.logger, remindAfterMs: DAY });
    const stalled = stalledBoard();
    desk.addBoard(stalled.board);
    desk.attach(r.bot);
    r.bot.attachDesk(desk);
    return { ...r, tickets, desk, ...stalled };
  }

  it('answers a red flag with 25 handoff cards stuck at the desk, and writes every ticket before its turn ends', async () => {
    const s = setup();
    for (let p = 0; p < 25; p++) {
      const turn = await s.bot.handle({ channel: 'test', userId: `queued-${p}` }, { kind: 'text', text: '转人工' });
      expect(turn.route?.route).toBe('handoff');
      // Durable before the turn completed, although its card will never be posted.
      expect((await s.tickets.latest(s.tag({ channel: 'test', userId: `queued-${p}` })))?.status).toBe('waiting');
    }
    expect(s.posts).toHaveLength(25); // every card was handed to the desk; none has finished

    const out = await s.bot.handle({ channel: 'test', userId: 'emergency-1' }, { kind: 'text', text: RED_FLAG });
    expect(out.route?.route).toBe('emergency');
    expect(out.urgent).toBe(true);
    expect(out.replies[0]?.text).toMatch(/120/);
    expect(s.posts).toHaveLength(26);
    expect(s.posts.at(-1)).toMatchObject({ urgent: true, text: expect.stringMatching(/🚨/) });
  });

  it('keeps relays and closings out of the turn too, while the transcript line is stored first', async () => {
    const s = setup();
    const me = { channel: 'test', userId: 'relay-1' };
    await s.bot.handle(me, { kind: 'text', text: '转人工' });
    const relayed = await s.bot.handle(me, { kind: 'text', text: '我想补充一下病史' });
    expect(relayed.replies.length).toBeGreaterThan(0);
    const t = await s.tickets.latest(s.tag(me));
    expect(t?.transcript.map((l) => l.text)).toContain('我想补充一下病史');
    const ended = await s.bot.handle(me, { kind: 'text', text: '结束人工' });
    expect(ended.route).not.toBeNull();
    expect((await s.tickets.get(t!.number))?.status).toBe('closed');
    expect(s.posts.map((p) => p.text)).toEqual([expect.stringMatching(/工单/), expect.stringMatching(/我想补充一下病史/), expect.stringMatching(/患者已结束咨询/)]);
  });

  it('logs the emergency with its code and family but never the words, and counts a false alarm', async () => {
    const s = setup();
    const me = { channel: 'test', userId: 'alarm-1' };
    const alarm = await s.bot.handle(me, { kind: 'text', text: RED_FLAG });
    const notEmergency = alarm.replies.flatMap((r) => (r.choices ?? []).map((c) => ({ id: c.id, turn: r.turn ?? 0 }))).find((c) => c.id === 'falseAlarm');
    const logs = s.logs.join('\n');
    expect(logs).toMatch(/"level":50[^\n]*"code":"CSB_EMERGENCY"[^\n]*"family":"chest_heart"|"level":50[^\n]*"family":"chest_heart"[^\n]*"code":"CSB_EMERGENCY"/);
    expect(logs).not.toMatch(/胸口|喘不上气/);
    expect(notEmergency).toBeDefined(); // "不是紧急情况"
    await s.bot.handle(me, { kind: 'choice', id: notEmergency!.id, turn: notEmergency!.turn });
    expect(s.logs.join('\n')).toMatch(/CSB_FALSE_ALARM/);
  });

  it('with the store down, still answers a red flag first and alerts the desk, which needs no store', async () => {
    const down = () => Promise.reject(Object.assign(new Error('Connection is closed.'), { code: 'ECONNREFUSED' }));
    const bundle = shippedBundle();
    const { logger, lines } = captureLogs();
    const bot = createBot({
      content: bundle.content, reader: bundle.reader, sessions: { load: down, save: down, delete: down }, missed: createMemoryMissedLog(DAY), tickets: createMemoryTicketStore(DAY),
      logger, tagUser: createUserTagger(SECRET), sessionTtlMs: 60_000, toTraditional: (t) => t,
    });
    const desk = createDesk({ tickets: createMemoryTicketStore(DAY), content: bundle.content, consultants: new Set(), logger, remindAfterMs: DAY });
    const stalled = stalledBoard();
    desk.addBoard(stalled.board);
    bot.attachDesk(desk);
    const out = await bot.handle({ channel: 'test', userId: 'down-1' }, { kind: 'text', text: RED_FLAG });
    expect(out.route).toBeNull(); // the channel may ask for a redelivery
    expect(out.urgent).toBe(true);
    expect(out.replies[0]?.text).toMatch(/120/);
    expect(stalled.posts).toEqual([expect.objectContaining({ urgent: true })]);
    expect(lines.join('\n')).toMatch(/CSB_EMERGENCY/);
  });
});
