import { actNames, type Act, type ActName } from '../core/act.js';
import { foldText } from './foldText.js';
import type { ActsFile } from './knowledgeSchema.js';

/** knowledge/acts.yaml compiled once: words indexed by their first character, `contains` as one pattern per act. */
export interface ActTable {
  /** First character → [word, act], longest word first. */
  readonly words: ReadonlyMap<string, readonly (readonly [string, ActName])[]>;
  readonly contains: readonly (readonly [ActName, RegExp])[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isLatin = (s: string) => /^[\p{Script=Latin}\d\s]+$/u.test(s);
const wordChar = /[\p{L}\p{N}]/u;
/** Particles that end a short reply without changing it ("没有啊", "好的呢"). */
const particles = /[啊呀吧呢嘛了哈啦哇噢哦呗]/u;
/** A reply that only opens with a sound of hesitation ("嗯…这个嘛") is not a yes. */
const interjection = /^[嗯哦噢啊呃额]+$/u;
/** "不同意", "not sure": a contained act right after a negation does not count. */
const negatedBefore = /(?:[不没别未]|\bnot |\bdon t |\bdont )$/u;

export function compileActs(file: ActsFile): ActTable {
  const words = new Map<string, [string, ActName][]>();
  const contains: [ActName, RegExp][] = [];
  for (const name of actNames) {
    for (const w of file[name].words.map(foldText).filter(Boolean)) {
      const list = words.get(w[0]!) ?? [];
      if (!list.some(([x]) => x === w)) list.push([w, name]);
      words.set(w[0]!, list);
    }
    const parts = file[name].contains
      .map((w) => foldText(w.replace(/\*/g, ' zzstarzz ')).replace(/ ?zzstarzz ?/g, '\u0000'))
      .filter(Boolean)
      .map((w) => {
        const body = w.split('\u0000').map(escape).join('.{0,8}');
        return isLatin(w) ? `(?<![a-z])${body}(?![a-z])` : body;
      });
    if (parts.length) contains.push([name, new RegExp(parts.join('|'), 'gu')]);
  }
  for (const list of words.values()) list.sort((a, b) => b[0].length - a[0].length);
  return { words, contains };
}

const rank = (name: ActName) => actNames.indexOf(name);

/** The longest word at `at`, whole words only for Latin ones. */
function wordAt(table: ActTable, folded: string, at: number): readonly [string, ActName] | null {
  for (const entry of table.words.get(folded[at]!) ?? []) {
    const [w] = entry;
    if (!folded.startsWith(w, at)) continue;
    const next = folded[at + w.length];
    if (isLatin(w) && next !== undefined && wordChar.test(next)) continue;
    return entry;
  }
  return null;
}

/**
 * Reads a folded message as a dialogue act. `contains` phrases count anywhere; otherwise the
 * message is covered with act words from its start: fully covered, it is a whole act (the
 * highest-ranked one it holds); covered up to a space, a partial act (its first word).
 */
export function readAct(table: ActTable, folded: string): Act | null {
  if (!folded) return null;
  for (const [name, pattern] of table.contains) {
    for (const m of folded.matchAll(pattern)) {
      if (!negatedBefore.test(folded.slice(Math.max(0, m.index - 6), m.index))) return { name, whole: true };
    }
  }
  const found: ActName[] = [];
  let first = '';
  let boundary = 0; // where the last word that ended at a space or at the end finished
  let at = 0;
  while (at < folded.length) {
    if (folded[at] === ' ') {
      if (found.length) boundary = at;
      at++;
      continue;
    }
    const hit = wordAt(table, folded, at);
    if (!hit) {
      if (found.length && particles.test(folded[at]!)) {
        at++;
        continue;
      }
      break;
    }
    if (!found.length) first = hit[0];
    found.push(hit[1]);
    at += hit[0].length;
  }
  if (!found.length) return null;
  if (at >= folded.length) return { name: found.reduce((a, b) => (rank(b) < rank(a) ? b : a)), whole: true };
  if (!boundary || interjection.test(first)) return null;
  return { name: found[0]!, whole: false };
}
