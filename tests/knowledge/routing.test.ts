import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/cli/crossValidate.js';
import { evaluateRoutes } from '../../src/cli/evaluateRoutes.js';
import { readLabelled as load } from '../../src/cli/readLabelled.js';
import { routeMessage } from '../../src/cli/routeMessage.js';
import { projectRoot, shippedBundle } from '../support/bundle.js';

// A copy of the clinic's dev set: a check, never training data. A clone has no shared folder beside it.
const devFile = resolve(projectRoot, 'tests/fixtures/eval/dev-routes.jsonl');

describe('routing quality (acceptance bars from the core issue)', () => {
  it('meets the bars on the labelled dev set', () => {
    const e = evaluateRoutes(shippedBundle(), load(devFile));
    expect(e.correct / e.total).toBeGreaterThanOrEqual(0.95);
    expect(e.clarified / e.total).toBeLessThanOrEqual(0.15);
    expect(e.emergencies.caught).toBe(e.emergencies.total);
    expect(e.emergencies.false).toBe(0);
    expect(e.fallbackAnswered).toBe(0);
  });

  it('holds its level on a blind set written without seeing the knowledge base', () => {
    const e = evaluateRoutes(shippedBundle(), load(resolve(projectRoot, 'tests/fixtures/holdout-routes.jsonl')));
    // A regression guard at the level measured when the set was added; raise it as routing improves.
    expect(e.correct / e.total).toBeGreaterThanOrEqual(0.95);
    expect(e.clarified / e.total).toBeLessThanOrEqual(0.15);
    expect(e.emergencies.caught).toBe(e.emergencies.total);
    expect(e.emergencies.false).toBe(0);
  });

  it('holds its level on messages written as patients type (the second dev set: a check, never training data)', () => {
    const e = evaluateRoutes(shippedBundle(), load(resolve(projectRoot, 'tests/fixtures/eval/dev-routes-2.jsonl')));
    // 53.8% with the keyword matcher; 90.4% with the trained router (npm run -s route -- --eval FILE);
    // 92.5% once 8 lines copied from the dev sets had left the training corpus.
    expect(e.correct / e.total).toBeGreaterThanOrEqual(0.88);
    expect(e.emergencies.false).toBe(0);
    expect(e.fallbackAnswered).toBe(0);
  });

  it('holds its level on a blind set written late in the work by a helper who saw no training data', () => {
    // First and only measurement before this test: 94.5% (189/200), 0 out-of-scope answered.
    const e = evaluateRoutes(shippedBundle(), load(resolve(projectRoot, 'tests/fixtures/blind-routes.jsonl')));
    expect(e.correct / e.total).toBeGreaterThanOrEqual(0.92);
    expect(e.emergencies.caught).toBe(e.emergencies.total);
    expect(e.emergencies.false).toBe(0);
    expect(e.fallbackAnswered).toBe(0);
  });

  it('does not answer near-domain questions it has no facts for (cosmetics, general medical advice)', () => {
    const e = evaluateRoutes(shippedBundle(), load(resolve(projectRoot, 'tests/fixtures/near-miss-routes.jsonl')));
    // 1/39 with the keyword matcher, which also fell back on half of what patients really ask.
    expect(e.fallbackAnswered).toBeLessThanOrEqual(3);
  });

  it('cross-validates on its own corpus: every route is learnt, none by heart', () => {
    const { corpus, analyse } = shippedBundle();
    const cv = crossValidate(corpus, analyse, 5);
    expect(cv.correct / cv.total).toBeGreaterThanOrEqual(0.7);
    for (const [label, b] of Object.entries(cv.byLabel)) expect(b.correct / b.total, label).toBeGreaterThanOrEqual(0.45);
  });

  it('prints the route as the CLI contract says', () => {
    expect(routeMessage(shippedBundle(), '孕妇可以做干细胞吗')).toMatchObject({ route: 'faq', id: 'pregnancy' });
    expect(routeMessage(shippedBundle(), '我适合做吗')).toEqual({ text: '我适合做吗', route: 'flow', id: 'contraindications', score: null });
    expect(routeMessage(shippedBundle(), '转人工')).toMatchObject({ route: 'handoff', id: null });
    expect(routeMessage(shippedBundle(), '今天天气怎么样')).toMatchObject({ route: 'fallback', id: null });
  });
});
