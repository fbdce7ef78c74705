/** What the synonym pass did, kept for `kb:try` explanations. */
export interface SynonymHit {
  readonly from: string;
  readonly to: string;
}

export type SynonymReplacer = (folded: string) => { text: string; hits: SynonymHit[] };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isLatin = (s: string) => /^[\p{Script=Latin}\d\s'-]+$/u.test(s);

/**
 * One longest-match-first pass over a canonical → variants table. Each canonical word maps to
 * itself first, so a shorter variant never fires inside it; replacements are padded with spaces
 * so the segmenter keeps the canonical word whole. Latin variants match whole words only.
 */
export function createSynonymReplacer(table: Readonly<Record<string, readonly string[]>>, fold: (s: string) => string): SynonymReplacer {
  // Variants are folded like messages ("What's" → "whats", 懷孕 → 怀孕), or they could never match.
  const target = new Map<string, string>();
  for (const [canonical, variants] of Object.entries(table)) {
    target.set(fold(canonical), canonical);
    for (const v of variants) {
      const key = fold(v);
      if (key && !target.has(key)) target.set(key, canonical);
    }
  }
  const keys = [...target.keys()].sort((a, b) => b.length - a.length);
  if (keys.length === 0) return (text) => ({ text, hits: [] });
  const alternatives = keys.map((k) => (isLatin(k) ? `(?<![a-z])${escape(k)}(?![a-z])` : escape(k)));
  const pattern = new RegExp(alternatives.join('|'), 'gu');
  return (folded) => {
    const hits: SynonymHit[] = [];
    const text = folded.replace(pattern, (m) => {
      const to = target.get(m) ?? m;
      if (to !== m) hits.push({ from: m, to });
      return ` ${to} `;
    });
    return { text: text.replace(/\s+/g, ' ').trim(), hits };
  };
}
