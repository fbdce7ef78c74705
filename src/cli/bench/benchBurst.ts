import { Writable } from 'node:stream';
import { loadConfig } from '../../config/loadConfig.js';
import type { Bundle } from '../../loadContent.js';
import { createDesk } from '../../handoff/createDesk.js';
import { createLogger } from '../../log/createLogger.js';
import { buildRuntime, type Runtime } from '../../runtime/buildRuntime.js';
import { createUserTagger } from '../../runtime/createUserTagger.js';
import { connectRedis } from '../../session/connectRedis.js';
import { keys } from '../../session/keys.js';
import { round, summarise } from './summarise.js';
import { userScript, type QuestionPool } from './userScript.js';

/** One burst: every user sends at once, each waits for its reply before its next message. */
export interface BurstFigures {
  readonly users: number;
  readonly messages: number;
  /** Messages that got a routed reply (route not null). */
  readonly answered: number;
  /** Messages that got the "系统暂时繁忙" apology (route null): what a patient must not see in a burst. */
  readonly apologies: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly max_ms: number;
  readonly seconds: number;
  /** process.cpuUsage over the burst, per message: engine, stores and ioredis in this process. */
  readonly cpu_us_per_message: number;
  /** Most messages waiting at the gate at any sample (0 without a gate). */
  readonly peak_waiting: number;
}

export interface EraseFigures {
  readonly erasers: number;
  readonly missed_logged: number;
  readonly confirmed: number;
  readonly apologies: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  /** The erasers' missed questions still in the shared log afterwards. */
  readonly missed_left: number;
}

export interface BurstReport {
  readonly max_in_flight: number;
  readonly single: BurstFigures;
  readonly scripted: BurstFigures | null;
  readonly erase: EraseFigures;
  /** Counted by a process 'unhandledRejection' listener over the whole run; each one would crash a bot. */
  readonly unhandled_rejections: number;
  readonly unhandled_sample: string | null;
}

export interface BurstOptions {
  readonly users: number;
  /** Overrides MAX_IN_FLIGHT; a huge value is the old behaviour (no gate). */
  readonly maxInFlight?: number;
  /** Also run every user's whole 12-message conversation at once (issue 17's 120,000 messages). */
  readonly scripted: boolean;
  readonly erasers: number;
  readonly missedPerEraser: number;
}

const SECRET = 'bench-burst-secret-0123456789';
const UNANSWERABLE = '火星上能种土豆吗';
const ERASE = '删除我的数据';
const HUMAN = '转人工';

/** Users through a bot built by buildRuntime on a real Redis: bursts of simultaneous users, then a burst of erasures. */
export async function benchBurst(bundle: Bundle, redisUrl: string, pool: QuestionPool, o: BurstOptions, log: (line: string) => void): Promise<BurstReport> {
  const unhandled: string[] = [];
  const onUnhandled = (e: unknown) => void unhandled.push(e instanceof Error ? `${e.name}: ${e.message} ${e.stack?.split('\n')[1]?.trim() ?? ''}` : String(e));
  process.on('unhandledRejection', onUnhandled);
  const sink = new Writable({ write: (_c, _e, done) => done() });
  const config = loadConfig({ REDIS_URL: redisUrl, BOT_SECRET: SECRET, ...(o.maxInFlight ? { MAX_IN_FLIGHT: String(o.maxInFlight) } : {}) });
  // Logs at info as in production, to a sink, so their cost is counted.
  const runtime = await buildRuntime(config, bundle, createLogger('info', sink));
  // A desk as main.ts attaches one, whose board takes every post: handoffs open tickets, erasures post notices.
  const desk = createDesk({ tickets: runtime.tickets, content: bundle.content, consultants: new Set(), logger: createLogger('info', sink), remindAfterMs: 86_400_000 });
  desk.addBoard({ platform: 'bench', post: async () => undefined });
  desk.attach(runtime.bot);
  runtime.bot.attachDesk(desk);
  const limit = config.MAX_IN_FLIGHT;
  const stamp = Date.now().toString(36);
  try {
    log(`burst: warm-up (200 users), gate ${limit || 'none'}`);
    await burst(runtime, 200, 1, pool, `${stamp}-warm`);
    log(`burst: ${o.users} users × 1 message at once`);
    const single = await burst(runtime, o.users, 1, pool, `${stamp}-one`);
    let scripted: BurstFigures | null = null;
    if (o.scripted) {
      log(`burst: ${o.users} users × 12 messages (each user's next as soon as answered)`);
      scripted = await burst(runtime, o.users, 12, pool, `${stamp}-script`);
    }
    log(`erase: ${o.erasers} users log ${o.missedPerEraser} unanswered questions each, then all ask ${ERASE} at once`);
    const confirmations = new Set(Object.values(bundle.content.messages.deleted));
    const erase = await eraseBurst(runtime, o.erasers, o.missedPerEraser, `${stamp}-erase`, redisUrl, confirmations);
    return { max_in_flight: limit, single, scripted, erase, unhandled_rejections: unhandled.length, unhandled_sample: unhandled[0] ?? null };
  } finally {
    await runtime.close();
    process.off('unhandledRejection', onUnhandled);
  }
}

