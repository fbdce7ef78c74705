import Fuse from 'fuse.js';
import type { Candidate, FaqMatch, FaqMatcher } from '../core/faqMatch.js';
import type { FaqEntry } from '../core/model.js';
import type { Analyser } from './createAnalyser.js';

export interface MatcherTuning {
  /** Confidence at or above which we answer. */
  readonly answerAt: number;
  /** A runner-up that also passes `answerAt` and is within this of the best → ask which. */
  readonly clarifyMargin: number;
  /** How much a keyword record counts against an example question (weighted keys). */
  readonly keywordWeight: number;
  /** Share of the score from how much of the message is explained; the rest is how much of the record is covered. */
  readonly messageShare: number;
}

export const defaultTuning: MatcherTuning = { answerAt: 0.33, clarifyMargin: 0.06, keywordWeight: 0.9, messageShare: 0.7 };

interface IndexRecord {
  readonly entry: string;
  readonly tokens: ReadonlySet<string>;
  /** Sum of the record's token weights, for the record-side share of the score. */
  readonly weight: number;
  readonly keyWeight: number;
}

/** A message word as found in the vocabulary: itself, or fuse's nearest spellings. */
interface Mapped {
  readonly token: string;
  readonly similarity: number;
}

export interface ExplainedMatch {
  readonly outcome: FaqMatch;
  readonly tokens: readonly string[];
  /** Message words that were not in the vocabulary and what fuse matched them to. */
  readonly fuzzy: readonly { from: string; to: string; similarity: number }[];
}

/**
 * FAQ matching over segmented, synonym-folded words (MATCHING.md), one record per example
 * question plus one per entry's keywords. fuse.js is the fuzzy layer: words that are not in
 * the vocabulary are looked up there, so typos still land. Scoring is IDF-weighted overlap:
 * mostly how much of the message the record explains, partly how much of the record the
 * message covers, times a coordination factor so one shared word counts half. Only records
 * sharing a word with the message are scored (inverted index).
 */
