import type { RouteLabel, Scored, Understood } from '../../core/reader.js';

/** One retrieved training message: its route and a similarity (higher is closer). */
export interface RankedHit {
  readonly label: RouteLabel;
  readonly score: number;
}

/** The baselines' three bands, tuned on the training split (tuneBands.ts). */
export interface Bands {
  /** Best route's similarity at or above which it is acted on. */
  readonly answerAt: number;
  /** Two topics within this share of the best similarity (and both ≥ answerAt) → "您是想问 A 还是 B". */
  readonly clarifyMargin: number;
}

/**
 * Turns a retrieval result into the router's answer, with the same three bands as our router:
 * routes are scored by their closest training message; out_of_scope or a weak best is a miss; two
 * close topics are a clarification. Scores stay in the retriever's own units (BM25 is unbounded).
 */
export function bandRanked(hits: readonly RankedHit[], bands: Bands): Understood {
  const best = new Map<RouteLabel, number>();
  for (const h of hits) if (h.score > (best.get(h.label) ?? -Infinity)) best.set(h.label, h.score);
  const candidates: Scored[] = [...best].map(([label, score]) => ({ label, score })).sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
  const [first, second] = candidates;
  if (!first || first.label === 'out_of_scope' || first.score < bands.answerAt) return { kind: 'miss', best: first ?? null, candidates };
  const topics = first.label.startsWith('faq:') && second?.label.startsWith('faq:');
  if (topics && second && second.score >= bands.answerAt && first.score - second.score < bands.clarifyMargin * first.score) return { kind: 'ambiguous', best: first, candidates };
  return { kind: 'hit', best: first, candidates };
}
