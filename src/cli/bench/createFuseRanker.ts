import Fuse from 'fuse.js';
import type { LabelledText } from '../../knowledge/classifier/createRouter.js';
import type { RankedHit } from './bandRanked.js';

export type Ranker = (tokens: readonly string[]) => RankedHit[];

const words = (s: string) => s.split(' ').filter(Boolean);

/**
 * fuse.js as a fair baseline: one record per training message, holding the project's own tokens
 * (`analyse(text).tokens`), searched word by word (`useTokenSearch`, fuzzy per word, TF-IDF across
 * words) anywhere in the record. Similarity is 1 − fuse's score, so 1 is a perfect match.
 */
export function createFuseRanker(records: readonly LabelledText[], tokensOf: (text: string) => readonly string[], limit = 20): Ranker {
  const docs = records.map((r) => tokensOf(r.text).join(' '));
  const fuse = new Fuse(docs, { useTokenSearch: true, tokenize: words, ignoreLocation: true, includeScore: true, threshold: 0.6 });
  return (tokens) => {
    if (!tokens.length) return [];
    return fuse.search(tokens.join(' '), { limit }).map((r) => ({ label: records[r.refIndex]!.label, score: 1 - (r.score ?? 1) }));
  };
}
