import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/session/connectRedis.js';
import { freePort, startRedisServer, stopRedisServer } from '../support/redisServer.js';
import { redisBot } from '../support/runtime.js';

describe('when Redis goes away', () => {
  let server: ChildProcess | undefined;
  afterAll(async () => {
    if (server) await stopRedisServer(server);
  });

  // The command timeout is 1.5 s; the bound only tells failing fast from waiting for Redis to return.
  it('apologises within seconds, still answers emergencies, and recovers by itself', async () => {
    const port = await freePort();
    server = await startRedisServer(port);
    const redis = connectRedis(`redis://127.0.0.1:${port}`);
    redis.on('error', () => undefined); // the runner reports failures; reconnect noise is expected here
    await redis.connect();
    const { bot } = redisBot(redis);
    const user = { channel: 'test', userId: 'outage-1' };
    expect((await bot.handle(user, { kind: 'text', text: '你好' })).route?.route).toBe('menu');

    await stopRedisServer(server);
    const started = Date.now();
    const down = await bot.handle(user, { kind: 'text', text: '孕妇能做吗' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(down.replies[0]?.text).toMatch(/系统暂时繁忙/);
    const emergency = await bot.handle(user, { kind: 'text', text: '我喘不上气了' });
    expect(emergency.replies[0]?.text).toMatch(/120/);

    server = await startRedisServer(port);
    let back = false;
    for (let i = 0; i < 150 && !back; i++) {
      await new Promise((r) => setTimeout(r, 200));
      back = (await bot.handle(user, { kind: 'text', text: '菜单' })).route?.route === 'menu';
    }
    expect(back).toBe(true);
    redis.disconnect();
  }, 60_000);
});
