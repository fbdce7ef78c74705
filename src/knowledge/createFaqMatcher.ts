import Fuse, { type IFuseOptions } from 'fuse.js';
import type { Candidate, FaqMatch, FaqMatcher } from '../core/faqMatch.js';
import type { FaqEntry } from '../core/model.js';
import type { Analyser } from './createAnalyser.js';

export interface MatcherTuning {
  /** Confidence at or above which we answer. */
  readonly answerAt: number;
  /** Runner-up within this of the best (and itself above `clarifyFloor`) → ask which. */
  readonly clarifyMargin: number;
  readonly clarifyFloor: number;
}

export const defaultTuning: MatcherTuning = { answerAt: 0.3, clarifyMargin: 0.08, clarifyFloor: 0.3 };

/** One fuse record per example question and one per entry's keywords (MATCHING.md). */
interface IndexRecord {
  readonly entry: string;
  readonly q?: string;
  readonly kw?: string;
  readonly tokens: ReadonlySet<string>;
}

const fuseOptions: IFuseOptions<IndexRecord> = {
  keys: [
    { name: 'q', weight: 1 },
    { name: 'kw', weight: 0.8 },
  ],
  useTokenSearch: true,
  tokenize: (text: string) => text.split(' ').filter(Boolean),
  tokenMatch: 'any',
  threshold: 0.4,
  ignoreLocation: true,
  ignoreFieldNorm: true,
  includeScore: true,
};

export interface ExplainedMatch {
  readonly outcome: FaqMatch;
  readonly tokens: readonly string[];
}

/**
 * fuse.js is the fuzzy layer over segmented, synonym-folded words. Confidence is fuse's
 * (1 − score) times a coordination factor: a record that shares one word with the message
 * counts half, two or more count fully, so one shared word cannot carry an answer alone.
 */
export function createFaqMatcher(
  entries: readonly FaqEntry[],
  analyse: Analyser,
  tuning: MatcherTuning = defaultTuning,
): FaqMatcher & { explain(text: string): ExplainedMatch } {
  const records: IndexRecord[] = [];
  for (const e of entries) {
    for (const q of [...e.examples.zh, ...e.examples.en]) {
      const tokens = analyse(q).tokens;
      if (tokens.length) records.push({ entry: e.id, q: tokens.join(' '), tokens: new Set(tokens) });
    }
    const kw = [...new Set(e.keywords.flatMap((k) => analyse(k).tokens))];
    if (kw.length) records.push({ entry: e.id, kw: kw.join(' '), tokens: new Set(kw) });
  }
  const fuse = new Fuse(records, fuseOptions);

  const rank = (tokens: readonly string[]): Candidate[] => {
    if (tokens.length === 0) return [];
    const best = new Map<string, number>();
    for (const r of fuse.search(tokens.join(' '), { limit: 60 })) {
      const shared = tokens.filter((t) => r.item.tokens.has(t)).length;
      const coordination = Math.min(1, Math.max(shared, 0.5) / 2);
      const score = (1 - (r.score ?? 1)) * coordination;
      if (score > (best.get(r.item.entry) ?? 0)) best.set(r.item.entry, score);
    }
    return [...best]
      .map(([id, score]) => ({ id, score: Math.round(score * 1000) / 1000 }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  };

  const decide = (candidates: Candidate[]): FaqMatch => {
    const [first, second] = candidates;
    if (!first || first.score < tuning.answerAt) return { kind: 'miss', best: first ?? null, candidates };
    if (second && second.score >= tuning.clarifyFloor && first.score - second.score < tuning.clarifyMargin) {
      return { kind: 'ambiguous', best: first, candidates };
    }
    return { kind: 'hit', best: first, candidates };
  };

  const explain = (text: string): ExplainedMatch => {
    const { tokens } = analyse(text);
    return { outcome: decide(rank(tokens)), tokens };
  };
  return { match: (text) => explain(text).outcome, explain };
}
