import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Converter } from 'opencc-js/cn2t';
import pino from 'pino';
import { createBot } from '../../runtime/createBot.js';
import { createUserTagger } from '../../runtime/createUserTagger.js';
import { connectRedis } from '../../session/connectRedis.js';
import { createMemoryFloodGuard, createRedisFloodGuard } from '../../session/createFloodGuard.js';
import { createMemoryMissedLog } from '../../session/createMemoryMissedLog.js';
import { createMemorySessionStore } from '../../session/createMemorySessionStore.js';
import { createMemoryTicketStore } from '../../session/createMemoryTicketStore.js';
import { createRedisMissedLog } from '../../session/createRedisMissedLog.js';
import { createRedisPendingTurns } from '../../session/createRedisPendingTurns.js';
import { createRedisSessionStore } from '../../session/createRedisSessionStore.js';
import { createRedisTicketStore } from '../../session/createRedisTicketStore.js';
import { loadBundleOrExit, projectRoot } from '../loadBundleOrExit.js';
import { readLabelled } from '../readLabelled.js';
import { summariseAllocations, summariseProfile, type CpuProfile, type HeapProfile } from './summariseProfile.js';
import { runUsers } from './runUsers.js';
import { round } from './summarise.js';
import { userScript } from './userScript.js';

const DAY = 86_400_000;
const FLOOD = { maxMessages: 15, windowMs: 10_000 };

/**
 * `node scripts/with-redis.mjs tsx src/cli/bench/profileEngineCli.ts [--users N] [--out DIR] [--memory] [--no-profile] [--heap]`:
 * the bench's saturated engine run, with the CPU profiler on for the measured runs only (not start-up,
 * not redis-benchmark), so the profile is the cost per message and nothing else. `--memory` wires the
 * in-memory stores instead of Redis, which separates the engine's own CPU from the stores'.
 * `--no-profile` measures without the profiler's overhead; `--heap` samples allocation;
 * PROFILE_LOG_LEVEL=warn drops the per-message info line, to price it.
 */
async function main(): Promise<void> {
  const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const users = Number(arg('--users') ?? 1000);
  const out = resolve(arg('--out') ?? '.cache/profile');
  const memory = process.argv.includes('--memory');
  const redisUrl = process.env.REDIS_URL;
  if (!memory && !redisUrl) throw new Error('REDIS_URL is not set: run through node scripts/with-redis.mjs, or pass --memory');
  const bundle = loadBundleOrExit();
  const dev = readLabelled(resolve(projectRoot, 'tests/fixtures/eval/dev-routes.jsonl'));
  const pool = {
    zh: dev.filter((i) => i.expect[0]?.startsWith('faq:') && /\p{Script=Han}/u.test(i.text)).map((i) => i.text),
    en: dev.filter((i) => i.expect[0]?.startsWith('faq:') && !/\p{Script=Han}/u.test(i.text)).map((i) => i.text),
  };
  const redis = memory ? null : connectRedis(redisUrl!);
  await redis?.connect();
  const logger = pino({ level: process.env.PROFILE_LOG_LEVEL ?? 'info', base: undefined }, pino.destination({ dest: '/dev/null', sync: false }));
  const bot = createBot({
    content: bundle.content,
    reader: bundle.reader,
    sessions: redis ? createRedisSessionStore(redis) : createMemorySessionStore(),
    missed: redis ? createRedisMissedLog(redis, 30 * DAY) : createMemoryMissedLog(30 * DAY),
    tickets: redis ? createRedisTicketStore(redis, 30 * DAY) : createMemoryTicketStore(30 * DAY),
    logger,
    tagUser: createUserTagger('profile-secret-0123456789'),
    sessionTtlMs: 30 * 60_000,
    toTraditional: Converter({ from: 'cn', to: 'tw' }),
    flood: redis ? createRedisFloodGuard(redis, FLOOD) : createMemoryFloodGuard(FLOOD),
    // As main.ts wires it on Redis: each message is a delivery, owed until sent.
    ...(redis ? { pending: createRedisPendingTurns(redis) } : {}),
  });
  const questions = bundle.content.flow.questions.length;
  const scripts = (n: number) => Array.from({ length: n }, (_, i) => userScript(i, pool, questions));
  const stamp = Date.now().toString(36);
  for (let i = 0; i < 3; i++) await runUsers({ bot, scripts: scripts(300), runId: `${stamp}-warm${i}`, thinkMs: null });

  const profiling = !process.argv.includes('--no-profile');
  const heap = process.argv.includes('--heap');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  if (profiling) await session.post('Profiler.start');
  // Allocation sampling: which code allocates what the garbage collector then has to clear.
  if (heap) await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let messages = 0;
  for (let i = 0; i < 3; i++) messages += (await runUsers({ bot, scripts: scripts(users), runId: `${stamp}-run${i}`, thinkMs: null })).messages;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  process.stdout.write(
    `${memory ? 'memory stores' : 'redis stores'}${profiling ? ', profiled' : ''}: ${messages} messages, ${round((cpu.user + cpu.system) / messages, 1)} µs CPU per message ` +
      `(user ${round(cpu.user / messages, 1)}, system ${round(cpu.system / messages, 1)}), ${Math.round(messages / seconds)} msgs/s, load ${loadavg().map((x) => round(x, 2)).join(' ')}\n`,
  );
  if (profiling) {
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    const file = resolve(out, `engine-${memory ? 'memory' : 'redis'}-${stamp}.cpuprofile`);
    mkdirSync(out, { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    process.stdout.write(`profile: ${file}\n\n${summariseProfile(profile, 30)}\n`);
  }
  if (heap) {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: HeapProfile };
    process.stdout.write(`\n${summariseAllocations(profile, 30)}\n`);
  }
  session.disconnect();
  logger.flush();
  await redis?.quit();
}

await main();
