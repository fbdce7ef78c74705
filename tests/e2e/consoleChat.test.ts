import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/bundle.js';
import { dbUrl } from '../support/redis.js';

/** Runs `npm start`'s entry point with piped stdin, as a scripted conversation. */
function chat(lines: string[], env: Record<string, string | undefined>): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

/** Each run starts a real node process (about 3 s of CPU); on a loaded machine that takes tens of seconds. */
const spawning = { timeout: 120_000 };

const withRedis = (user: string) => ({ REDIS_URL: dbUrl(5), BOT_SECRET: 'console-test-secret-0123456789', CONSOLE_USER: user });

describe('terminal chat (piped)', spawning, () => {
  it('keeps sessions in memory without REDIS_URL, says so on stderr, and keeps stdout for replies', async () => {
    const r = await chat(['你好', '孕妇可以做干细胞吗'], { CONSOLE_USER: 'mem' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/REDIS_URL is not set: sessions are kept in memory/);
    expect(r.stdout).toMatch(/1\. 常见问题/);
    expect(r.stdout).toMatch(/孕/);
    expect(r.stdout).not.toMatch(/"level"/); // no log line on stdout
    expect(r.stderr).not.toMatch(/孕妇可以做/); // no message text in logs
  });

  it.each([
    ['no flags', ['否', '否', '否', '否', '否', '否'], /未发现所列的禁忌情况/],
    ['pregnancy', ['是', '否', '否', '否', '否', '否'], /目前不建议/],
    ['caution', ['否', '否', '是', '否', '否', '是'], /慎重评估/],
    ['defer', ['否', '否', '否', '是', '否', '否'], /先治疗/],
    ['unsure', ['不确定', '3', '否', '否', '否', '否'], /不确定,需要与医生核实/],
  ])('runs the whole checklist to the %s outcome on real Redis', async (name, answers, expected) => {
    const r = await chat(['我适合做干细胞吗', '1', ...answers], withRedis(`outcome-${name}`));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/sessions are kept in Redis/);
    const result = r.stdout.slice(r.stdout.lastIndexOf('自测完成'));
    expect(result).toMatch(expected);
    expect(result).toMatch(/初步筛查/);
    expect(result).toMatch(/1\. 人工顾问/);
    expect(result).not.toMatch(/您适合|符合条件|eligible/);
  });

  it('continues the same session in a later run with the same Redis', async () => {
    const user = `continue-${Date.now()}`;
    await chat(['我适合做吗', '同意', '否'], withRedis(user));
    const second = await chat(['否'], withRedis(user));
    expect(second.stdout).toMatch(/第 3\/6 题/);
  });

  it('erases the session on 删除我的数据', async () => {
    const user = `erase-${Date.now()}`;
    await chat(['我适合做吗', '同意', '是'], withRedis(user));
    const r = await chat(['删除我的数据', '否'], withRedis(user));
    expect(r.stdout).toMatch(/已全部删除/);
    expect(r.stdout).not.toMatch(/第 \d\/6 题/); // the checklist is gone with the data
  });

  it('fails fast with a clear message on bad configuration', async () => {
    const r = await chat([], { REDIS_URL: 'http://nope' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/REDIS_URL must start with redis:\/\//);
  });
});

describe('terminal chat with no desk (issue 18)', spawning, () => {
  it('never claims a transfer and offers a call-back request, kept only after consent', async () => {
    const r = await chat(['转人工', '1', '同意', '13800138000', '下午'], { CONSOLE_USER: 'nodesk' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/暂时没有人工顾问在线,无法为您转接/);
    expect(r.stdout).not.toMatch(/已为您转接|排在第|通知顾问/);
    expect(r.stdout).toMatch(/1\. 留电话,请顾问回电/);
    expect(r.stdout).toMatch(/天后自动删除/);
    expect(r.stdout).toMatch(/已记录您的回电请求/);
    expect(r.stderr).not.toMatch(/13800138000/); // never logged
  });
});
