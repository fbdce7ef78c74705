import type { Intent, Reader } from '../core/reader.js';
import { detectLang } from './detectLang.js';
import type { Router } from './classifier/createRouter.js';
import type { RedFlagScanner } from './redflags/createRedFlagScanner.js';
import { foldText, isTraditional } from './foldText.js';
import { readAct, type ActTable } from './readAct.js';

export interface Trigger {
  readonly exact: readonly string[];
  readonly contains: readonly string[];
}

export interface ReaderData {
  readonly intents: Readonly<Record<Intent, Trigger>>;
  readonly scope: { readonly alwaysOut: readonly string[]; readonly outUnlessTherapy: readonly string[]; readonly therapy: readonly string[]; readonly context: readonly string[] };
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

/** Below this confidence a topic needs the message to name the therapy. */
const UNNAMED_THERAPY_AT = 0.65;

export function createReader(data: ReaderData, redFlags: RedFlagScanner, router: Router): Reader {
  const compiled = intentOrder.map((name) => ({
    name,
    exact: new Set(data.intents[name].exact.map(foldText)),
    contains: containsPattern(data.intents[name].contains),
  }));
  const greetings = [...data.intents.greeting.exact.map(foldText)].filter((g) => g.length >= 2).sort((a, b) => b.length - a.length);

  const alwaysOut = containsPattern(data.scope.alwaysOut);
  const adviceOut = containsPattern(data.scope.outUnlessTherapy);
  const therapy = containsPattern(data.scope.therapy);
  const context = containsPattern([...data.scope.therapy, ...data.scope.context]);



  return {
    fold: foldText,
    lang: detectLang,
    traditional: isTraditional,
    redFlag: redFlags.scan,
    classify(text) {
      const u = router.classify(text);
      // A topic picked with middling confidence from a message that never names the therapy or the clinic is
      // more often general medical talk ("心脏支架能用多久") than a question the articles answer.
      if (u.kind === 'hit' && u.best.label.startsWith('faq:') && u.best.score < UNNAMED_THERAPY_AT && !context?.test(foldText(text))) return { kind: 'miss', best: u.best, candidates: u.candidates };
      return u;
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
  };
}
