import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/bundle.js';

const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));

describe('log code catalogue', () => {
  it('lists exactly the codes the source uses, so operators can alert on them', () => {
    const used = new Set(files(join(projectRoot, 'src')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'(CSB_[A-Z_]+)'/g)].map((m) => m[1]!)));
    const listed = new Set([...readFileSync(join(projectRoot, 'docs/LOG_CODES.md'), 'utf8').matchAll(/^\| `(CSB_[A-Z_]+)`/gm)].map((m) => m[1]!));
    expect([...used].filter((c) => !listed.has(c)).sort(), 'used but not in docs/LOG_CODES.md').toEqual([]);
    expect([...listed].filter((c) => !used.has(c)).sort(), 'in docs/LOG_CODES.md but no longer used').toEqual([]);
  });
});
