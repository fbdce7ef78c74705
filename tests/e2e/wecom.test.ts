import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/bundle.js';
import { KF, startKfApiEmulator, until, type KfApiEmulator, type Sent } from '../support/kfApiEmulator.js';
import { dbUrl, testRedis } from '../support/redis.js';

const DB = 42;
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The bot as `npm start` runs it (src/main.ts), configured only through the environment. */
function startBot(env: Record<string, string>): { child: ChildProcess; stderr: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (b: Buffer) => stderr.push(b.toString('utf8')));
  return { child, stderr, exited: new Promise((r) => child.once('exit', (code) => r(code))) };
}

const texts = (inbox: readonly Sent[]) => inbox.map((m) => m.text ?? m.menu?.head ?? '').join('\n');

describe('npm start with WECOM_* against the kf emulator', () => {
  let emu: KfApiEmulator;
  let redis: Redis;
  let bot: ReturnType<typeof startBot>;
  let env: Record<string, string>;
  let port: number;

  async function boot(): Promise<void> {
    bot = startBot(env);
    emu.setCallbackUrl(`http://127.0.0.1:${port}/wecom/callback`);
    // Ready when the callback URL passes WeCom's verification.
    const end = Date.now() + 60_000;
    for (;;) {
      const ok = await emu.verify('ping').then((r) => r.status === 200 && r.body === 'ping', () => false);
      if (ok) return;
      if (Date.now() > end) throw new Error(`bot did not start:\n${bot.stderr.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async function shutdown(): Promise<void> {
    bot.child.kill('SIGTERM');
    const t = setTimeout(() => bot.child.kill('SIGKILL'), 15_000);
    await bot.exited;
    clearTimeout(t);
  }

  beforeAll(async () => {
    emu = await startKfApiEmulator({ pageSize: 3 });
    redis = await testRedis(DB);
    port = await freePort();
    env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      REDIS_URL: dbUrl(DB),
      BOT_SECRET: 'e2e-wecom-secret-0123456789',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      WECOM_CORP_ID: KF.corpId,
      WECOM_KF_SECRET: KF.secret,
      WECOM_CALLBACK_TOKEN: KF.token,
      WECOM_ENCODING_AES_KEY: KF.aesKey,
      WECOM_API_ROOT: emu.apiRoot,
      WECOM_OPEN_KFID: KF.kfid,
    };
    await boot();
  }, 90_000);
  afterAll(async () => {
    if (process.env.WECOM_E2E_LOG) (await import('node:fs')).writeFileSync(process.env.WECOM_E2E_LOG, bot.stderr.join(''));
    await shutdown();
    await emu.stop();
    await redis.quit();
  });

  it('runs a whole consultation without a single misuse of the API', async () => {
    const user = 'wm-e2e';
    // Welcome on entering, with the source recorded.
    await emu.enter(user, 'qrcode', 'spring-fair');
    const [welcome] = await until(() => emu.inbox(user).length >= 1 && emu.inbox(user), 'the welcome');
    expect(welcome).toMatchObject({ via: 'on_event', msgtype: 'msgmenu' });

    // FAQ by text.
    await emu.say(user, '费用多少');
    await until(() => emu.inbox(user).length >= 2, 'the FAQ answer');
    expect(texts(emu.inbox(user).slice(1))).toMatch(/价格|费用/);

    // The self-check by a click, consent by a typed word.
    const check = welcome!.menu!.items.find((i) => /自测/.test(i.content))!;
    await emu.say(user, check.content, check.id);
    await until(() => emu.inbox(user).length >= 3, 'the consent question');
    await emu.say(user, '同意');
    await until(() => emu.inbox(user).length >= 4, 'the first question');

    // The token expires mid-conversation.
    emu.expireToken();
    const issued = emu.tokensIssued;
    await emu.say(user, '菜单');
    await until(() => emu.inbox(user).length >= 5, 'the menu after the token expired');
    expect(emu.tokensIssued).toBe(issued + 1);

    // A restart: nothing answered twice, and what came in meanwhile is answered once.
    await shutdown();
    await emu.say(user, '干细胞治疗安全吗', undefined, true);
    const before = emu.inbox(user).length;
    await boot();
    await until(() => emu.inbox(user).length >= before + 1, 'the message sent while down');
    await emu.settled();
    expect(emu.inbox(user).length).toBe(before + 1);

    // Handoff to the pool; silence while a human holds the chat, even for servicer messages.
    await emu.say(user, '转人工');
    await until(() => emu.state(user) === 2, 'the pool');
    await emu.servicerTakes(user);
    await until(() => emu.inbox(user).at(-1)?.via === 'on_event', 'the taken notice');
    const held = emu.inbox(user).length;
    await emu.say(user, '我想了解一下治疗周期');
    await emu.servicerSays(user, '您好,我是顾问小张');
    await emu.settled();
    expect(emu.inbox(user).length).toBe(held);

    // The servicer ends: the rating question with the msg_code; the reply is the rating.
    await emu.servicerEnds(user);
    const rating = await until(() => emu.inbox(user).find((m) => m.via === 'on_event' && m.menu?.items.length === 5), 'the rating question');
    expect(rating.menu!.head).toMatch(/打分|评价|评分/);
    await emu.say(user, '4');
    await until(() => emu.inbox(user).length >= held + 2, 'the thanks');

    // An emergency, answered at once now that the bot holds the session again.
    await emu.say(user, '我胸口剧痛喘不上气');
    await until(() => texts(emu.inbox(user).slice(held + 2)).includes('120'), 'the 120 reply');
    await emu.settled();
    expect(emu.misuse).toEqual([]);
  }, 120_000);
});
