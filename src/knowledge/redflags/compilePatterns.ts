import { pinyin } from 'pinyin-pro';

/** One lexicon entry, split at its `*` gaps. */
export interface Pattern {
  /** A family name or a concept name. */
  readonly name: string;
  readonly parts: readonly string[];
  /** Latin words match at word starts, with -s/-ed/-ing endings; gaps count words. */
  readonly latin: boolean;
  /** "!": always present tense; only its own clause can make it past or hypothetical. */
  readonly strong: boolean;
  /** "?": a symptom that is an emergency only when said to be severe or sudden, or with another symptom. */
  readonly weak: boolean;
}

interface Node {
  /** Children by UTF-16 code unit: numeric keys keep the per-character walk cheap. */
  readonly next: Map<number, Node>;
  readonly ends: Pattern[];
}

export interface Hit {
  readonly pattern: Pattern;
  readonly start: number;
  readonly end: number;
}

const isLatinText = (s: string) => /^[a-z0-9 ]+$/.test(s);
const wordChar = (c: string | undefined) => c !== undefined && /[a-z0-9]/.test(c);
const ENDINGS = ['', 's', 'es', 'ed', 'd', 'ing', 'ly'];
const ZH_GAP = 4;
const EN_GAP_WORDS = 3;
const PINYIN_GAP = 12;

/** Folds a lexicon word as messages are folded ("can't" → "can t"), and splits it at `*`. */
export function toPattern(name: string, word: string, fold: (s: string) => string): Pattern | null {
  const strong = word.startsWith('!');
  const weak = word.startsWith('?');
  const parts = word
    .replace(/^[!?]/, '')
    .split('*')
    .map((p) => fold(p).replace(/(?<=\p{Script=Han})\s+|\s+(?=\p{Script=Han})/gu, ''))
    .filter(Boolean);
  if (!parts.length) return null;
  return { name, parts, latin: parts.every(isLatinText), strong, weak };
}

/** The same pattern spelt in toneless pinyin without spaces ("胸*痛" → "xiong*tong"). */
export function toPinyinPattern(p: Pattern): Pattern | null {
  if (p.latin) return null;
  const syllables = p.parts.map((part) => pinyin(part, { toneType: 'none', type: 'array', nonZh: 'removed' }));
  // Pinyin without tones is ambiguous ("yi shu" is 遗书 and 可以输), so short words are left out.
  const count = syllables.reduce((n, s) => n + s.length, 0);
  if (count < (p.strong || p.weak ? 3 : 2)) return null;
  const parts = syllables.map((s) => s.join('').replace(/ü/g, 'v'));
  return parts.every(Boolean) ? { ...p, parts } : null;
}

/**
 * Every pattern's first part in one trie, so a message is read once: at each position the trie is
 * walked as far as the text allows, and only patterns whose first part ends there are checked further.
 */
export function createTrie(patterns: Iterable<Pattern>): Node {
  const root: Node = { next: new Map(), ends: [] };
  for (const p of patterns) {
    let node = root;
    const first = p.parts[0]!;
    for (let i = 0; i < first.length; i++) {
      const code = first.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) node.next.set(code, (child = { next: new Map(), ends: [] }));
      node = child;
    }
    node.ends.push(p);
  }
  return root;
}

/** Where a Latin word that ends at `end` really ends, allowing a plain English ending. */
function latinEnd(text: string, end: number): number {
  for (const e of ENDINGS) if (text.startsWith(e, end) && !wordChar(text[end + e.length])) return end + e.length;
  return -1;
}

/** The end of `part` found after `from`, within the allowed gap, or -1. */
function findNext(text: string, part: string, from: number, mode: 'zh' | 'en' | 'pinyin'): number {
  if (mode === 'zh' || mode === 'pinyin') {
    const gap = mode === 'zh' ? ZH_GAP : PINYIN_GAP;
    for (let k = 0; k <= gap && from + k < text.length; k++) if (text.startsWith(part, from + k)) return from + k + part.length;
    return -1;
  }
  let pos = from;
  for (let w = 0; w <= EN_GAP_WORDS && pos < text.length; w++) {
    while (text[pos] === ' ') pos++;
    if (text.startsWith(part, pos) && !wordChar(text[pos - 1])) {
      const end = latinEnd(text, pos + part.length);
      if (end >= 0) return end;
    }
    while (wordChar(text[pos])) pos++;
    if (text[pos] !== ' ') return -1; // a clause bar or a Chinese character ends an English gap
  }
  return -1;
}

/** All pattern hits in `text`. In pinyin mode Latin letters are read as run-together syllables. */
export function scanTrie(root: Node, text: string, pinyinMode = false): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < text.length; i++) {
    let node: Node | undefined = root;
    for (let j = i; j < text.length; j++) {
      node = node.next.get(text.charCodeAt(j));
      if (!node) break;
      if (!node.ends.length) continue;
      for (const p of node.ends) {
        let end = j + 1;
        if (p.latin && !pinyinMode) {
          if (wordChar(text[i - 1])) continue;
          end = latinEnd(text, end);
          if (end < 0) continue;
        }
        const mode = pinyinMode ? 'pinyin' : p.latin ? 'en' : 'zh';
        for (let k = 1; k < p.parts.length && end >= 0; k++) end = findNext(text, p.parts[k]!, end, mode);
        if (end >= 0) hits.push({ pattern: p, start: i, end });
      }
    }
  }
  return hits;
}
