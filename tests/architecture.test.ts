import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/bundle.js';

const src = join(projectRoot, 'src');
const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('architecture', () => {
  const all = files(src).map((f) => ({ file: relative(src, f), imports: importsOf(f) }));

  it('keeps core/ pure: it imports only core/ (its states/ folder included)', () => {
    for (const { file, imports } of all.filter((f) => f.file.startsWith('core/'))) {
      for (const i of imports) {
        const target = relative(src, resolve(src, dirname(file), i));
        expect(i.startsWith('.') && target.startsWith('core/'), `${file} imports ${i}`).toBe(true);
      }
    }
  });

  it('lets only session/ import ioredis', () => {
    for (const { file, imports } of all) if (imports.includes('ioredis')) expect(file.startsWith('session/'), file).toBe(true);
  });

  it('reads the environment only in config/, the CLIs and the entry points', () => {
    for (const f of files(src)) {
      const rel = relative(src, f);
      if (rel.startsWith('config/') || rel.startsWith('cli/') || rel === 'main.ts' || rel === 'index.ts') continue;
      expect(readFileSync(f, 'utf8'), rel).not.toMatch(/process\.env/);
    }
  });
});
