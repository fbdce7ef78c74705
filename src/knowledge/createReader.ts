import type { FaqMatcher } from '../core/faqMatch.js';
import type { Intent, Reader } from '../core/reader.js';
import { detectLang } from './detectLang.js';
import { foldText, isTraditional } from './foldText.js';
import { readAct, type ActTable } from './readAct.js';

export interface Trigger {
  readonly exact: readonly string[];
  readonly contains: readonly string[];
}

export interface ReaderData {
  readonly intents: Readonly<Record<Intent, Trigger>>;
  readonly redFlags: { readonly zh: readonly string[]; readonly en: readonly string[] };
  readonly negations: readonly string[];
  readonly scope: { readonly alwaysOut: readonly string[]; readonly outUnlessTherapy: readonly string[]; readonly therapy: readonly string[] };
  readonly acts?: ActTable;
}

/** Checked in this order: the first that matches wins. */
const intentOrder: readonly Intent[] = ['delete', 'english', 'chinese', 'endHuman', 'human', 'menu', 'faqList', 'explain', 'greeting', 'assess'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isLatin = (s: string) => /^[\p{Script=Latin}\d\s]+$/u.test(s);

/** `*` stands for up to eight characters; Latin phrases match whole words. */
function containsPattern(words: readonly string[]): RegExp | null {
  const parts = words
    .map((w) => foldText(w.replace(/\*/g, ' zzstarzz ')).replace(/ ?zzstarzz ?/g, '\u0000'))
    .filter(Boolean)
    .map((w) => {
      const body = w.split('\u0000').map(escape).join('.{0,8}');
      return isLatin(w) ? `(?<![a-z])${body}(?![a-z])` : body;
    });
  return parts.length ? new RegExp(parts.join('|'), 'u') : null;
}

export function createReader(data: ReaderData, faq: FaqMatcher): Reader {
  const compiled = intentOrder.map((name) => ({
    name,
    exact: new Set(data.intents[name].exact.map(foldText)),
    contains: containsPattern(data.intents[name].contains),
  }));
  const greetings = [...data.intents.greeting.exact.map(foldText)].filter((g) => g.length >= 2).sort((a, b) => b.length - a.length);
  const negationWords = data.negations.map((n) => foldText(n)).map((n) => (isLatin(n) ? `(?<![a-z])${escape(n)}` : escape(n)));
  const negation = new RegExp(`(?:${negationWords.join('|')})\\s?$`, 'u');

  // In red flags `*` spans at most four characters: "胸*痛" is 胸口压着痛, not a whole sentence.
  const wildcard = (f: string, gap: string) => foldText(f.replace(/\*/g, ' zzstarzz ')).split(/ ?zzstarzz ?/).map(escape).join(gap);
  const zhFlags = data.redFlags.zh.map((f) => new RegExp(wildcard(f, '.{0,4}').replace(/\s/g, ''), 'gu'));
  const enFlags = data.redFlags.en.map((f) => new RegExp(`(?<![a-z])${wildcard(f, '(?:\\s?\\S+){0,3}\\s?')}(?![a-z])`, 'gu'));

  const alwaysOut = containsPattern(data.scope.alwaysOut);
  const adviceOut = containsPattern(data.scope.outUnlessTherapy);
  const therapy = containsPattern(data.scope.therapy);

  const negated = (before: string) => data.negations.length > 0 && negation.test(before.slice(-6));
  const emergency = (folded: string): boolean => {
    const compact = folded.replace(/\s/g, '');
    for (const flag of zhFlags) {
      for (const m of compact.matchAll(flag)) if (!negated(compact.slice(0, m.index))) return true;
    }
    for (const flag of enFlags) {
      for (const m of folded.matchAll(flag)) if (!negated(folded.slice(0, m.index))) return true;
    }
    return false;
  };

  return {
    fold: foldText,
    lang: detectLang,
    traditional: isTraditional,
    redFlag(text) {
      // Interim: the phrase list, scanned in overlapping windows; replaced by the red-flag model.
      const hit = (folded: string) => emergency(folded);
      if (hit(foldText(text))) return { family: 'breathing' };
      for (let i = 180; i < text.length; i += 180) if (hit(foldText(text.slice(i, i + 240)))) return { family: 'breathing' };
      return null;
    },
    classify(text) {
      const m = faq.match(text);
      const candidates = m.candidates.map((c) => ({ label: `faq:${c.id}` as const, score: c.score }));
      const best = m.best ? { label: `faq:${m.best.id}` as const, score: m.best.score } : null;
      return m.kind === 'miss' ? { kind: 'miss', best, candidates } : { kind: m.kind, best: best!, candidates };
    },
    intent(folded) {
      for (const c of compiled) if (c.exact.has(folded)) return c.name;
      for (const c of compiled) if (c.contains?.test(folded)) return c.name;
      return null;
    },
    act: (folded) => (data.acts ? readAct(data.acts, folded) : null),
    outOfScope(folded) {
      if (alwaysOut?.test(folded)) return true;
      return Boolean(adviceOut?.test(folded) && !therapy?.test(folded));
    },
    startsWithGreeting(folded) {
      return greetings.some((g) => folded === g || folded.startsWith(`${g} `) || (!isLatin(g) && folded.startsWith(g)));
    },
    faq,
  };
}
