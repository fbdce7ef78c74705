import { describe, expect, it } from 'vitest';
import { scrubPersonalData } from '../../src/core/scrubPersonalData.js';

describe('scrubPersonalData', () => {
  it('removes phone numbers, e-mail addresses and long digit runs', () => {
    const out = scrubPersonalData('我电话 138-1234-5678,邮箱 zhang.san@example.com,身份证 510105199001011234');
    expect(out).not.toMatch(/\d{3,}|@/);
    expect(out).toMatch(/\[number\].*\[email\].*\[number\]/);
  });
  it('keeps short numbers that carry meaning, and bounds the length', () => {
    expect(scrubPersonalData('1型糖尿病')).toBe('1型糖尿病');
    expect(scrubPersonalData('字'.repeat(1000)).length).toBe(200);
  });
});
