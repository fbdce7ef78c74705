import { mkdirSync, writeFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { createRedisTicketStore } from '../../src/session/createRedisTicketStore.js';
import { keys } from '../../src/session/keys.js';
import { decodeSession } from '../../src/session/sessionCodec.js';
import { startBotProcess, type BotProcess, type BotReply } from '../support/botProcesses.js';
import { projectRoot } from '../support/bundle.js';
import { dbUrl, testRedis } from '../support/redis.js';
import { SECRET } from '../support/runtime.js';

const DB = 50;
const USERS = Number(process.env.KILL_USERS ?? 300);
const tag = createUserTagger(SECRET);
const userOf = (i: number) => `kill-${i}`;
const textOf = (i: number) => (i % 5 === 0 ? '我要转人工' : '干细胞是什么');

/**
 * A real bot process is SIGKILLed while hundreds of deliveries are in flight; a second process is
 * started, every delivery the first did not answer is redelivered to it (as Telegram does), and its
 * sweep finishes the turns the dead process saved but did not finish. Counted, never timed: every
 * delivery answered, none applied twice, one ticket per handoff.
 */
describe('a bot process killed mid-burst (two real processes, one real Redis)', () => {
  let redis: Redis;
  const bots: BotProcess[] = [];
  beforeAll(async () => {
    redis = await testRedis(DB);
  }, 60_000);
  afterAll(async () => {
    for (const b of bots) if (b.child.exitCode === null) b.child.kill('SIGKILL');
    await redis.quit();
  });

  it('loses no delivery and applies none twice', async () => {
    const env = { REDIS_URL: `${dbUrl(DB)}?commandTimeout=60000`, BOT_SECRET: SECRET };
    const a = await startBotProcess(env);
    bots.push(a);
    const answeredByA = new Set<number>();
    for (let i = 0; i < USERS; i++) void a.send(userOf(i), textOf(i), `tg:kill-${i}`).then((r: BotReply) => r.reply !== null && r.route !== null && answeredByA.add(i));
    // Killed once some deliveries are answered and others are still being worked on.
    await expect.poll(() => answeredByA.size, { timeout: 120_000, interval: 5 }).toBeGreaterThanOrEqual(Math.floor(USERS / 3));
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    const beforeKill = answeredByA.size;

    const b = await startBotProcess(env);
    bots.push(b);
    const direct = new Map<number, BotReply>();
    await Promise.all(
      Array.from({ length: USERS }, (_, i) => i)
        .filter((i) => !answeredByA.has(i))
        .map(async (i) => direct.set(i, await b.send(userOf(i), textOf(i), `tg:kill-${i}`))),
    );
    const answeredDirect = [...direct].filter(([, r]) => r.route !== null && r.route !== 'duplicate').map(([i]) => i);
    const apologies = [...direct.values()].filter((r) => r.route === null).length;
    const answered = () => {
      const by = new Map<number, number>();
      const add = (i: number) => by.set(i, (by.get(i) ?? 0) + 1);
      for (const i of answeredByA) add(i);
      for (const i of answeredDirect) add(i);
      for (const r of b.resumed) add(Number(r.user.slice('kill-'.length)));
      return by;
    };
    // The dead process's owed turns come back once its heartbeat lapses (12 s) and B sweeps.
    await expect.poll(() => answered().size, { timeout: 120_000, interval: 200 }).toBe(USERS);

    let twice = 0;
    for (let i = 0; i < USERS; i++) {
      const s = decodeSession((await redis.hget(keys.session(tag({ channel: 'test', userId: userOf(i) })), 'data')) ?? '');
      if (!s.ok || s.value.messages !== 1) twice++;
    }
    const tickets = await createRedisTicketStore(redis, 86_400_000).listOpen();
    const handoffs = Array.from({ length: USERS }, (_, i) => i).filter((i) => i % 5 === 0);
    const ticketsPerHandoff = handoffs.map((i) => tickets.filter((t) => t.userId === userOf(i)).length);
    const repliedTwice = [...answered().values()].filter((n) => n > 1).length;
    const figures = { users: USERS, answeredBeforeKill: beforeKill, redelivered: direct.size, duplicates: direct.size - answeredDirect.length - apologies, apologies, resumedBySweep: b.resumed.length, repliedTwice, appliedTwice: twice };
    mkdirSync(`${projectRoot}/tmp`, { recursive: true });
    writeFileSync(`${projectRoot}/tmp/reliability-kill.json`, JSON.stringify(figures, null, 2));
    process.stdout.write(`kill: ${JSON.stringify(figures)}\n`);

    expect(twice).toBe(0);
    expect(ticketsPerHandoff.every((n) => n === 1)).toBe(true);
    expect(apologies).toBe(0);
    expect(await b.stop()).toBe(0);
  }, 300_000);
});
