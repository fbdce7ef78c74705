import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { MissedQuestionLog } from '../../src/core/ports.js';
import { createMemoryMissedLog } from '../../src/session/createMemoryMissedLog.js';
import { createRedisMissedLog } from '../../src/session/createRedisMissedLog.js';
import { testRedis } from '../support/redis.js';

const DAY = 86_400_000;

/** One contract, run against the memory and the Redis implementation. */
function contract(name: string, make: () => Promise<{ missed: MissedQuestionLog }>) {
  describe(`missed questions: ${name}`, () => {
    let s: { missed: MissedQuestionLog };
    beforeEach(async () => {
      s = await make();
    });

    it('keeps missed questions newest first, without the user', async () => {
      await s.missed.record('u1', { at: Date.now() - 10, text: 'a', best: null });
      await s.missed.record('u2', { at: Date.now(), text: 'b', best: { id: 'cost', score: 0.2 } });
      const recent = await s.missed.recent(10);
      expect(recent.map((q) => q.text)).toEqual(['b', 'a']);
      expect(JSON.stringify(recent)).not.toMatch(/u1|u2/);
    });

    it('keeps two identical questions as two entries', async () => {
      await s.missed.record('u1', { at: Date.now(), text: 'same', best: null });
      await s.missed.record('u1', { at: Date.now(), text: 'same', best: null });
      expect((await s.missed.recent(10)).filter((q) => q.text === 'same')).toHaveLength(2);
    });

    it("erases one user's missed questions and nobody else's", async () => {
      await s.missed.record('u1', { at: Date.now(), text: 'mine', best: null });
      await s.missed.record('u2', { at: Date.now(), text: 'theirs', best: null });
      await s.missed.eraseUser('u1');
      expect((await s.missed.recent(10)).map((q) => q.text)).toEqual(['theirs']);
    });

    it('drops missed questions older than the retention', async () => {
      await s.missed.record('u1', { at: Date.now() - 2 * DAY, text: 'old', best: null });
      await s.missed.record('u1', { at: Date.now(), text: 'new', best: null });
      expect((await s.missed.recent(10)).map((q) => q.text)).toEqual(['new']);
    });
  });
}

contract('memory', async () => ({ missed: createMemoryMissedLog(DAY) }));

let redis: Redis | undefined;
afterAll(async () => {
  await redis?.quit();
});
contract('redis', async () => {
  await redis?.quit();
  redis = await testRedis(4);
  return { missed: createRedisMissedLog(redis, DAY) };
});
