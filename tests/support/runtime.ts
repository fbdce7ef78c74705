import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { Converter } from 'opencc-js/cn2t';
import type { Content } from '../../src/core/content.js';
import type { FloodGuard } from '../../src/core/ports.js';
import { createLogger } from '../../src/log/createLogger.js';
import { createBot } from '../../src/runtime/createBot.js';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { createRedisSessionStore } from '../../src/session/createRedisSessionStore.js';
import { createRedisMissedLog } from '../../src/session/createRedisMissedLog.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
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

/** A bot on a real Redis, as main.ts wires it, with its logs captured. */
export function redisBot(redis: Redis, opts: { sessionTtlMs?: number; content?: Content; flood?: FloodGuard } = {}) {
  const { logger, lines } = captureLogs();
  const bundle = shippedBundle();
  const bot = createBot({
    content: opts.content ?? bundle.content,
    reader: bundle.reader,
    sessions: createRedisSessionStore(redis),
    missed: createRedisMissedLog(redis, 86_400_000),
    tickets: createRedisTicketStore(redis, 86_400_000),
    logger,
    tagUser: createUserTagger(SECRET),
    sessionTtlMs: opts.sessionTtlMs ?? 1_800_000,
    toTraditional: Converter({ from: 'cn', to: 'tw' }),
    ...(opts.flood ? { flood: opts.flood } : {}),
  });
  return { bot, logs: lines, logger, tag: createUserTagger(SECRET) };
}