export function createFaqMatcher(entries: readonly FaqEntry[], analyse: Analyser, tuning: MatcherTuning = defaultTuning): FaqMatcher & { explain(text: string): ExplainedMatch } {
  const raw: { entry: string; tokens: string[]; keyWeight: number }[] = [];
  const keywordsOf = new Map<string, ReadonlySet<string>>();
  for (const e of entries) {
    for (const q of [...e.examples.zh, ...e.examples.en]) {
      const tokens = analyse(q).tokens;
      if (tokens.length) raw.push({ entry: e.id, tokens, keyWeight: 1 });
    }
    const kw = [...new Set(e.keywords.flatMap((k) => analyse(k).tokens))];
    if (kw.length) raw.push({ entry: e.id, tokens: kw, keyWeight: tuning.keywordWeight });
    keywordsOf.set(e.id, new Set(kw));
  }

  // Inverse document frequency over entries, not records, so a topic with many examples does not dilute its own words.
  const entriesWith = new Map<string, Set<string>>();
  for (const r of raw) for (const t of r.tokens) (entriesWith.get(t) ?? entriesWith.set(t, new Set()).get(t)!).add(r.entry);
  const n = Math.max(1, entries.length);
  const unknownWeight = Math.log(1 + n / 0.5);
  const idf = (t: string) => {
    const df = entriesWith.get(t)?.size ?? 0;
    return df ? Math.log(1 + n / df) : unknownWeight;
  };

  const records: IndexRecord[] = raw.map((r) => ({ entry: r.entry, tokens: new Set(r.tokens), weight: r.tokens.reduce((s, t) => s + idf(t), 0), keyWeight: r.keyWeight }));
  const postings = new Map<string, number[]>();
  records.forEach((r, i) => r.tokens.forEach((t) => (postings.get(t) ?? postings.set(t, []).get(t)!).push(i)));
  const vocabulary = new Fuse([...postings.keys()], { threshold: 0.4, includeScore: true, ignoreLocation: true });
  const idfOf = new Map([...postings.keys()].map((t) => [t, idf(t)]));
  const recordKeywords = records.map((r) => keywordsOf.get(r.entry));

  // Per-record tallies, reused across queries (matching is synchronous). Filling them by walking
  // the postings of each message word costs the postings' length; the former walk over every
  // touched record and every message word dominated the profile at 10,000 questions.
  const shared = new Float64Array(records.length);
  const count = new Uint16Array(records.length);
  const keywordHit = new Uint8Array(records.length);
  const seenFor = new Int32Array(records.length).fill(-1);

  const lookup = (token: string): Mapped[] => {
    if (postings.has(token)) return [{ token, similarity: 1 }];
    const latin = /^[a-z0-9]+$/.test(token);
    if (token.length < (latin ? 4 : 2)) return [];
    return vocabulary
      .search(token, { limit: 3 })
      .filter((r) => (r.score ?? 1) < 0.4 && Math.abs(r.item.length - token.length) <= 1)
      .map((r) => ({ token: r.item, similarity: 1 - (r.score ?? 1) }));
  };

  const rank = (tokens: readonly string[]): { candidates: Candidate[]; fuzzy: ExplainedMatch['fuzzy'] } => {
    const mapped = tokens.map(lookup);
    const fuzzy = tokens.flatMap((t, i) => (mapped[i]?.[0] && mapped[i]![0]!.token !== t ? [{ from: t, to: mapped[i]![0]!.token, similarity: mapped[i]![0]!.similarity }] : []));
    const messageWeight = mapped.reduce((s, m) => s + (m[0] ? idf(m[0].token) : unknownWeight), 0);
    const touched: number[] = [];
    // For each message word, a record counts its first spelling (in lookup order) that it holds,
    // adding in message-word order, so sums are the same as a per-record walk would give.
    mapped.forEach((m, j) => {
      for (const { token, similarity } of m) {
        const weight = idfOf.get(token)! * similarity;
        for (const i of postings.get(token) ?? []) {
          if (seenFor[i] === j) continue;
          if (seenFor[i] === -1) touched.push(i);
          seenFor[i] = j;
          shared[i] = shared[i]! + weight;
          count[i] = count[i]! + 1;
          if (!keywordHit[i] && recordKeywords[i]?.has(token)) keywordHit[i] = 1;
        }
      }
    });
    const best = new Map<string, number>();
    for (const i of touched) {
      const r = records[i]!;
      // One shared word counts half. A match on question words alone ("什么 意思"), with none of
      // the topic's own keywords, counts half again: it says how, not what, is asked.
      const coordination = Math.min(1, count[i]! / 2) * (keywordHit[i] ? 1 : 0.5);
      const score = (tuning.messageShare * (shared[i]! / messageWeight) + (1 - tuning.messageShare) * (shared[i]! / r.weight)) * coordination * r.keyWeight;
      if (score > (best.get(r.entry) ?? 0)) best.set(r.entry, score);
      shared[i] = 0;
      count[i] = 0;
      keywordHit[i] = 0;
      seenFor[i] = -1;
    }
    const candidates = [...best]
      .map(([id, score]) => ({ id, score: Math.round(score * 1000) / 1000 }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return { candidates, fuzzy };
  };

  const decide = (candidates: Candidate[]): FaqMatch => {
    const [first, second] = candidates;
    if (!first || first.score < tuning.answerAt) return { kind: 'miss', best: first ?? null, candidates };
    if (second && second.score >= tuning.answerAt && first.score - second.score < tuning.clarifyMargin) return { kind: 'ambiguous', best: first, candidates };
    return { kind: 'hit', best: first, candidates };
  };

  const explain = (text: string): ExplainedMatch => {
    const { tokens } = analyse(text);
    const { candidates, fuzzy } = rank(tokens);
    return { outcome: decide(candidates), tokens, fuzzy };
  };
  return { match: (text) => explain(text).outcome, explain };
}