async function burst(runtime: Runtime, users: number, each: 1 | 12, pool: QuestionPool, runId: string): Promise<BurstFigures> {
  const scripts = Array.from({ length: users }, (_, i) => (each === 1 ? [firstQuestion(i, pool)] : userScript(i, pool, 6).messages.slice(0, 12)));
  const latencies: number[] = [];
  let apologies = 0;
  let peak = 0;
  const gate = runtime.gate;
  const sampler = setInterval(() => (peak = Math.max(peak, gate.waiting)), 20);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    scripts.map(async (messages, i) => {
      const ref = { channel: 'bench', userId: `${runId}-${i}` };
      for (const text of messages) {
        const start = performance.now();
        const handled = await runtime.bot.handle(ref, { kind: 'text', text });
        latencies.push(performance.now() - start);
        if (handled.route === null) apologies++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  clearInterval(sampler);
  const s = summarise(latencies);
  return {
    users,
    messages: latencies.length,
    answered: latencies.length - apologies,
    apologies,
    p50_ms: round(s.p50, 1),
    p99_ms: round(s.p99, 1),
    max_ms: round(s.max, 1),
    seconds: round(seconds, 2),
    cpu_us_per_message: round((cpu.user + cpu.system) / latencies.length, 1),
    peak_waiting: peak,
  };
}

/** Every user's first real question; every fifth user writes English, as in the engine bench. */
const firstQuestion = (i: number, pool: QuestionPool): string => {
  const qs = i % 5 === 4 ? pool.en : pool.zh;
  return qs[i % qs.length]!;
};

async function eraseBurst(runtime: Runtime, erasers: number, perUser: number, runId: string, redisUrl: string, confirmations: ReadonlySet<string>): Promise<EraseFigures> {
  const refs = Array.from({ length: erasers }, (_, i) => ({ channel: 'bench', userId: `${runId}-${i}` }));
  // Set-up in small groups, so it is not itself a burst: the missed log fills, and every eraser
  // has an open ticket, so each erasure also closes a ticket and posts a notice to the desk.
  for (let g = 0; g < refs.length; g += 50) {
    await Promise.all(
      refs.slice(g, g + 50).map(async (ref) => {
        for (let k = 0; k < perUser; k++) await runtime.bot.handle(ref, { kind: 'text', text: `${UNANSWERABLE}${'？'.repeat(k % 3)}` });
        await runtime.bot.handle(ref, { kind: 'text', text: HUMAN });
      }),
    );
  }
  const tag = createUserTagger(SECRET);
  const tags = new Set(refs.map((r) => tag(r)));
  // The bench's own reads wait as long as they need: a timeout here would be the bench's, not the bot's.
  const probe = connectRedis(`${redisUrl}${redisUrl.includes('?') ? '&' : '?'}commandTimeout=600000`);
  await probe.connect();
  const theirs = async () => (await probe.zrange(keys.missed, 0, -1)).filter((m) => tags.has((JSON.parse(m) as { u?: string }).u ?? '')).length;
  try {
    const logged = await theirs();
    const latencies: number[] = [];
    let confirmed = 0;
    let apologies = 0;
    await Promise.all(
      refs.map(async (ref) => {
        const start = performance.now();
        const h = await runtime.bot.handle(ref, { kind: 'text', text: ERASE });
        latencies.push(performance.now() - start);
        if (h.route === null) apologies++;
        else if (h.replies.some((r) => confirmations.has(r.text))) confirmed++;
      }),
    );
    const left = await theirs();
    const s = summarise(latencies);
    return { erasers, missed_logged: logged, confirmed, apologies, p50_ms: round(s.p50, 1), p99_ms: round(s.p99, 1), missed_left: left };
  } finally {
    probe.disconnect();
  }
}
