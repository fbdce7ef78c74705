import { redFlagFamilies, type RedFlag, type RedFlagFamily } from '../../core/reader.js';
import { toSimplified } from '../foldText.js';
import { createTrie, scanTrie, toPattern, toPinyinPattern, type Hit, type Pattern } from './compilePatterns.js';
import { BAR, FEVER, foldForScan, isBoundary, STOP } from './foldForScan.js';
import type { RedFlagLexicon } from './redFlagSchema.js';

type Concept = 'negation' | 'acute' | 'severe' | 'mild' | 'past' | 'risk' | 'asks_therapy' | 'over' | 'infusion' | 'clause_breaks' | 'figurative';
const concepts: readonly Concept[] = ['negation', 'acute', 'severe', 'mild', 'past', 'risk', 'asks_therapy', 'over', 'infusion', 'clause_breaks', 'figurative'];

/** What the scan found, for tests and `npm run route`: the family, or why each symptom did not count. */
export interface RedFlagExplained {
  readonly flag: RedFlag | null;
  readonly text: string;
  readonly symptoms: readonly { family: RedFlagFamily; at: number; verdict: 'flag' | 'negated' | 'past_or_risk' | 'no_infusion' | 'question' | 'mild' | 'over' }[];
}

export interface RedFlagScanner {
  scan(raw: string): RedFlag | null;
  explain(raw: string): RedFlagExplained;
}

const fold = (s: string) =>
  toSimplified(s.normalize('NFKC').toLowerCase())
    .replace(/(\p{Script=Latin})['’](\p{Script=Latin})/gu, '$1$2')
    .replace(/\b([a-z]+n) t\b/g, '$1t') // "don t" written as foldText leaves it → "dont"
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const SYLLABLE = /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|ian|iao|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v))+$/;

