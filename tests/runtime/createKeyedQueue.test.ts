import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from '../../src/runtime/createKeyedQueue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('keyed queue', () => {
  it('runs one key in arrival order, even when earlier tasks are slower', async () => {
    const q = createKeyedQueue();
    const done: number[] = [];
    await Promise.all([30, 1, 10].map((ms, i) => q.run('u', async () => (await sleep(ms), done.push(i)))));
    expect(done).toEqual([0, 1, 2]);
  });

  it('runs different keys concurrently', async () => {
    const q = createKeyedQueue();
    const done: string[] = [];
    await Promise.all([q.run('slow', async () => (await sleep(30), done.push('slow'))), q.run('fast', async () => done.push('fast'))]);
    expect(done).toEqual(['fast', 'slow']);
  });

  it('keeps going after a task fails, and forgets idle keys', async () => {
    const q = createKeyedQueue();
    await expect(q.run('u', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run('u', async () => 'next')).toBe('next');
    await sleep(0);
    expect(q.pending).toBe(0);
  });
});

describe('keyed queue: knowing whether a key is busy', () => {
  it('says a key is busy while its task is queued or running, and idle as soon as its caller hears back', async () => {
    const q = createKeyedQueue();
    const first = q.run('u', async () => sleep(5));
    const second = q.run('u', async () => 'b');
    expect(q.has('u')).toBe(true);
    expect(q.has('other')).toBe(false);
    await first;
    expect(q.has('u')).toBe(true);
    await second;
    // No extra tick: the caller that awaited the last task sees the key idle at once.
    expect(q.has('u')).toBe(false);
  });

  it('is idle at once after a task that failed', async () => {
    const q = createKeyedQueue();
    await q.run('u', async () => Promise.reject(new Error('boom'))).catch(() => undefined);
    expect(q.has('u')).toBe(false);
  });
});
