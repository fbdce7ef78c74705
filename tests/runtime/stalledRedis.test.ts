import type { Redis } from 'ioredis';
import { Converter } from 'opencc-js/cn2t';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import type { SessionStore } from '../../src/core/ports.js';
import { createBot, type Handled } from '../../src/runtime/createBot.js';
import { createTurnSweeper } from '../../src/runtime/createTurnSweeper.js';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { connectRedis } from '../../src/session/connectRedis.js';
import { createRedisMissedLog } from '../../src/session/createRedisMissedLog.js';
import { createRedisPendingTurns } from '../../src/session/createRedisPendingTurns.js';
import { createRedisSessionStore } from '../../src/session/createRedisSessionStore.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { keys } from '../../src/session/keys.js';
import { decodeSession } from '../../src/session/sessionCodec.js';
import { shippedBundle } from '../support/bundle.js';
import { dbUrl, testRedis } from '../support/redis.js';
import { captureLogs, SECRET } from '../support/runtime.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';

const DAY = 86_400_000;
const USERS = 20;
const tag = createUserTagger(SECRET);
const ref = (i: number) => ({ channel: 'telegram', userId: `s${i}` });

/**
 * Redis stalls at the worst moment: the session write has reached the server and runs, but its
 * answer is held (as under DEBUG SLEEP or a network stall), so the bot's command times out.
 * Before, the update was applied and then, redelivered after the apology, applied again.
 */
describe('Redis stalled while the session is written (real Redis behind a TCP proxy)', () => {
  let direct: Redis;
  let viaProxy: Redis;
  let proxy: TcpProxy;
  beforeAll(async () => {
    direct = await testRedis(45);
    const port = Number(new URL(dbUrl(45)).port);
    proxy = await startTcpProxy(port);
    // The bot's own connection settings: 1.5 s command timeout, no offline queue.
    viaProxy = connectRedis(`redis://127.0.0.1:${proxy.port}/45`);
    viaProxy.on('error', () => undefined);
    await viaProxy.connect();
  });
  afterAll(async () => {
    viaProxy.disconnect();
    await proxy.close();
    await direct.quit();
  });

  it('each message gets one apology while stalled, is applied exactly once, and its real answer is sent once afterwards', async () => {
    const bundle = shippedBundle();
    const sessions = createRedisSessionStore(viaProxy);
    let stallOnSave = true;
    // The stall begins as the session write is sent: the write runs, its answer never comes in time.
    const stalling: SessionStore = { ...sessions, save: (...args) => (stallOnSave && proxy.stall(), sessions.save(...args)) };
    const pending = createRedisPendingTurns(viaProxy);
    const { logger } = captureLogs();
    const bot = createBot({
      content: bundle.content, reader: bundle.reader, logger, tagUser: tag, sessionTtlMs: DAY, toTraditional: Converter({ from: 'cn', to: 'tw' }),
      sessions: stalling, missed: createRedisMissedLog(viaProxy, DAY), tickets: createRedisTicketStore(viaProxy, DAY), pending,
    });
    const late: { userId: string; replies: readonly Reply[] }[] = [];
    bot.connect('telegram', async (userId, replies) => void late.push({ userId, replies }));

    const firsts = await Promise.all(Array.from({ length: USERS }, (_, i) => bot.handle(ref(i), { kind: 'text', text: '干细胞是什么' }, { deliveryKey: `tg:${7000 + i}` })));
    // Every message was answered while Redis was still stalled: one apology each, not one per command.
    expect(firsts.every((h) => h.route === null && /繁忙/.test(h.replies[0]?.text ?? ''))).toBe(true);

    stallOnSave = false;
    proxy.flow();
    // Telegram redelivers each (the webhook answered 500): the write had landed, so nothing is applied again.
    const again: Handled[] = await Promise.all(Array.from({ length: USERS }, (_, i) => bot.handle(ref(i), { kind: 'text', text: '干细胞是什么' }, { deliveryKey: `tg:${7000 + i}` })));
    expect(again.map((h) => h.route?.route)).toEqual(Array(USERS).fill('duplicate'));
    // The turns the stalled writes left owed are finished by this process's own sweep: one answer each.
    const sweeper = createTurnSweeper({ pending, resume: bot.resume, logger, graceMs: 0 });
    expect(await sweeper.sweep()).toBe(USERS);
    expect(await sweeper.sweep()).toBe(0);
    expect(late.map((l) => l.userId).sort()).toEqual(Array.from({ length: USERS }, (_, i) => `s${i}`).sort());
    for (let i = 0; i < USERS; i++) {
      const s = decodeSession((await direct.hget(keys.session(tag(ref(i))), 'data')) ?? '');
      expect(s.ok && s.value.messages).toBe(1);
    }
  });
});
