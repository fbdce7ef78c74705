import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import type { TicketStore } from '../../src/core/ports.js';
import { createDesk } from '../../src/handoff/createDesk.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { captureLogs, redisBot } from '../support/runtime.js';

const DAY = 86_400_000;
const consultant = { platform: 'telegram', id: '1', name: 'Li' };

/**
 * A consultant's answer run twice: a process killed after the patient's conversation took it but
 * before the update was marked done (so it is redelivered), or a command retried after a later
 * step failed. Keyed by the desk update, the patient hears it once and the transcript holds it once.
 */
describe('a consultant update run twice reaches the patient once (real Redis)', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await testRedis(49);
  });
  afterAll(async () => {
    await redis.quit();
  });

  async function setup(wrap: (t: TicketStore) => TicketStore = (t) => t) {
    const real = createRedisTicketStore(redis, DAY);
    const tickets = wrap(real);
    const { bot } = redisBot(redis);
    const desk = createDesk({ tickets, content: shippedBundle().content, consultants: new Set(['telegram:1']), logger: captureLogs().logger, remindAfterMs: DAY, sleep: async () => undefined });
    desk.addBoard({ platform: 'test', post: async () => undefined });
    desk.attach(bot);
    bot.attachDesk(desk);
    const sent: (readonly Reply[])[] = [];
    desk.connect('telegram', async (_userId, replies) => void sent.push(replies));
    return { bot, desk, real, sent };
  }

  it('the same update twice: one answer to the patient, one transcript line', async () => {
    const s = await setup();
    const patient = { channel: 'telegram', userId: 'de1' };
    await s.bot.handle(patient, { kind: 'text', text: '转人工' });
    const n = (await s.real.listOpen()).find((t) => t.userId === 'de1')!.number;
    for (let i = 0; i < 2; i++) expect(await s.desk.act(consultant, { kind: 'reply', n, text: '您好,我是顾问小李' }, { deliveryKey: 'tgdesk:5001' })).toBeNull();
    await s.desk.idle();
    expect(s.sent.filter((r) => r.some((x) => x.text.includes('顾问小李')))).toHaveLength(1);
    expect((await s.real.get(n))!.transcript.filter((l) => l.from === 'consultant')).toHaveLength(1);
  });

  it('a retry after a later step failed: the patient hears the answer once', async () => {
    let failAppend = true;
    const s = await setup((t) => ({ ...t, append: (n, line) => (line.from === 'consultant' && failAppend ? ((failAppend = false), Promise.reject(new Error('Command timed out'))) : t.append(n, line)) }));
    const patient = { channel: 'telegram', userId: 'de2' };
    await s.bot.handle(patient, { kind: 'text', text: '转人工' });
    const n = (await s.real.listOpen()).find((t) => t.userId === 'de2')!.number;
    await expect(s.desk.act(consultant, { kind: 'reply', n, text: '请问您哪里不舒服' }, { deliveryKey: 'tgdesk:5002' })).rejects.toThrow();
    expect(await s.desk.act(consultant, { kind: 'reply', n, text: '请问您哪里不舒服' }, { deliveryKey: 'tgdesk:5002' })).toBeNull();
    await s.desk.idle();
    expect(s.sent.filter((r) => r.some((x) => x.text.includes('哪里不舒服')))).toHaveLength(1);
  });
});
