import type { Lang } from '../core/model.js';

/**
 * The reply language a message asks for, or null when it says nothing (digits, emoji), so the
 * session keeps its language. Chinese wins mixed messages unless English clearly dominates.
 */
export function detectLang(raw: string): Lang | null {
  const sample = raw.slice(0, 300);
  const han = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = sample.match(/[a-z]{2,}/giu)?.length ?? 0;
  if (han === 0 && latinWords === 0) return null;
  if (han === 0) return 'en';
  return latinWords > han * 2 ? 'en' : 'zh';
}
