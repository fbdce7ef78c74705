import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './bundle.js';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject).listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

export interface RunningBot {
  readonly base: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly stderr: () => string;
  readonly stdout: () => string;
  /** Types one line into the terminal chat. */
  say(line: string): void;
  stop(): Promise<void>;
}

/**
 * `npm start`'s entry point in the terminal-chat mode, run from a folder whose .env holds only
 * PORT, HOST and ADMIN_TOKEN (plus `env`, e.g. REDIS_URL), stdin kept open. Resolves once /readyz says ready.
 */
export async function startBotWithHttp(adminToken: string, env: Record<string, string> = {}): Promise<RunningBot> {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'csb-ops-'));
  writeFileSync(join(cwd, '.env'), `PORT=${port}\nHOST=127.0.0.1\nADMIN_TOKEN=${adminToken}\n`);
  const child = spawn(process.execPath, ['--import', pathToFileURL(join(projectRoot, 'node_modules/tsx/dist/loader.mjs')).href, join(projectRoot, 'src/main.ts')], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', CONSOLE_USER: 'operator-test', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot exited: ${err}`);
    const r = await fetch(`${base}/readyz`).catch(() => null);
    if (r?.status === 200) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  return {
    base,
    child,
    stderr: () => err,
    stdout: () => out,
    say: (line) => void child.stdin.write(`${line}\n`),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

/** Waits until `probe` is true, checking every 50 ms (the test's own timeout bounds it). */
export async function until(probe: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await probe())) await new Promise((r) => setTimeout(r, 50));
}
