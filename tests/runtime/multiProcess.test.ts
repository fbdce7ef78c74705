import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { decodeSession } from '../../src/session/sessionCodec.js';
import { keys } from '../../src/session/keys.js';
import { projectRoot } from '../support/bundle.js';
import { startBotProcess, type BotProcess, type BotReply } from '../support/botProcesses.js';
import { dbUrl, testRedis } from '../support/redis.js';
import { SECRET } from '../support/runtime.js';

/** The full 1,000 users run in the normal line too (about 4 s on 2 cores); MULTI_USERS overrides (test:soak uses 5,000). */
const USERS = Number(process.env.MULTI_USERS ?? 1000);
const MESSAGES = 10;
const DB = 32;
const APOLOGY = /^抱歉,系统暂时繁忙/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two bot processes sharing one Redis', () => {
  let redis: Redis;
  let bots: BotProcess[] = [];
  beforeAll(async () => {
    redis = await testRedis(DB);
    // Slowness is not loss: on a loaded machine 10,000 messages at once keep each process's event
    // loop busy past the 1.5 s command timeout, and the apology that follows is not what this counts.
    const env = { REDIS_URL: `${dbUrl(DB)}?commandTimeout=60000`, BOT_SECRET: SECRET };
    bots = await Promise.all([startBotProcess(env), startBotProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(bots.map((b) => b.stop()));
    await redis.quit();
  });

  it(`loses no message and keeps each user's order: ${USERS} users × ${MESSAGES} messages sent at once, split across both`, async () => {
    const tag = createUserTagger(SECRET);
    const started = performance.now();
    /** Per user and process, the message numbers in the order their replies came back. */
    const order = new Map<string, number[][]>();
    const sends: Promise<BotReply>[] = [];
    for (let u = 0; u < USERS; u++) {
      const user = `mp-${u}`;
      const seen: number[][] = [[], []];
      order.set(user, seen);
      for (let i = 0; i < MESSAGES; i++) {
        const p = i % 2;
        sends.push(bots[p]!.send(user, `你好 #${i}`).then((r) => (seen[p]!.push(i), r)));
      }
    }
    const replies = await Promise.all(sends);
    const seconds = (performance.now() - started) / 1000;
    // Every message is answered: handled, or, past the per-message deadline on a busy machine, the
    // apology while its work finishes. Slowness is not loss; loss shows in the stored sessions below.
    expect(replies.filter((r) => r.route === 'throttled' || (r.route === null && !APOLOGY.test(r.reply ?? '')))).toEqual([]);
    const apologies = replies.filter((r) => r.route === null).length;

    const stored = async (user: string) => decodeSession((await redis.hget(keys.session(tag({ channel: 'test', userId: user })), 'data')) ?? '');
    const unfinished = async () => (await Promise.all([...order.keys()].map(stored))).filter((d) => !d.ok || d.value.messages !== MESSAGES).length;
    // Work that passed its deadline still finishes: wait while it makes progress.
    for (let left = await unfinished(), last = Infinity; left > 0 && left < last; ) {
      last = left;
      await sleep(2_000);
      left = await unfinished();
    }

    let wrong = 0;
    for (const [user, seen] of order) {
      for (const s of seen) expect(s, user).toEqual([...s].sort((a, b) => a - b));
      const decoded = await stored(user);
      if (!decoded.ok || decoded.value.messages !== MESSAGES) {
        wrong++;
        continue;
      }
      // The session's last lines: within each process's share, in the order the user sent them.
      const said = decoded.value.recent.filter((l) => l.from === 'patient').map((l) => Number(/#(\d+)/.exec(l.text)?.[1]));
      for (const parity of [0, 1]) {
        const mine = said.filter((n) => n % 2 === parity);
        expect(mine, user).toEqual([...mine].sort((a, b) => a - b));
      }
    }
    expect(wrong).toBe(0);
    const ms = replies.map((r) => r.ms).sort((a, b) => a - b);
    const figures = { users: USERS, messages: USERS * MESSAGES, processes: 2, seconds: Number(seconds.toFixed(1)), msgsPerSecond: Math.round((USERS * MESSAGES) / seconds), p50ms: Math.round(ms[Math.floor(ms.length / 2)]!), p99ms: Math.round(ms[Math.floor(ms.length * 0.99)]!), apologies, lost: wrong };
    mkdirSync(resolve(projectRoot, 'tmp'), { recursive: true });
    writeFileSync(resolve(projectRoot, 'tmp/reliability-multiprocess.json'), `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`multi-process: ${JSON.stringify(figures)}\n`);
  }, 300_000);
});
