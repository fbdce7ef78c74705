import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { Converter } from 'opencc-js/cn2t';
import type { Content } from '../../src/core/content.js';
import type { FloodGuard, TicketStore } from '../../src/core/ports.js';
import { createDesk } from '../../src/handoff/createDesk.js';
import { createLogger } from '../../src/log/createLogger.js';
import { createBot, type Bot } from '../../src/runtime/createBot.js';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { createRedisSessionStore } from '../../src/session/createRedisSessionStore.js';
import { createRedisMissedLog } from '../../src/session/createRedisMissedLog.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { createRedisCallbackStore } from '../../src/session/createRedisCallbackStore.js';
import { createRedisPendingTurns } from '../../src/session/createRedisPendingTurns.js';
import { shippedBundle } from './bundle.js';

/** Everything the bot logged, as raw lines, so tests can search it for leaks. */
export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('debug', stream), lines };
}

export const SECRET = 'test-secret-0123456789abcdef';

/**
 * Attaches a consultant desk whose chat accepts every post and shows it to nobody, so the engine
 * knows a desk exists (handoffs open tickets) without a channel in the test.
 */
export function attachQuietDesk(bot: Bot, tickets: TicketStore, content: Content = shippedBundle().content): void {
  const desk = createDesk({ tickets, content, consultants: new Set(), logger: captureLogs().logger, remindAfterMs: 86_400_000 });
  desk.addBoard({ platform: 'quiet', post: async () => undefined });
  desk.attach(bot);
  bot.attachDesk(desk);
}

/** A bot on a real Redis, as main.ts wires it, with its logs captured; `desk` attaches a quiet desk. */
export function redisBot(redis: Redis, opts: { sessionTtlMs?: number; content?: Content; flood?: FloodGuard; desk?: boolean; tickets?: (t: TicketStore) => TicketStore } = {}) {
  const { logger, lines } = captureLogs();
  const bundle = shippedBundle();
  const realTickets = createRedisTicketStore(redis, 86_400_000);
  const pending = createRedisPendingTurns(redis);
  const bot = createBot({
    content: opts.content ?? bundle.content,
    reader: bundle.reader,
    sessions: createRedisSessionStore(redis),
    missed: createRedisMissedLog(redis, 86_400_000),
    tickets: opts.tickets ? opts.tickets(realTickets) : realTickets,
    pending,
    logger,
    tagUser: createUserTagger(SECRET),
    sessionTtlMs: opts.sessionTtlMs ?? 1_800_000,
    toTraditional: Converter({ from: 'cn', to: 'tw' }),
    callbacks: createRedisCallbackStore(redis, 86_400_000),
    callbackDays: 1,
    ...(opts.flood ? { flood: opts.flood } : {}),
  });
  if (opts.desk) attachQuietDesk(bot, createRedisTicketStore(redis, 86_400_000), opts.content ?? bundle.content);
  return { bot, pending, logs: lines, logger, tag: createUserTagger(SECRET) };
}
