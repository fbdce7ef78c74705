import { Converter } from 'opencc-js/cn2t';
import pino from 'pino';
import type { Bundle } from '../../loadContent.js';
import { createBot } from '../../runtime/createBot.js';
import { createUserTagger } from '../../runtime/createUserTagger.js';
import { connectRedis } from '../../session/connectRedis.js';
import { createRedisSessionStore } from '../../session/createRedisSessionStore.js';
import { createRedisMissedLog } from '../../session/createRedisMissedLog.js';
import { createRedisTicketStore } from '../../session/createRedisTicketStore.js';
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
}

type Log = (line: string) => void;

/** Users through createBot with the real Redis stores, as main.ts wires them, in this one process. */
export async function benchEngine(bundle: Bundle, redisUrl: string, secret: string, pool: QuestionPool, log: Log): Promise<EngineFigures> {
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
      const sat = await runUsers({ bot, scripts: scripts(users), runId: `${stamp}-sat${users}`, thinkMs: null });
      const cmds = commandDelta(before, parseCommandStats(String(await redis.info('commandstats'))));
      log(`engine: ${users} users, paced (think ${THINK_MS[0]}–${THINK_MS[1]} ms)`);
      const paced = await runUsers({ bot, scripts: scripts(users), runId: `${stamp}-paced${users}`, thinkMs: THINK_MS });
      return { figures: figures(sat, paced), cmds };
    };
    const u100 = await load(100);
    const u1000 = await load(1000);
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
    };
  } finally {
    clearInterval(sampler);
    logger.flush();
    await redis.quit().catch(() => redis.disconnect());
  }
}

function figures(sat: UsersResult, paced: UsersResult): LoadFigures {
  const s = summarise(sat.latenciesMs);
  const p = summarise(paced.latenciesMs);
  return {
    msgs_per_s: Math.round(sat.messages / sat.seconds),
    p50_ms: round(p.p50, 2),
    p99_ms: round(p.p99, 2),
    paced_msgs_per_s: Math.round(paced.messages / paced.seconds),
    saturated_p50_ms: round(s.p50, 2),
    saturated_p99_ms: round(s.p99, 2),
    messages: sat.messages,
    failed: sat.failed + paced.failed,
  };
}
