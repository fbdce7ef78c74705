import { request } from 'node:http';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/createTelegramChannel.js';
import { createTurnSweeper } from '../../src/runtime/createTurnSweeper.js';
import { createRedisDeliveryLog } from '../../src/session/createDeliveryLog.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { keys } from '../../src/session/keys.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/botApiEmulator.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { freePort } from '../support/redisServer.js';
import { redisBot } from '../support/runtime.js';
import { privateUpdate } from '../support/privateUpdate.js';

const TOKEN = '777001:KILL-TOKEN';
const SECRET = 'kill-secret_123';
const never = new Promise<never>(() => undefined);

/** POSTs an update; `abort` drops the connection as a Telegram server would on a dead bot. */
function post(port: number, body: string, abort?: Promise<void>): Promise<number | 'dropped'> {
  return new Promise((resolve) => {
    const r = request({ host: '127.0.0.1', port, path: '/tg/hook', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('error', () => resolve('dropped'));
    void abort?.then(() => r.destroy());
    r.end(body);
  });
}

const update = (id: number, userId: number, text: string) => privateUpdate(id, userId, text, 'K');

/**
 * The probe, in one test process: bot process A takes a webhook update and dies in the
 * middle of it (its ticket write never returns, and it never beats again); Telegram, having no
 * 200, redelivers to process B. Before, A's "seen" mark was written first, so B skipped the
 * update and the patient never heard back. Now the mark comes with the saved turn, and B
 * finishes A's turn: the ticket is opened once and the patient answered once.
 */
describe('a bot process killed in the middle of a webhook update (real Redis, Bot API emulator)', () => {
  let api: BotApiEmulator;
  let redis: Redis;
  let a: TelegramChannel;
  let b: TelegramChannel;
  let portA: number;
  let portB: number;
  let sweepB: ReturnType<typeof createTurnSweeper>;
  beforeAll(async () => {
    api = await startBotApiEmulator();
    redis = await testRedis(44);
    const content = shippedBundle().content;
    const dying = redisBot(redis, { desk: true, tickets: (t) => ({ ...t, open: () => never }) });
    const healthy = redisBot(redis, { desk: true });
    [portA, portB] = [await freePort(), await freePort()];
    const channel = (bot: typeof healthy.bot, port: number, logger: typeof healthy.logger) =>
      createTelegramChannel({ token: TOKEN, apiRoot: api.apiRoot, webhook: { url: 'https://bot.example.test/tg/hook', secret: SECRET, port, host: '127.0.0.1' }, bot, content, delivery: createRedisDeliveryLog(redis), logger });
    a = channel(dying.bot, portA, dying.logger);
    b = channel(healthy.bot, portB, healthy.logger);
    await a.start();
    await b.start();
    sweepB = createTurnSweeper({ pending: healthy.pending, resume: healthy.bot.resume, logger: healthy.logger, graceMs: 0 });
  });
  afterAll(async () => {
    await b.stop();
    await api.stop();
    await redis.quit();
  });

  it('is finished by the next process: one ticket, one answer, and the redelivery applies nothing', async () => {
    let killA!: () => void;
    const killed = new Promise<void>((r) => (killA = r));
    const first = post(portA, update(9001, 4242, '我要转人工'), killed);
    // A has saved the session and the turn it owes; then it dies.
    await expect.poll(() => redis.zcard(keys.turnIndex), { timeout: 10_000 }).toBe(1);
    killA();
    expect(await first).toBe('dropped');
    // Telegram redelivers the update to B: already applied, so 200 and nothing more.
    expect(await post(portB, update(9001, 4242, '我要转人工'))).toBe(200);
    const toPatient = () => api.emulator.storage.botMessages.filter((m) => String(m.message.chat_id) === '4242');
    expect(toPatient()).toHaveLength(0);
    // A never beats again: B's sweep finishes its turn.
    expect(await sweepB.sweep()).toBe(1);
    await expect.poll(() => toPatient().length, { timeout: 10_000 }).toBeGreaterThan(0);
    const tickets = await createRedisTicketStore(redis, 86_400_000).listOpen();
    expect(tickets.filter((t) => t.userId === '4242')).toHaveLength(1);
    await expect.poll(() => redis.zcard(keys.turnIndex), { timeout: 10_000 }).toBe(0);
    const answered = toPatient().length;
    expect(await sweepB.sweep()).toBe(0);
    expect(await post(portB, update(9001, 4242, '我要转人工'))).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(toPatient()).toHaveLength(answered);
  });
});
