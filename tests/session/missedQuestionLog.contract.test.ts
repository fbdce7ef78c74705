import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { MissedQuestionLog } from '../../src/core/ports.js';
import { createMemoryMissedLog } from '../../src/session/createMemoryMissedLog.js';
import { createRedisMissedLog } from '../../src/session/createRedisMissedLog.js';
import { keys } from '../../src/session/keys.js';
import { testRedis } from '../support/redis.js';

const DAY = 86_400_000;

interface Subject {
  readonly missed: MissedQuestionLog;
  /** Everything the store holds, as written, to prove what it never wrote. */
  readonly stored: () => Promise<string>;
}

/** One contract, run against the memory and the Redis implementation. */
function contract(name: string, make: () => Promise<Subject>) {
  describe(`missed questions: ${name}`, () => {
    let s: Subject;
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

    it('keeps the text of a question without health or identifying terms', async () => {
      await s.missed.record('u1', { at: Date.now(), text: '你们周末上班吗', best: { id: 'hospital', score: 0.2 } });
      expect(await s.missed.recent(10)).toEqual([expect.objectContaining({ text: '你们周末上班吗', best: { id: 'hospital', score: 0.2 } })]);
    });

    it('keeps only the topic candidate of a question with health terms, names or an address', async () => {
      const texts = ['I have HIV, can I still get stem cells?', '三个月前得过败血症,还能做吗', '我叫张三,住在幸福路'];
      for (const text of texts) await s.missed.record('u1', { at: Date.now(), text, best: { id: 'infection', score: 0.3 } });
      const recent = await s.missed.recent(10);
      expect(recent).toHaveLength(3);
      for (const q of recent) expect(q).toMatchObject({ text: '', best: { id: 'infection', score: 0.3 } });
      const stored = await s.stored();
      for (const word of ['HIV', '败血症', '张三', '幸福路']) expect(stored).not.toContain(word);
    });

    it('drops missed questions older than the retention', async () => {
      await s.missed.record('u1', { at: Date.now() - 2 * DAY, text: 'old', best: null });
      await s.missed.record('u1', { at: Date.now(), text: 'new', best: null });
      expect((await s.missed.recent(10)).map((q) => q.text)).toEqual(['new']);
    });
  });
}

contract('memory', async () => {
  const missed = createMemoryMissedLog(DAY);
  return { missed, stored: async () => JSON.stringify(await missed.recent(10_000)) };
});

let redis: Redis | undefined;
afterAll(async () => {
  await redis?.quit();
});
contract('redis', async () => {
  await redis?.quit();
  const r = await testRedis(4);
  redis = r;
  return { missed: createRedisMissedLog(r, DAY), stored: async () => (await r.zrange(keys.missed, 0, -1)).join('\n') };
});

describe('redis missed questions: erasure', () => {
  it("reads only the erased user's own entries, not the shared log", async () => {
    const r = await testRedis(62);
    const missed = createRedisMissedLog(r, DAY);
    for (let i = 0; i < 50; i++) await missed.record(`other${i}`, { at: Date.now(), text: `theirs ${i}`, best: null });
    await missed.record('me', { at: Date.now(), text: 'mine 1', best: null });
    await missed.record('me', { at: Date.now(), text: 'mine 2', best: null });

    // Every command the server runs during the erasure, up to a marker sent after it.
    const monitor = await r.monitor();
    const seen: string[][] = [];
    const done = new Promise<void>((resolve) => {
      monitor.on('monitor', (_time: string, args: string[]) => {
        if (args[0]?.toLowerCase() === 'echo' && args[1] === 'erase-done') resolve();
        else seen.push(args);
      });
    });
    await missed.eraseUser('me');
    await r.echo('erase-done');
    await done;
    await monitor.disconnect();

    const onShared = seen.filter((args) => args[1] === keys.missed);
    expect(onShared.map((args) => args[0]?.toLowerCase())).toEqual(['zrem']);
    expect(onShared[0]?.slice(2)).toHaveLength(2); // only my two entries are named
    expect(seen.flat().join(' ')).not.toContain('theirs');
    expect((await missed.recent(100)).map((q) => q.text)).not.toContain('mine 1');
    expect(await missed.recent(100)).toHaveLength(50);
    expect(await r.exists(keys.missedBy('me'))).toBe(0);
    expect(await r.pttl(keys.missedBy('other0'))).toBeGreaterThan(0);
    await r.quit();
  });
});
