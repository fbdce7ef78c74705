import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';
import { ticketKeys } from '../../src/session/ticketKeys.js';
import { projectRoot } from '../support/bundle.js';
import { startBotProcess, type BotProcess } from '../support/botProcesses.js';
import { freePort, startRedisServer, stopRedisServer } from '../support/redisServer.js';
import { SECRET } from '../support/runtime.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';

const USERS = Number(process.env.FAULT_USERS ?? 200);
const BEFORE_MS = 2_000;
const DOWN_MS = 3_000;
const AFTER_MS = 4_000;
const APOLOGY = /^抱歉,系统暂时繁忙/;
const script = ['你好', '孕妇可以打干细胞吗', '人工', '干细胞安全吗', '菜单', '转人工', '副作用有哪些', '人工'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  readonly user: number;
  readonly sentAt: number;
  readonly ms: number;
  readonly ok: boolean;
  readonly apology: boolean;
}

describe('Redis connections cut while 200 users chat, through a TCP proxy', () => {
  let server: ChildProcess;
  let proxy: TcpProxy;
  let bots: BotProcess[] = [];
  let redis: Redis;
  beforeAll(async () => {
    const port = await freePort();
    server = await startRedisServer(port);
    proxy = await startTcpProxy(port);
    redis = new Redis(port, '127.0.0.1', { lazyConnect: true });
    await redis.connect();
    const env = { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, BOT_SECRET: SECRET };
    bots = await Promise.all([startBotProcess(env), startBotProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(bots.map((b) => b.stop()));
    await proxy.close();
    redis.disconnect();
    await stopRedisServer(server);
  });

  it('answers everyone (apologising while down), crashes nothing, resumes by itself, duplicates no ticket', async () => {
    const t0 = performance.now();
    const at = () => performance.now() - t0;
    const end = BEFORE_MS + DOWN_MS + AFTER_MS;
    const samples: Sample[] = [];
    const chat = async (u: number) => {
      await sleep(Math.random() * 500);
      for (let k = 0; at() < end; k++) {
        const sentAt = at();
        const r = await bots[(u + k) % 2]!.send(`fault-${u}`, script[k % script.length]!);
        samples.push({ user: u, sentAt, ms: r.ms, ok: r.route !== null, apology: APOLOGY.test(r.reply ?? '') });
        await sleep(150 + Math.random() * 250);
      }
    };
    const cutting = (async () => {
      await sleep(BEFORE_MS);
      proxy.cut();
      await sleep(DOWN_MS);
      proxy.restore();
    })();
    await Promise.all([cutting, ...Array.from({ length: USERS }, (_, u) => chat(u))]);
    for (const b of bots) expect(b.child.exitCode, 'bot process alive').toBeNull();

    const cutAt = BEFORE_MS;
    const restoredAt = BEFORE_MS + DOWN_MS;
    // No reply hangs; that the apology comes fast is shown by whileDown below (asked and answered during the cut).
    expect(samples.every((s) => s.ms < 15_000), `slowest reply ${Math.max(...samples.map((s) => s.ms))} ms`).toBe(true);
    // Sent and answered while Redis was unreachable: the apology, never silence or a wrong answer.
    const whileDown = samples.filter((s) => s.sentAt > cutAt + 100 && s.sentAt + s.ms < restoredAt);
    expect(whileDown.length).toBeGreaterThan(USERS);
    expect(whileDown.every((s) => !s.ok && s.apology)).toBe(true);
    // Resumed without a restart: everything sent 2 s after Redis came back is handled normally.
    const late = samples.filter((s) => s.sentAt > restoredAt + 2_000);
    expect(late.length).toBeGreaterThan(USERS);
    expect(late.filter((s) => !s.ok)).toEqual([]);
    const firstOkAfter = Math.min(...samples.filter((s) => s.sentAt > restoredAt && s.ok).map((s) => s.sentAt + s.ms)) - restoredAt;

    // Every user asked for a consultant before, during and after the cut: one ticket each, never two.
    const tag = createUserTagger(SECRET);
    for (let u = 0; u < USERS; u++) await bots[u % 2]!.send(`fault-${u}`, '人工');
    const perUser = await Promise.all(Array.from({ length: USERS }, (_, u) => redis.smembers(ticketKeys.mine(tag({ channel: 'test', userId: `fault-${u}` })))));
    const duplicated = perUser.filter((ns) => ns.length > 1).length;
    const missing = perUser.filter((ns) => ns.length === 0).length;
    const tickets = (await redis.keys('csb:ticket:*')).filter((k) => /^csb:ticket:\d+$/.test(k));
    expect({ duplicated, missing, tickets: tickets.length }).toEqual({ duplicated: 0, missing: 0, tickets: USERS });

    const pct = (xs: number[], p: number) => Math.round(xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0);
    const figures = {
      users: USERS, processes: 2, downSeconds: DOWN_MS / 1000, messages: samples.length, whileDown: whileDown.length, apologies: samples.filter((s) => s.apology).length,
      maxReplyMs: Math.round(Math.max(...samples.map((s) => s.ms))), downP99Ms: pct(whileDown.map((s) => s.ms), 0.99), normalP50Ms: pct(samples.filter((s) => s.sentAt < cutAt).map((s) => s.ms), 0.5),
      firstSuccessAfterRestoreMs: Math.round(firstOkAfter), lateFailures: late.filter((s) => !s.ok).length, tickets: tickets.length, duplicatedTickets: duplicated, crashes: 0,
    };
    mkdirSync(resolve(projectRoot, 'tmp'), { recursive: true });
    writeFileSync(resolve(projectRoot, 'tmp/reliability-faults.json'), `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`redis faults: ${JSON.stringify(figures)}\n`);
    for (const b of bots) expect(await b.stop()).toBe(0);
    bots = [];
  }, 240_000);
});
