import type { Redis } from 'ioredis';
import { createWecomChannel, type WecomChannel } from '../../src/channels/wecom/createWecomChannel.js';
import { createRedisWecomStore } from '../../src/channels/wecom/createWecomStore.js';
import type { Bot } from '../../src/runtime/createBot.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { KF, type KfApiEmulator } from './kfApiEmulator.js';
import { captureLogs, redisBot } from './runtime.js';

let stores = 0;

/** A WeCom channel on real Redis wired to the emulator, its callback served on a free loopback port. */
export async function startWecom(emu: KfApiEmulator, redis: Redis, o: { bot?: Pick<Bot, 'handle'>; servicer?: string; prefix?: string } = {}) {
  const prefix = o.prefix ?? `wecom${++stores}:`;
  const tickets = createRedisTicketStore(redis, 86_400_000);
  const { logger, lines } = captureLogs();
  const bot = o.bot ?? redisBot(redis, { desk: true }).bot;
  const channel: WecomChannel = createWecomChannel({
    corpId: KF.corpId,
    secret: KF.secret,
    callbackToken: KF.token,
    encodingAesKey: KF.aesKey,
    apiRoot: emu.apiRoot,
    callbackPath: '/wecom/callback',
    listen: { host: '127.0.0.1', port: 0 },
    openKfid: KF.kfid,
    ...(o.servicer ? { servicer: o.servicer } : {}),
    bot,
    tickets,
    store: createRedisWecomStore(redis, prefix),
    logger,
  });
  await channel.start();
  emu.setCallbackUrl(`http://127.0.0.1:${channel.port}/wecom/callback`);
  return { channel, tickets, logs: lines, prefix, bot };
}
