#!/usr/bin/env node
// Start-up of the built bot with the shipped knowledge base: spawn `node dist/main.js` (terminal
// chat, memory store, PORT set) and time until /healthz and /readyz answer 200. Median of N runs
// (default 5). Prints one JSON line. Run `npm run build` first. Not a test: no threshold.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const runs = Number(process.argv[2] ?? 5);
const root = new URL('..', import.meta.url).pathname;
const port = () => new Promise((r) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once() {
  const p = await port();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: root, env: { PATH: process.env.PATH, PORT: String(p), HOST: '127.0.0.1', LOG_LEVEL: 'silent' }, stdio: ['pipe', 'ignore', 'ignore'] });
  let health = null;
  for (;;) {
    if (health === null && (await fetch(`http://127.0.0.1:${p}/healthz`).catch(() => null))?.ok) health = performance.now() - t0;
    if ((await fetch(`http://127.0.0.1:${p}/readyz`).catch(() => null))?.ok) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const ready = performance.now() - t0;
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  return { health, ready };
}

const samples = [];
for (let i = 0; i < runs; i++) samples.push(await once());
console.log(JSON.stringify({ runs, healthz_ms: Math.round(median(samples.map((s) => s.health))), readyz_ms: Math.round(median(samples.map((s) => s.ready))), all_readyz_ms: samples.map((s) => Math.round(s.ready)) }));
