#!/usr/bin/env node
// Runs before `npm start`: compiles src/ to dist/ when dist/ is missing or older than any source
// file, so a fresh clone (or `npm install --ignore-scripts`, or a pulled change) still starts.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, d) => Math.max(m, d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs), 0);
let built = 0;
try {
  built = statSync(join(root, 'dist', 'main.js')).mtimeMs;
} catch {
  // not built yet
}
if (built < newest(join(root, 'src'))) {
  process.stderr.write('building dist/ (tsc)…\n');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