/** A message written only in toneless pinyin ("wo ba tu ran yun dao le"). */
function isPinyin(view: string): boolean {
  if (!/^[a-z0-9 |#]+$/.test(view)) return false;
  const words = view.split(/[ |#]+/).filter(Boolean);
  return words.length >= 2 && words.filter((w) => SYLLABLE.test(w)).length / words.length >= 0.8;
}

/**
 * The red-flag model (knowledge/red-flags.yaml): symptom words by triage family, read in the time
 * their clause gives them. One trie pass finds every symptom and every time or negation cue; a few
 * rules then decide whether a symptom is happening now.
 */
export function createRedFlagScanner(lexicon: RedFlagLexicon): RedFlagScanner {
  const patterns: Pattern[] = [];
  for (const c of concepts) for (const w of [...lexicon.concepts[c].zh, ...lexicon.concepts[c].en]) {
    const p = toPattern(c, w, fold);
    if (p) patterns.push(p);
  }
  for (const f of redFlagFamilies) for (const w of [...lexicon.families[f].zh, ...lexicon.families[f].en]) {
    const p = toPattern(f, w, fold);
    if (p) patterns.push(p);
  }
  patterns.push({ name: 'post_infusion', parts: [FEVER], latin: true, strong: false, weak: false });
  const trie = createTrie(patterns);
  const pinyinTrie = createTrie(patterns.flatMap((p) => toPinyinPattern(p) ?? []));
  const requiresInfusion = new Set(redFlagFamilies.filter((f) => lexicon.families[f].requires === 'infusion'));
  const isFamily = (name: string): name is RedFlagFamily => (redFlagFamilies as readonly string[]).includes(name);

  const explain = (raw: string): RedFlagExplained => {
    const text = foldForScan(raw);
    const hits: Hit[] = scanTrie(trie, text);
    if (isPinyin(text)) {
      // Pinyin is matched run together, so the clause bars must stay where they were.
      const compact = text.replace(/ /g, '');
      const shift = mapCompact(text);
      for (const h of scanTrie(pinyinTrie, compact, true)) {
        const start = shift[h.start]!;
        const end = shift[h.end - 1]! + 1;
        // Syllables run together, so a word must start where the user started one ("xin zang", not "…n zang").
        if ((start === 0 || text[start - 1] === ' ' || isBoundary(text[start - 1])) && (end === text.length || text[end] === ' ' || isBoundary(text[end]))) hits.push({ ...h, start, end });
      }
    }
    // Most messages name no symptom at all: nothing to weigh.
    if (!hits.some((h) => isFamily(h.pattern.name))) return { flag: null, text, symptoms: [] };
    const clauseAt = clauseIndex(text, hits.filter((h) => h.pattern.name === 'clause_breaks').map((h) => h.start));
    const sentenceAt = sentenceIndex(text);
    // Words that only sound alarming ("笑死", "this price is killing me") hide what they contain.
    const figurative = hits.filter((h) => h.pattern.name === 'figurative');
    const literal = (h: Hit) => !figurative.some((f) => h !== f && h.start >= f.start && h.start < f.end);
    const clauses = { acute: new Set<number>(), suppress: new Set<number>(), mild: new Set<number>() };
    // What a whole sentence says; a red flag in one sentence is not undone by a question in the next.
    const sentences = new Map<number, { acute: boolean; suppress: boolean; severe: boolean; over: boolean; infusion: boolean; kinds: Set<string> }>();
    const sentence = (at: number) => {
      const i = sentenceAt[at]!;
      let s = sentences.get(i);
      if (!s) sentences.set(i, (s = { acute: false, suppress: false, severe: false, over: false, infusion: false, kinds: new Set() }));
      return s;
    };
    const negations: Hit[] = [];
    const symptoms: Hit[] = [];
    for (const h of hits) {
      const name = h.pattern.name;
      if (!literal(h)) continue;
      const clause = clauseAt[h.start]!;
      if (name === 'acute') (clauses.acute.add(clause), (sentence(h.start).acute = true));
      else if (name === 'past' || name === 'risk') (clauses.suppress.add(clause), (sentence(h.start).suppress = true));
      else if (name === 'asks_therapy') sentence(h.start).suppress = true;
      else if (name === 'infusion') sentence(h.start).infusion = true;
      else if (name === 'severe') sentence(h.start).severe = true;
      else if (name === 'mild') clauses.mild.add(clause);
      else if (name === 'over') sentence(h.start).over = true;
      else if (name === 'negation') negations.push(h);
      else if (isFamily(name)) symptoms.push(h);
    }
    // Infusion context reaches across sentences: "刚回输完。现在高烧39度5" is one story.
    const infusion = [...sentences.values()].some((s) => s.infusion);
    // A symptom right after a negation ("没有胸痛", "no chest pain") is denied, and so is a reading
    // that starts inside that negation ("没有呼吸" within "没有呼吸困难").
    const deniedBy = new Map<Hit, Hit>();
    for (const s of symptoms) {
      const n = negations.find((n) => n.end <= s.start && closeEnough(text.slice(n.end, s.start), s.pattern.latin));
      if (n) deniedBy.set(s, n);
    }
    const denied = (s: Hit) => deniedBy.has(s) || (!s.pattern.strong && [...deniedBy].some(([d, n]) => s !== d && s.start >= n.start && s.start < d.start));
    // A mild-sounding symptom is an emergency when its sentence says it is severe or sudden, or
    // names a second, different symptom ("头晕" alone is not; "拉黑便 头晕站不起来" is).
    for (const s of symptoms) {
      if (deniedBy.has(s) || (requiresInfusion.has(s.pattern.name as RedFlagFamily) && !infusion)) continue;
      sentence(s.start).kinds.add(s.pattern.parts.join('*'));
    }
    const out: RedFlagExplained['symptoms'][number][] = [];
    for (const s of symptoms) {
      const family = s.pattern.name as RedFlagFamily;
      const clause = clauseAt[s.start]!;
      const said = sentence(s.start);
      let verdict: RedFlagExplained['symptoms'][number]['verdict'];
      if (denied(s)) verdict = 'negated';
      else if (clauses.suppress.has(clause) || doneBefore(text, s.end)) verdict = 'past_or_risk';
      else if (requiresInfusion.has(family) && !infusion) verdict = 'no_infusion';
      else if (said.over && !s.pattern.strong) verdict = 'over';
      else if (s.pattern.weak && (clauses.mild.has(clause) || (!said.severe && said.kinds.size < 2))) verdict = 'mild';
      else if (clauses.acute.has(clause) || said.acute || s.pattern.strong || !said.suppress) verdict = 'flag';
      else verdict = 'question';
      out.push({ family, at: s.start, verdict });
    }
    const flagged = out.filter((s) => s.verdict === 'flag');
    const family = flagged.find((s) => s.family === 'self_harm')?.family ?? flagged[0]?.family;
    return { flag: family ? { family } : null, text, symptoms: out };
  };
  return { scan: (raw) => explain(raw).flag, explain };
}

/** Chinese negations sit right before the symptom; English ones up to two words before it. */
function closeEnough(gap: string, latin: boolean): boolean {
  if (gap.includes(BAR) || gap.includes(STOP)) return false;
  // Chinese between a negation and an English-spelt symptom: they are not one phrase ("抖个不停 39.4度").
  if (latin && /\p{Script=Han}/u.test(gap)) return false;
  return latin ? gap.split(' ').filter(Boolean).length <= 2 : gap.length <= 1;
}

/**
 * "晕倒过", "休克过一次": 过 after the symptom puts it in the past ("晕过去" is the symptom itself);
 * "中毒的人", "休克的患者" name a kind of patient, not someone here.
 */
function doneBefore(text: string, end: number): boolean {
  if (text[end] === '过') return text[end + 1] !== '去' && text[end + 1] !== '来';
  return text.startsWith('的人', end) || text.startsWith('的患者', end) || text.startsWith('的病人', end);
}

function sentenceIndex(text: string): Uint16Array {
  const at = new Uint16Array(text.length + 1);
  let sentence = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === STOP) sentence++;
    at[i] = sentence;
  }
  at[text.length] = sentence;
  return at;
}

/** For each position of the text without spaces, the position it had with them. */
function mapCompact(text: string): number[] {
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] !== ' ') map.push(i);
  return map;
}

/** The clause of each position: a new one at every bar and at every clause-break word ("…休克过 | 现在能打吗"). */
function clauseIndex(text: string, breaks: readonly number[]): Uint16Array {
  const at = new Uint16Array(text.length + 1);
  const breakAt = new Set(breaks);
  let clause = 0;
  for (let i = 0; i < text.length; i++) {
    if (isBoundary(text[i]) || breakAt.has(i)) clause++;
    at[i] = clause;
  }
  at[text.length] = clause;
  return at;
}
