import { foldText } from './foldText.js';
import { createSegmenter } from './segmenter.js';
import { createSynonymReplacer, type SynonymHit } from './synonymReplacer.js';

export interface Lexicon {
  readonly synonyms: Readonly<Record<string, readonly string[]>>;
  readonly stopwords: readonly string[];
  readonly words: readonly string[];
}

/** A message as the matcher sees it, with the steps kept for explanations. */
export interface Analysis {
  readonly folded: string;
  readonly replaced: string;
  readonly tokens: string[];
  readonly hits: SynonymHit[];
}

export type Analyser = (raw: string) => Analysis;

/** The same pipeline for knowledge-base questions at load and for messages at query time. */
export function createAnalyser(lexicon: Lexicon): Analyser {
  const replace = createSynonymReplacer(lexicon.synonyms, foldText);
  const segment = createSegmenter([...Object.keys(lexicon.synonyms), ...lexicon.words]);
  const stop = new Set(lexicon.stopwords.flatMap((w) => foldText(w).split(' ')));
  return (raw) => {
    const folded = foldText(raw);
    const { text: replaced, hits } = replace(folded);
    const tokens = [...new Set(segment(replaced).filter((t) => !stop.has(t)))];
    return { folded, replaced, tokens, hits };
  };
}
