import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../config/loadConfig.js';
import type { Logger } from '../../core/ports.js';
import type { Desk } from '../../handoff/createDesk.js';
import type { Runtime } from '../../runtime/buildRuntime.js';
import { connectRedis } from '../../session/connectRedis.js';
import { createWecomChannel } from './createWecomChannel.js';
import { createMemoryWecomStore, createRedisWecomStore } from './createWecomStore.js';

/** Where the callback can be mounted: the shared HOST:PORT server, when the process runs one. */
export interface HttpMount {
  mount(prefix: string, handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): void;
}

/**
 * The WeCom channel from config, as main.ts starts it: its own Redis connection for the shared
 * state (or memory without REDIS_URL), the callback mounted on the shared server or served on
 * HOST:PORT by itself, and the servicer pool registered as a desk, so handoffs are offered.
 */
export function createWecomFromConfig(config: Config, runtime: Runtime, desk: Desk, logger: Logger, http?: HttpMount) {
  const sentinel = config.REDIS_SENTINELS && config.REDIS_SENTINEL_NAME ? { sentinels: config.REDIS_SENTINELS, name: config.REDIS_SENTINEL_NAME } : undefined;
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, sentinel) : undefined;
  redis?.on('error', (e: NodeJS.ErrnoException) => logger.warn({ channel: 'wecom', code: 'CSB_REDIS_ERROR', cause: e.code ?? e.name }, 'redis connection problem'));
  const channel = createWecomChannel({
    corpId: config.WECOM_CORP_ID ?? '',
    secret: config.WECOM_KF_SECRET ?? '',
    callbackToken: config.WECOM_CALLBACK_TOKEN ?? '',
    encodingAesKey: config.WECOM_ENCODING_AES_KEY ?? '',
    apiRoot: config.WECOM_API_ROOT,
    callbackPath: config.WECOM_CALLBACK_PATH,
    ...(http ? {} : { listen: { host: config.HOST, port: config.PORT } }),
    ...(config.WECOM_OPEN_KFID ? { openKfid: config.WECOM_OPEN_KFID } : {}),
    ...(config.WECOM_SERVICER ? { servicer: config.WECOM_SERVICER } : {}),
    bot: runtime.bot,
    tickets: runtime.tickets,
    store: redis ? createRedisWecomStore(redis) : createMemoryWecomStore(),
    logger,
  });
  http?.mount(config.WECOM_CALLBACK_PATH, (req, res) => void channel.handleHttp(req, res));
  // WeCom's servicers answer in their own client; case cards still reach a Telegram/WeChat desk if one exists.
  desk.addBoard({ platform: 'wecom', post: async () => undefined });
  desk.connect('wecom', (userId, replies) => channel.deliver(userId, replies));
  return {
    ...channel,
    async start(): Promise<void> {
      await redis?.connect();
      await channel.start();
    },
    async stop(): Promise<void> {
      await channel.stop();
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
