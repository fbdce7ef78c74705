/** What the synonym pass did, kept for `kb:try` explanations. */
export interface SynonymHit {
  readonly from: string;
  readonly to: string;
}

export type SynonymReplacer = (folded: string) => { text: string; hits: SynonymHit[] };

const isLatin = (s: string) => /^[\p{Script=Latin}\d\s'-]+$/u.test(s);
const isAsciiLetter = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';

/**
 * One longest-match-first pass over a canonical → variants table. Each canonical word maps to
 * itself first, so a shorter variant never fires inside it; replacements are padded with spaces
 * so the segmenter keeps the canonical word whole. Latin variants match whole words only.
 *
 * Variants are indexed by their first character and the message is scanned once: a single regex
 * of ~1,000 alternatives cost about 400 µs a message, most of the matcher's time (docs/PERFORMANCE.md).
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
  const byFirst = new Map<string, { key: string; latin: boolean }[]>();
  for (const key of [...target.keys()].sort((a, b) => b.length - a.length)) {
    const first = String.fromCodePoint(key.codePointAt(0)!);
    (byFirst.get(first) ?? byFirst.set(first, []).get(first)!).push({ key, latin: isLatin(key) });
  }
  return (folded) => {
    const hits: SynonymHit[] = [];
    let out = '';
    for (let i = 0; i < folded.length; ) {
      const c = String.fromCodePoint(folded.codePointAt(i)!);
      const hit = byFirst.get(c)?.find(({ key, latin }) => folded.startsWith(key, i) && !(latin && (isAsciiLetter(folded[i - 1]) || isAsciiLetter(folded[i + key.length]))));
      if (!hit) {
        out += c;
        i += c.length;
        continue;
      }
      const to = target.get(hit.key) ?? hit.key;
      if (to !== hit.key) hits.push({ from: hit.key, to });
      out += ` ${to} `;
      i += hit.key.length;
    }
    return { text: out.replace(/\s+/g, ' ').trim(), hits };
  };
}
