#!/usr/bin/env node
// Runs a command with REDIS_URL set. When REDIS_URL is already set it is used as is; otherwise a
// throwaway redis-server is started on a free loopback port (no persistence) and stopped after.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/with-redis.mjs COMMAND [ARGS…]');
  process.exit(2);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

async function waitForPing(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' });
    if (r.stdout?.trim() === 'PONG') return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

let server;
const env = { ...process.env };
if (!env.REDIS_URL) {
  if (spawnSync('redis-server', ['--version']).error) {
    console.error('redis-server is not installed. Install it with:\n  sudo apt-get update && sudo apt-get install -y redis-server\n(or run: sh scripts/ensure-redis.sh)');
    process.exit(1);
  }
  const port = await freePort();
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning', '--databases', '64'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!(await waitForPing(port, 10_000))) {
    console.error(`redis-server did not answer on 127.0.0.1:${port}`);
    server.kill('SIGKILL');
    process.exit(1);
  }
  env.REDIS_URL = `redis://127.0.0.1:${port}`;
  env.TEST_REDIS_PORT = String(port);
  env.BOT_SECRET ??= randomBytes(24).toString('hex');
  console.error(`with-redis: throwaway redis-server on 127.0.0.1:${port}`);
}

const child = spawn(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
const stop = () => server?.kill('SIGTERM');
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
