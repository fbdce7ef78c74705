import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/knowledge/checkSource.js';

describe('answer sources', () => {
  it('accepts sections that exist, ranges, named parts and a note', () => {
    const r = checkSource('seed 000 §二.1-3, §四; seed 001 title, §三.5 (the article asserts it)');
    expect(r).toEqual({
      ok: true,
      refs: [
        { seed: '000', section: '二.1' },
        { seed: '000', section: '二.2' },
        { seed: '000', section: '二.3' },
        { seed: '000', section: '四' },
        { seed: '001', section: 'title' },
        { seed: '001', section: '三.5' },
      ],
    });
  });

  it.each([
    ['seed 002 §一', /seed 002 does not exist/],
    ['seed 000 §五', /seed 000 has no section §五/],
    ['seed 000 §二.7', /no section §二.7/],
    ['seed 001 §三.4-6', /no section §三.6/],
    ['seed 000 chapter one', /not a section/],
    ['not in the seeds', /is not "seed NNN/],
    ['seed 000 §二.1; made up', /"made up" is not/],
  ])('rejects %s', (source, message) => {
    const r = checkSource(source);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toMatch(message);
  });
});
