import { Converter } from 'opencc-js/cn2t';
import pino from 'pino';
import type { Bundle } from '../../loadContent.js';
import { createBot } from '../../runtime/createBot.js';
import { createUserTagger } from '../../runtime/createUserTagger.js';
import { connectRedis } from '../../session/connectRedis.js';
import { createRedisPendingTurns } from '../../session/createRedisPendingTurns.js';
import { createRedisSessionStore } from '../../session/createRedisSessionStore.js';
import { createRedisMissedLog } from '../../session/createRedisMissedLog.js';
import { createRedisTicketStore } from '../../session/createRedisTicketStore.js';
import { createRedisFloodGuard } from '../../session/createFloodGuard.js';
import { keys } from '../../session/keys.js';
import { commandDelta, parseCommandStats } from './parseCommandStats.js';
import { runUsers, type UsersResult } from './runUsers.js';
import { round, summarise } from './summarise.js';
import { userScript, type QuestionPool } from './userScript.js';

const DAY = 86_400_000;
/** Short think times keep a 1,000-user run near ten seconds; real users pause far longer. */
export const THINK_MS = [500, 1500] as const;

export interface LoadFigures {
  /** Saturation: users send their next message as soon as the reply arrives. */
  readonly msgs_per_s: number;
  /** Latency of the paced run (users pause between messages), the one a user feels. */
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly paced_msgs_per_s: number;
  readonly saturated_p50_ms: number;
  readonly saturated_p99_ms: number;
  /** process.cpuUsage over the saturation run, per message: engine, stores and ioredis in this process. */
  readonly cpu_us_per_message: number;
  readonly messages: number;
  readonly failed: number;
}

export interface EngineFigures {
  readonly users100: LoadFigures;
  readonly users1000: LoadFigures;
  readonly redis_cmds_per_msg: number;
  readonly redis_cmds_breakdown: Record<string, number>;
  readonly session_bytes: number;
  readonly session_bytes_checklist: number;
  readonly rss_mb: number;
  readonly think_ms: readonly [number, number];
  /** Median over the alternating runs of CPU per message at 1,000 users, saturated. Target ≤ 150 µs. */
  readonly cpu_us_per_message: number;
  /** Each alternating run: our saturated msgs/s at 1,000 users, then redis-benchmark's pair rate. */
  readonly ratio_runs: readonly { msgs_per_s: number; pairs_per_s: number; ratio: number; cpu_us_per_message: number }[];
  /** Median of ratio_runs' ratios. */
  readonly ratio_median: number;
}

/** Production's defaults (config FLOOD_MAX_MESSAGES / FLOOD_WINDOW_SECONDS); a bench user sends 12. */
const FLOOD = { maxMessages: 15, windowMs: 10_000 };

type Log = (line: string) => void;

