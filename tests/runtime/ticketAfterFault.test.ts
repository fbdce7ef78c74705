import type { Redis } from 'ioredis';
import { Converter } from 'opencc-js/cn2t';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketStore } from '../../src/core/ports.js';
import { createBot } from '../../src/runtime/createBot.js';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { createRedisMissedLog } from '../../src/session/createRedisMissedLog.js';
import { createRedisSessionStore } from '../../src/session/createRedisSessionStore.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { shippedBundle } from '../support/bundle.js';
import { testRedis } from '../support/redis.js';
import { attachQuietDesk, captureLogs, SECRET } from '../support/runtime.js';

describe('a handoff whose ticket was lost to a Redis fault', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await testRedis(31);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('opens the ticket when the patient asks again, instead of saying "already waiting" forever', async () => {
    // The session (handoff: waiting) is saved, then Redis drops before the ticket is written.
    const real = createRedisTicketStore(redis, 86_400_000);
    let failOpen = true;
    const tickets: TicketStore = {
      ...real,
      open: async (t) => {
        if (failOpen) {
          failOpen = false;
          throw Object.assign(new Error('Connection is closed.'), { code: 'ECONNRESET' });
        }
        return real.open(t);
      },
    };
    const bundle = shippedBundle();
    const bot = createBot({
      content: bundle.content, reader: bundle.reader, sessions: createRedisSessionStore(redis), missed: createRedisMissedLog(redis, 86_400_000), tickets,
      logger: captureLogs().logger, tagUser: createUserTagger(SECRET), sessionTtlMs: 60_000, toTraditional: Converter({ from: 'cn', to: 'tw' }),
    });
    attachQuietDesk(bot, tickets, bundle.content); // with no desk the engine opens no ticket at all
    const user = { channel: 'test', userId: 'lost-ticket-1' };
    const first = await bot.handle(user, { kind: 'text', text: '转人工' });
    expect(first.route).toBeNull(); // the apology: the effect failed
    expect(await real.latest(createUserTagger(SECRET)(user))).toBeNull();

    const again = await bot.handle(user, { kind: 'text', text: '转人工' });
    expect(again.replies.map((r) => r.text).join('\n')).toMatch(/已在等待/);
    const ticket = await real.latest(createUserTagger(SECRET)(user));
    expect(ticket?.status).toBe('waiting');
    await bot.handle(user, { kind: 'text', text: '人工' });
    expect((await real.listOpen()).filter((t) => t.user === ticket?.user)).toHaveLength(1);
  });
});
