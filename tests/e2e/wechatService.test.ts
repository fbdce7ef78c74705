import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, types } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { PuppetServer } from 'wechaty-puppet-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/bundle.js';
import { dbUrl } from '../support/redis.js';
import { freePort } from '../support/redisServer.js';
import { SECRET } from '../support/runtime.js';
import { waitUntil } from '../support/wechatMock.js';

/** Stops the child, forcefully if it does not finish its graceful stop in time. */
function stopChild(child: ChildProcess, ms = 30_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe('WeChat channel through wechaty-puppet-service, configured only by the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csb-wechat-service-'));
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  let server: PuppetServer;
  let child: ChildProcess;
  const childLog: string[] = [];

  beforeAll(async () => {
    log.level('silent');
    const port = await freePort();
    // The insecure_ prefix and a server without TLS: the loopback setup the service puppet documents.
    const token = `insecure_${randomBytes(8).toString('hex')}`;
    server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token, tls: { disable: true } });
    await server.start();
    child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/wechatServiceBot.ts'], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        WECHATY_PUPPET: 'wechaty-puppet-service',
        WECHATY_PUPPET_SERVICE_TOKEN: token,
        WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${port}`,
        WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
        WECHATY_NAME: join(dir, 'bot'),
        WECHAT_SEND_GAP_MS: '1',
        REDIS_URL: dbUrl(13),
        BOT_SECRET: SECRET,
        LOG_LEVEL: 'info',
      },
    });
    for (const s of [child.stdout!, child.stderr!]) s.on('data', (b: Buffer) => childLog.push(...b.toString('utf8').split('\n').filter(Boolean)));
    await waitUntil(() => childLog.some((l) => l.includes('wechat channel started')) || child.exitCode !== null, 'the bot process to start', 90_000);
    if (child.exitCode !== null) throw new Error(`bot process exited:\n${childLog.join('\n')}`);
  }, 120_000);

  afterAll(async () => {
    if (child) await stopChild(child);
    await server?.stop();
    await puppet.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('logs in over the service and answers a mocked contact', async () => {
    const self = mocker.createContact({ name: '咨询助手', type: types.Contact.Individual });
    mocker.login(self);
    await waitUntil(() => childLog.some((l) => l.includes('"event":"login"')), 'login over the service', 60_000);

    const patient = mocker.createContact({ name: '患者', type: types.Contact.Individual });
    const inbox: string[] = [];
    (patient as unknown as { on(e: 'message', l: (m: { talker(): { id: string }; text(): string | undefined }) => void): void }).on('message', (m) => {
      if (m.talker().id === self.id) inbox.push(m.text() ?? '');
    });
    patient.say('菜单').to(self);
    await waitUntil(() => inbox.length > 0, 'the reply over the service', 60_000);
    expect(inbox[0]).toMatch(/请选择[\s\S]*回复数字: 1\. 常见问题/);
    const logged = childLog.join('\n');
    expect(logged).not.toMatch(/患者|咨询助手|请选择/);
    expect(logged).not.toContain(patient.id);
  }, 150_000);

  it('stops gracefully on SIGTERM', async () => {
    await stopChild(child);
    expect(child.exitCode).toBe(0);
  }, 60_000);
});
