import { tmpdir } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/bundle.js';
import { dbUrl, testRedis } from '../support/redis.js';
import { startBotWithHttp, until, type RunningBot } from '../support/startBotWithHttp.js';

const TOKEN = 'browser-test-admin-token-0123';
/** Debian's chromium (scripts/ensure-chromium.sh installs it); never skipped: CI must run this. */
const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
// The README's screenshot is refreshed only on request (UPDATE_SCREENSHOT=1), so a test run leaves the tree clean.
const SCREENSHOT = process.env.UPDATE_SCREENSHOT ? join(projectRoot, 'docs', 'admin-console.png') : join(tmpdir(), `admin-console-${process.pid}.png`);

describe('operator console in a real browser', () => {
  let bot: RunningBot;
  let browser: Browser;

  beforeAll(async () => {
    (await testRedis(58)).disconnect();
    bot = await startBotWithHttp(TOKEN, { REDIS_URL: dbUrl(58), BOT_SECRET: 'browser-test-secret-0123456789' });
    for (const line of ['你好', 'what colour is your logo', '你们卖不卖礼品卡', '我头疼得厉害能打干细胞吗', '孕妇可以做干细胞吗']) bot.say(line);
    await until(async () => (await (await fetch(`${bot.base}/metrics`)).text()).match(/csb_messages_total\{channel="console",route="faq"\} [1-9]/) !== null);
    if (!executablePath) throw new Error('chromium is not installed: run sh scripts/ensure-chromium.sh');
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  }, 240_000); // a hang guard, not a speed test: a busy machine starts a process and chromium slowly

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('refuses a wrong token and keeps the console closed', async () => {
    const page = await browser.newPage();
    const first = await page.goto(`${bot.base}/admin`);
    expect(first?.status()).toBe(401);
    await page.fill('input[name=token]', 'not-the-token-at-all');
    await page.click('button[type=submit]');
    await page.waitForSelector('#login-error');
    expect(await page.textContent('#login-error')).toMatch(/Wrong token/);
    expect((await page.context().cookies()).length).toBe(0);
    await page.close();
  });

  it('logs in with the form, shows the charts, and exports the unanswered questions', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${bot.base}/admin`);
    await page.fill('input[name=token]', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('svg.chart');
    const cookie = (await context.cookies()).find((c) => c.name === 'csb_admin');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.value).not.toContain(TOKEN);
    expect(await page.locator('svg.chart').count()).toBe(3);
    expect(await page.locator('svg.chart rect[fill="#1f77b4"]').count()).toBeGreaterThan(0); // today's conversation bar
    expect(await page.textContent('main')).toMatch(/Conversations\s*1/);
    await page.screenshot({ path: SCREENSHOT, fullPage: false });

    await page.click('text=Unanswered');
    await page.waitForSelector('#export');
    const body = await page.textContent('main');
    expect(body).toContain('what colour is your logo');
    expect(body).not.toContain('头疼'); // a health term: only its topic was kept
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { route: string; text: string });
    expect(lines.map((l) => l.text)).toContain('what colour is your logo');
    for (const l of lines) expect(l.route).toMatch(/^(faq:[a-z0-9-]+|out_of_scope)$/);

    await page.click('text=Knowledge');
    await page.waitForSelector('#kb-version');
    expect(await page.textContent('#kb-status')).toMatch(/kb:check passes/);
    expect(await page.textContent('main')).toMatch(/seed \d+/);
    await context.close();
  }, 60_000);

  it('answers /healthz, /readyz and /metrics, counting the terminal chat, and keeps text and ids out of them', async () => {
    expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${bot.base}/readyz`)).json()).toEqual({ ready: true, reasons: [] });
    const metrics = await (await fetch(`${bot.base}/metrics`)).text();
    expect(metrics).toMatch(/csb_messages_total\{channel="console",route="fallback"\} [1-9]/);
    expect(metrics).toMatch(/csb_reply_seconds_bucket/);
    expect(metrics).toMatch(/csb_process_cpu_seconds_total/);
    expect(metrics).not.toMatch(/logo|operator-test/);
    expect((await fetch(`${bot.base}/admin`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${bot.base}/admin/unanswered.jsonl`)).status).toBe(401);
    expect((await fetch(`${bot.base}/admin`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
