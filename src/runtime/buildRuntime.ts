import { Converter } from 'opencc-js/cn2t';
import type { Config } from '../config/loadConfig.js';
import type { CallbackStore, DeliveryLog, Logger, TicketStore } from '../core/ports.js';
import { createMemoryCallbackStore } from '../session/createMemoryCallbackStore.js';
import { createRedisCallbackStore } from '../session/createRedisCallbackStore.js';
import { createMemoryDeskLinks, createRedisDeskLinks, type DeskLinks } from '../session/createDeskLinks.js';
import { createMemoryDeliveryLog, createRedisDeliveryLog } from '../session/createDeliveryLog.js';
import type { Bundle } from '../loadContent.js';
import { connectRedis } from '../session/connectRedis.js';
import { createMemorySessionStore } from '../session/createMemorySessionStore.js';
import { createMemoryMissedLog } from '../session/createMemoryMissedLog.js';
import { createMemoryTicketStore } from '../session/createMemoryTicketStore.js';
import { createRedisSessionStore } from '../session/createRedisSessionStore.js';
import { createRedisSendLimiter, type SendLimits } from '../session/createRedisSendLimiter.js';
import { createRedisMissedLog } from '../session/createRedisMissedLog.js';
import { createRedisTicketStore } from '../session/createRedisTicketStore.js';
import { createRedisPendingTurns } from '../session/createRedisPendingTurns.js';
import { createTurnSweeper } from './createTurnSweeper.js';
import { createMemoryFloodGuard, createRedisFloodGuard } from '../session/createFloodGuard.js';
import { createBot, type Bot } from './createBot.js';
import { createUserTagger } from './createUserTagger.js';
import { createWorkGate, type WorkGate } from './createWorkGate.js';
import { randomBytes } from 'node:crypto';
import { createMetrics, type Metrics } from '../metrics/createMetrics.js';
import { createMemoryStatsStore, type StatsStore } from '../metrics/statsStore.js';
import { createRedisStatsStore } from '../session/createRedisStatsStore.js';
import type { MissedQuestionLog } from '../core/ports.js';

export interface Runtime {
  readonly bot: Bot;
  readonly delivery: DeliveryLog;
  readonly tickets: TicketStore;
  /** Call-back requests left when nobody could take a chat. */
  readonly callbacks: CallbackStore;
  readonly deskLinks: DeskLinks;
  readonly storage: 'redis' | 'memory';
  /** Prometheus metrics and the daily counters, fed by the runner. */
  readonly metrics: Metrics;
  readonly stats: StatsStore;
  readonly missed: MissedQuestionLog;
  /** This process's bound on messages handled at once; `waiting` is its backlog, for shedding load. */
  readonly gate: WorkGate;
  /** With Redis: a channel's send limits held for every process of the bot; `scope` names the bot. */
  readonly sendLimiter?: (limits: SendLimits, scope: string) => { take(chatId: number, group: boolean): Promise<number> };
  /** Resolves when the session store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const DAY = 86_400_000;

/** host:port of a redis:// URL, without the password. */
function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'REDIS_URL';
  }
}

