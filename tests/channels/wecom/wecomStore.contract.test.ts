import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryWecomStore, createRedisWecomStore, type WecomStore } from '../../../src/channels/wecom/createWecomStore.js';
import { testRedis } from '../../support/redis.js';

let redis: Redis;
beforeAll(async () => void (redis = await testRedis(40)));
afterAll(async () => void (await redis.quit()));

const implementations: [string, () => WecomStore][] = [
  ['memory', () => createMemoryWecomStore()],
  ['redis', () => createRedisWecomStore(redis, `t${Math.random()}:`)],
];

describe.each(implementations)('the WeCom store (%s)', (_name, make) => {
  it('lets exactly one caller claim a msgid', async () => {
    const s = make();
    expect(await Promise.all([s.claim('m1', 60_000), s.claim('m1', 60_000), s.claim('m1', 60_000)])).toEqual([true, false, false]);
  });

  it('gives five sends per budget, then says spent; no budget means the window is closed', async () => {
    const s = make();
    expect(await s.takeBudget('b', 5)).toBe('closed');
    await s.openBudget('b', 60_000);
    const verdicts = [];
    for (let i = 0; i < 6; i++) verdicts.push(await s.takeBudget('b', 5));
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'spent']);
    await s.openBudget('b', 60_000);
    expect(await s.takeBudget('b', 5)).toBe('ok');
  });

  it('deletes a value only while it is still the one named', async () => {
    const s = make();
    await s.set('token', 'new', 60_000);
    await s.deleteIf('token', 'old');
    expect(await s.get('token')).toBe('new');
    await s.deleteIf('token', 'new');
    expect(await s.get('token')).toBeNull();
  });
});
