import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelled } from '../../src/cli/readLabelled.js';
import { projectRoot, shippedBundle } from '../support/bundle.js';

/** Case, spaces, punctuation and sentence-final particles do not make a copied line a new one. */
const norm = (t: string) => t.toLowerCase().replace(/[\s\p{P}\p{S}啊呀呢吧吗嘛哦呗]+/gu, '');

describe('the dev sets stay checks, not training data', () => {
  it('no router training message is a dev-set line', () => {
    const dir = resolve(projectRoot, 'tests/fixtures/eval');
    const dev = new Set(readdirSync(dir).filter((f) => f.startsWith('dev-routes')).flatMap((f) => readLabelled(resolve(dir, f)).map((i) => norm(i.text))));
    const { corpus, content } = shippedBundle();
    // A topic's own title comes from the seeds; the first dev set asks some titles word for word.
    const titles = new Set([...content.faq.values()].flatMap((e) => [e.title.zh, e.title.en].map(norm)));
    // "在" or "你好" is the language itself, not a copied line: only lines of four characters or more count.
    const copied = corpus.map((c) => c.text).filter((t) => norm(t).length >= 4 && !titles.has(norm(t)) && dev.has(norm(t)));
    expect(dev.size).toBeGreaterThan(250);
    expect(copied).toEqual([]);
  });
});
