import { describe, expect, it } from 'vitest';
import { createUserTagger } from '../../src/runtime/createUserTagger.js';

describe('user tagger', () => {
  it('gives one user the same tag every time, also past the remembered count, and another user another tag', () => {
    const tag = createUserTagger('secret-a-0123456789');
    const first = tag({ channel: 'telegram', userId: '42' });
    for (let i = 0; i < 10_050; i++) tag({ channel: 'telegram', userId: `u${i}` });
    expect(tag({ channel: 'telegram', userId: '42' })).toBe(first);
    expect(createUserTagger('secret-a-0123456789')({ channel: 'telegram', userId: '42' })).toBe(first);
    expect(tag({ channel: 'wechat', userId: '42' })).not.toBe(first);
    expect(tag({ channel: 'telegram', userId: '43' })).not.toBe(first);
  });

  it('depends on the secret and does not contain the raw id', () => {
    const a = createUserTagger('secret-a-0123456789')({ channel: 'telegram', userId: '123456789' });
    const b = createUserTagger('secret-b-0123456789')({ channel: 'telegram', userId: '123456789' });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[\w-]{22}$/);
    expect(a).not.toContain('123456789');
  });
});