/** Users through createBot with the real Redis stores, as main.ts wires them, in this one process. */
export async function benchEngine(
  bundle: Bundle,
  redisUrl: string,
  secret: string,
  pool: QuestionPool,
  log: Log,
  /** redis-benchmark's GET+SET pair rate with as many connections as the bot holds, run between our runs. */
  pairRate: (connections: number) => number,
  alternations = 3,
): Promise<EngineFigures> {
  const redis = connectRedis(redisUrl);
  await redis.connect();
  // Logs are written as in production (JSON at info), to a sink, so their cost is counted.
  const logger = pino({ level: 'info', base: undefined }, pino.destination({ dest: '/dev/null', sync: false }));
  const tagUser = createUserTagger(secret);
  const bot = createBot({
    content: bundle.content,
    reader: bundle.reader,
    sessions: createRedisSessionStore(redis),
    missed: createRedisMissedLog(redis, 30 * DAY),
    tickets: createRedisTicketStore(redis, 30 * DAY),
    logger,
    tagUser,
    sessionTtlMs: 30 * 60_000,
    toTraditional: Converter({ from: 'cn', to: 'tw' }),
    flood: createRedisFloodGuard(redis, FLOOD),
    // As main.ts wires it: each message is a channel delivery, marked and owed until sent.
    pending: createRedisPendingTurns(redis),
  });
  const questions = bundle.content.flow.questions.length;
  const scripts = (n: number) => Array.from({ length: n }, (_, i) => userScript(i, pool, questions));
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
  const stamp = Date.now().toString(36);

  try {
    // Session size: pause each of a few users when idle and again mid-checklist, and ask Redis.
    const sizes = { idle: [] as number[], checklist: [] as number[] };
    const sample = new Set<number>(Array.from({ length: 20 }, (_, i) => i));
    const small = scripts(20);
    await runUsers({
      bot,
      scripts: small,
      runId: `${stamp}-size`,
      thinkMs: null,
      onReplied: async (user, index) => {
        if (!sample.has(user)) return;
        const at = index === small[user]!.idleAfter - 1 ? 'idle' : index === small[user]!.idleAfter + 4 ? 'checklist' : null;
        if (!at) return;
        const key = keys.session(tagUser({ channel: 'bench', userId: `${stamp}-size-${user}` }));
        const bytes = Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
        if (bytes) sizes[at].push(bytes);
      },
    });

    // Warm the JIT and the connection so the first measured run is not the cold one.
    await runUsers({ bot, scripts: scripts(100), runId: `${stamp}-warm`, thinkMs: null });

    const load = async (users: number): Promise<{ figures: LoadFigures; cmds: Record<string, number> }> => {
      log(`engine: ${users} users, saturation`);
      const before = parseCommandStats(String(await redis.info('commandstats')));
      const c0 = process.cpuUsage();
      const sat = await runUsers({ bot, scripts: scripts(users), runId: `${stamp}-sat${users}`, thinkMs: null });
      const cpu = process.cpuUsage(c0);
      const cmds = commandDelta(before, parseCommandStats(String(await redis.info('commandstats'))));
      log(`engine: ${users} users, paced (think ${THINK_MS[0]}–${THINK_MS[1]} ms)`);
      const paced = await runUsers({ bot, scripts: scripts(users), runId: `${stamp}-paced${users}`, thinkMs: THINK_MS });
      return { figures: figures(sat, paced, (cpu.user + cpu.system) / sat.messages), cmds };
    };
    const u100 = await load(100);
    const u1000 = await load(1000);
    // The ratio to Redis, alternating our saturated run with redis-benchmark at the same connection
    // count (this process holds one), median of three: one sample each swung 0.11–0.38 with load.
    const ratio_runs: EngineFigures['ratio_runs'][number][] = [];
    for (let i = 0; i < alternations; i++) {
      log(`engine: ratio to Redis, run ${i + 1} of ${alternations}`);
      const c0 = process.cpuUsage();
      const sat = await runUsers({ bot, scripts: scripts(1000), runId: `${stamp}-ratio${i}`, thinkMs: null });
      const cpu = process.cpuUsage(c0);
      const msgs_per_s = Math.round(sat.messages / sat.seconds);
      const pairs_per_s = Math.round(pairRate(1));
      ratio_runs.push({ msgs_per_s, pairs_per_s, ratio: round(msgs_per_s / pairs_per_s, 3), cpu_us_per_message: round((cpu.user + cpu.system) / sat.messages, 1) });
    }
    const messages = u1000.figures.messages;
    const total = Object.values(u1000.cmds).reduce((s, x) => s + x, 0);
    const median = (xs: number[]) => summarise(xs).p50;
    return {
      users100: u100.figures,
      users1000: u1000.figures,
      redis_cmds_per_msg: round(total / messages, 2),
      redis_cmds_breakdown: Object.fromEntries(Object.entries(u1000.cmds).map(([k, v]) => [k, round(v / messages, 3)])),
      session_bytes: median(sizes.idle),
      session_bytes_checklist: median(sizes.checklist),
      rss_mb: round(rssPeak / 1_048_576, 1),
      think_ms: THINK_MS,
      cpu_us_per_message: median(ratio_runs.map((r) => r.cpu_us_per_message)),
      ratio_runs,
      ratio_median: median(ratio_runs.map((r) => r.ratio)),
    };
  } finally {
    clearInterval(sampler);
    logger.flush();
    await redis.quit().catch(() => redis.disconnect());
  }
}

function figures(sat: UsersResult, paced: UsersResult, cpuPerMessage: number): LoadFigures {
  const s = summarise(sat.latenciesMs);
  const p = summarise(paced.latenciesMs);
  return {
    msgs_per_s: Math.round(sat.messages / sat.seconds),
    p50_ms: round(p.p50, 2),
    p99_ms: round(p.p99, 2),
    paced_msgs_per_s: Math.round(paced.messages / paced.seconds),
    saturated_p50_ms: round(s.p50, 2),
    saturated_p99_ms: round(s.p99, 2),
    cpu_us_per_message: round(cpuPerMessage, 1),
    messages: sat.messages,
    failed: sat.failed + paced.failed,
  };
}
