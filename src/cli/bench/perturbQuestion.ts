import { pick, type Random } from './createRandom.js';

/** What perturbation draws on: synonym groups (canonical word first) and characters for typos. */
export interface PerturbTools {
  readonly groups: readonly (readonly string[])[];
  /** Characters a typo may put in place of another (the knowledge base's own, so typos look plausible). */
  readonly typoChars: readonly string[];
}

const zhFillers = { before: ['请问', '医生', '我想问一下', '听说', '想了解下', '你好,'], after: ['呢', '啊', '吗?', '谢谢', '到底怎么样'] };
const enFillers = { before: ['please tell me,', 'hi,', 'quick question:', 'i wonder'], after: ['thanks', 'please', 'really?'] };
const isLatin = (s: string) => /^[\x00-\x7f]*$/.test(s);

/**
 * One way a patient might write an existing question differently: a synonym or variant swapped
 * in, clauses or words reordered, filler words added, or a character mistyped. Each call applies
 * one to three of these, and never returns the question unchanged.
 */
export function perturbQuestion(question: string, rnd: Random, tools: PerturbTools): string {
  const ops = [swapSynonym, reorder, addFiller, typo];
  for (let attempt = 0; attempt < 8; attempt++) {
    let q = question;
    const count = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < count; i++) q = pick(rnd, ops)(q, rnd, tools);
    if (q !== question) return q;
  }
  return `${question}${isLatin(question) ? ' please' : '呢'}`;
}

function swapSynonym(q: string, rnd: Random, tools: PerturbTools): string {
  const found = tools.groups.flatMap((g) => g.filter((w) => w.length > 1 && q.includes(w)).map((w) => ({ w, g })));
  if (!found.length) return q;
  const { w, g } = pick(rnd, found);
  const others = g.filter((x) => x !== w && isLatin(x) === isLatin(w));
  return others.length ? q.replace(w, pick(rnd, others)) : q;
}

function reorder(q: string, rnd: Random): string {
  const clauses = q.split(/([,,。;;])/).filter(Boolean);
  if (clauses.length >= 3) {
    // "A,B" → "B,A": move the first clause to the end.
    const [first, sep, ...rest] = clauses;
    return [...rest, sep!, first!].join('');
  }
  const words = q.split(' ');
  if (words.length >= 3) {
    const i = Math.floor(rnd() * (words.length - 1));
    [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
    return words.join(' ');
  }
  // A Chinese question without clauses: front the second half, as people do when they think aloud.
  const cut = 2 + Math.floor(rnd() * Math.max(1, q.length - 4));
  return cut < q.length - 1 ? `${q.slice(cut)},${q.slice(0, cut)}` : q;
}

function addFiller(q: string, rnd: Random): string {
  const f = isLatin(q) ? enFillers : zhFillers;
  return rnd() < 0.5 ? `${pick(rnd, f.before)}${isLatin(q) ? ' ' : ''}${q}` : `${q}${isLatin(q) ? ' ' : ''}${pick(rnd, f.after)}`;
}

function typo(q: string, rnd: Random, tools: PerturbTools): string {
  const chars = [...q];
  const positions = chars.flatMap((c, i) => (/[\p{Script=Han}a-z]/iu.test(c) ? [i] : []));
  if (!positions.length) return q;
  const i = pick(rnd, positions);
  const c = chars[i]!;
  if (/[a-z]/i.test(c)) {
    // Latin: swap with the next letter, or drop it.
    if (rnd() < 0.5 && /[a-z]/i.test(chars[i + 1] ?? '')) [chars[i], chars[i + 1]] = [chars[i + 1]!, c];
    else chars.splice(i, 1);
  } else chars[i] = pick(rnd, tools.typoChars);
  return chars.join('');
}
