import { describe, expect, it } from 'vitest';
import type { FloodGuard } from '../../src/core/ports.js';
import { keys } from '../../src/session/keys.js';
import { decodeSession } from '../../src/session/sessionCodec.js';
import { testRedis } from '../support/redis.js';
import { redisBot } from '../support/runtime.js';

describe('flood check and per-user order', () => {
  it('keeps a user’s messages in order even when the first one’s flood check is slower', async () => {
    const redis = await testRedis(46);
    let calls = 0;
    // The first check answers late, the second at once: the second message must still wait its turn.
    const flood: FloodGuard = {
      admit: () => new Promise((r) => setTimeout(() => r('ok'), calls++ === 0 ? 120 : 0)),
      forget: async () => undefined,
    };
    const { bot, tag } = redisBot(redis, { flood });
    const user = { channel: 'test', userId: 'order-1' };
    await Promise.all([bot.handle(user, { kind: 'text', text: '我适合做吗' }), bot.handle(user, { kind: 'text', text: '同意' })]);
    const session = decodeSession((await redis.hget(keys.session(tag(user)), 'data')) ?? '');
    expect(session.ok && session.value.state).toMatchObject({ name: 'checklist', step: 0 });
    await redis.quit();
  });
});
