import MiniSearch from 'minisearch';
import type { LabelledText } from '../../knowledge/classifier/createRouter.js';
import type { Ranker } from './createFuseRanker.js';

const words = (s: string) => s.split(' ').filter(Boolean);

/**
 * BM25 (minisearch) as a fair baseline: one record per training message holding the project's own
 * tokens; a message's tokens are OR-ed, with no prefix or fuzzy terms, so it is plain BM25 over
 * the same words our router sees. Similarity is minisearch's BM25 score (unbounded).
 */
export function createBm25Ranker(records: readonly LabelledText[], tokensOf: (text: string) => readonly string[], limit = 20): Ranker {
  const search = new MiniSearch<{ id: number; t: string }>({ fields: ['t'], tokenize: words, processTerm: (t) => t });
  search.addAll(records.map((r, id) => ({ id, t: tokensOf(r.text).join(' ') })));
  return (tokens) => {
    if (!tokens.length) return [];
    return search
      .search(tokens.join(' '), { combineWith: 'OR', prefix: false, fuzzy: false })
      .slice(0, limit)
      .map((r) => ({ label: records[r.id as number]!.label, score: r.score }));
  };
}