/** Wires stores, secrets and the engine from config: Redis when REDIS_URL is set, memory otherwise. */
export async function buildRuntime(config: Config, bundle: Bundle, logger: Logger): Promise<Runtime> {
  const toTraditional = Converter({ from: 'cn', to: 'tw' });
  const gate = createWorkGate({ limit: config.MAX_IN_FLIGHT });
  const common = {
    gate,
    content: bundle.content,
    reader: bundle.reader,
    logger,
    sessionTtlMs: config.SESSION_TTL_MINUTES * 60_000,
    toTraditional,
    callbackDays: config.TICKET_RETENTION_DAYS,
  };
  const metricsFor = (stats: StatsStore) =>
    createMetrics({
      stats,
      flow: bundle.content.flow,
      logger,
      retentionMs: config.STATS_RETENTION_DAYS * DAY,
      ...(bundle.content.clinic.hours ? { timeZone: bundle.content.clinic.hours.timezone } : {}),
    });
  const floodLimits = { maxMessages: config.FLOOD_MAX_MESSAGES, windowMs: config.FLOOD_WINDOW_SECONDS * 1000 };
  if (!config.REDIS_URL) {
    logger.warn({ storage: 'memory' }, 'REDIS_URL is not set: sessions are kept in memory and lost when the bot stops');
    const tickets = createMemoryTicketStore(config.TICKET_RETENTION_DAYS * DAY);
    const stats = createMemoryStatsStore();
    const metrics = metricsFor(stats);
    metrics.watchTickets(tickets);
    const missed = createMemoryMissedLog(config.MISSED_RETENTION_DAYS * DAY);
    const callbacks = createMemoryCallbackStore(config.TICKET_RETENTION_DAYS * DAY);
    const bot = createBot({
      ...common,
      callbacks,
      observe: (t) => metrics.observe(t),
      sessions: createMemorySessionStore(),
      missed,
      tickets,
      flood: createMemoryFloodGuard(floodLimits),
      // Memory dies with the process, so a per-process secret loses nothing.
      tagUser: createUserTagger(config.BOT_SECRET ?? randomBytes(24).toString('hex')),
    });
    return { bot, gate, tickets, callbacks, metrics, stats, missed, deskLinks: createMemoryDeskLinks(), delivery: createMemoryDeliveryLog(), storage: 'memory', ping: async () => undefined, close: async () => undefined };
  }
  const sentinel = config.REDIS_SENTINELS && config.REDIS_SENTINEL_NAME ? { sentinels: config.REDIS_SENTINELS, name: config.REDIS_SENTINEL_NAME } : undefined;
  const redis = connectRedis(config.REDIS_URL, sentinel);
  let lastCause: string | undefined;
  redis.on('error', (e: NodeJS.ErrnoException) => {
    lastCause = e.code ?? e.name;
    logger.warn({ code: 'CSB_REDIS_ERROR', cause: lastCause }, 'redis connection problem');
  });
  await redis.connect().catch((e: unknown) => {
    redis.disconnect();
    // ioredis says only "Connection is closed."; the operator needs where and why.
    const where = sentinel ? `the sentinels ${sentinel.sentinels.map((x) => `${x.host}:${x.port}`).join(', ')}` : redisAddress(config.REDIS_URL ?? '');
    throw new Error(`cannot reach Redis at ${where}: ${lastCause ?? (e as Error).message}`, { cause: e });
  });
  logger.info({ storage: 'redis' }, 'sessions are kept in Redis');
  const tickets = createRedisTicketStore(redis, config.TICKET_RETENTION_DAYS * DAY);
  const stats = createRedisStatsStore(redis);
  const metrics = metricsFor(stats);
  metrics.watchTickets(tickets);
  const missed = createRedisMissedLog(redis, config.MISSED_RETENTION_DAYS * DAY);
  const callbacks = createRedisCallbackStore(redis, config.TICKET_RETENTION_DAYS * DAY);
  const pending = createRedisPendingTurns(redis);
  const bot = createBot({
    ...common,
    callbacks,
    pending,
    observe: (t) => metrics.observe(t),
    sessions: createRedisSessionStore(redis),
    missed,
    tickets,
    flood: createRedisFloodGuard(redis, floodLimits),
    tagUser: createUserTagger(config.BOT_SECRET ?? ''),
  });
  // Turns a killed process saved but did not finish are finished here, once its heartbeat is gone.
  const sweeper = createTurnSweeper({ pending, resume: bot.resume, logger });
  await sweeper.start();
  return {
    bot,
    gate,
    tickets,
    callbacks,
    deskLinks: createRedisDeskLinks(redis, config.TICKET_RETENTION_DAYS * DAY),
    delivery: createRedisDeliveryLog(redis),
    storage: 'redis',
    sendLimiter: (limits, scope) => createRedisSendLimiter(redis, limits, scope),
    metrics,
    stats,
    missed,
    ping: async () => void (await redis.ping()),
    close: async () => {
      await sweeper.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
