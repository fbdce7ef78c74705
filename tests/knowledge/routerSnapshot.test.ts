import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileRouterCache } from '../../src/knowledge/classifier/createFileRouterCache.js';
import { createRouter, defaultRouterTuning } from '../../src/knowledge/classifier/createRouter.js';
import { decodeSnapshot } from '../../src/knowledge/classifier/routerSnapshot.js';
import { shippedBundle } from '../support/bundle.js';

const probes = ['孕妇可以打干细胞吗', '多少钱', 'ganxibao duoshao qian', 'Is it safe?', '转人工', '谢谢', '今天天气怎么样'];

describe('the stored router', () => {
  const { corpus, analyse } = shippedBundle();
  // A slice of the corpus keeps the test quick; what matters is that stored and fresh agree.
  const small = corpus.filter((_, i) => i % 4 === 0);

  it('classifies exactly as the freshly trained one, and is read instead of retrained', () => {
    const dir = mkdtempSync(join(tmpdir(), 'router-'));
    const fresh = createRouter(small, analyse, defaultRouterTuning, createFileRouterCache(dir, 'salt'));
    expect(readdirSync(dir)).toHaveLength(1);
    const stored = createRouter(small, analyse, defaultRouterTuning, createFileRouterCache(dir, 'salt'));
    for (const p of probes) expect(stored.classify(p), p).toEqual(fresh.classify(p));
  });

  it('trains a new model when the corpus, the tuning or the salt changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'router-'));
    createRouter(small, analyse, defaultRouterTuning, createFileRouterCache(dir, 'a'));
    createRouter(small, analyse, defaultRouterTuning, createFileRouterCache(dir, 'b'));
    createRouter(small.slice(1), analyse, defaultRouterTuning, createFileRouterCache(dir, 'a'));
    createRouter(small, analyse, { ...defaultRouterTuning, answerAt: 0.5 }, createFileRouterCache(dir, 'a'));
    expect(readdirSync(dir)).toHaveLength(4);
  });

  it('retrains over a damaged file instead of failing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'router-'));
    createRouter(small, analyse, defaultRouterTuning, createFileRouterCache(dir, 'salt'));
    const [name] = readdirSync(dir);
    writeFileSync(join(dir, name!), Buffer.from('not a model'));
    expect(decodeSnapshot(Buffer.from('not a model'))).toBeNull();
    const router = createRouter(small, analyse, defaultRouterTuning, createFileRouterCache(dir, 'salt'));
    expect(router.classify('孕妇可以打干细胞吗').best?.label).toBe('faq:pregnancy');
  });
});
