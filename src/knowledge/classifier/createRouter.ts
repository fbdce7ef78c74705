import type { RouteLabel, Scored, Understood } from '../../core/reader.js';
import type { Analyser } from '../createAnalyser.js';
import { featurize, looksLikePinyin, pinyinOf, pinyinToWords } from './featurize.js';
import { decodeSnapshot, encodeSnapshot, routerKey, type RouterCache, type RouterSnapshot } from './routerSnapshot.js';
import { defaultLogistic, logisticModel, trainWeights, type LogisticOptions } from './trainLogistic.js';

export interface LabelledText {
  readonly label: RouteLabel;
  readonly text: string;
}

export interface RouterTuning {
  /** Probability at or above which the best route is acted on. */
  readonly answerAt: number;
  /** Two topics both at least this likely and within `clarifyMargin` → "您是想问 A 还是 B". */
  readonly clarifyAt: number;
  readonly clarifyMargin: number;
  /** The bar for `menu` and `smalltalk`. */
  readonly chatAt: number;
  readonly logistic: LogisticOptions;
}

export const defaultRouterTuning: RouterTuning = { answerAt: 0.35, clarifyAt: 0.2, clarifyMargin: 0.2, chatAt: 0.55, logistic: defaultLogistic };

export interface Router {
  classify(text: string): Understood;
}

/**
 * The intent router: a logistic regression over words and character n-grams (featurize.ts),
 * trained on knowledge/training/ and every topic's example questions (or loaded from `cache` when
 * nothing it depends on changed). Pinyin-only messages are first rewritten in the corpus's own
 * Chinese words.
 */
export function createRouter(corpus: readonly LabelledText[], analyse: Analyser, tuning: RouterTuning = defaultRouterTuning, cache?: RouterCache): Router {
  const key = cache ? routerKey(corpus, tuning, cache.salt) : '';
  const stored = cache?.read(key);
  const decoded = stored ? decodeSnapshot(stored) : null;
  const snapshot = decoded ?? train(corpus, analyse, tuning);
  if (cache && !decoded) cache.write(key, encodeSnapshot(snapshot));
  const vocabulary = new Map(snapshot.vocabulary);
  const longest = Math.max(2, ...[...vocabulary.keys()].map((k) => k.length));
  const model = logisticModel(snapshot.model);
  const features = (text: string) => {
    let a = analyse(text);
    if (looksLikePinyin(a.folded)) a = analyse(pinyinToWords(a.folded.replace(/\s+/g, ' '), vocabulary, longest));
    return featurize(a);
  };

  return {
    classify(text) {
      const p = model.predict(features(text));
      const candidates: Scored[] = model.labels
        .map((label, i) => ({ label: label as RouteLabel, score: Math.round(p[i]! * 1000) / 1000 }))
        .sort((x, y) => y.score - x.score || x.label.localeCompare(y.label));
      const [first, second] = candidates;
      if (!first || first.label === 'out_of_scope' || first.score < tuning.clarifyAt) return { kind: 'miss', best: first ?? null, candidates };
      const topics = first.label.startsWith('faq:') && second?.label.startsWith('faq:');
      if (topics && second && second.score >= tuning.clarifyAt && first.score - second.score < tuning.clarifyMargin) return { kind: 'ambiguous', best: first, candidates };
      // Showing the menu or chatting back to a real question would hide it from the operators'
      // unanswered list, so those two routes need more confidence than a topic does.
      const bar = first.label === 'menu' || first.label === 'smalltalk' ? tuning.chatAt : tuning.answerAt;
      if (first.score >= bar) return { kind: 'hit', best: first, candidates };
      return { kind: 'miss', best: first, candidates };
    },
  };
}

/** Learns the weights, and the pinyin spelling of each Chinese word of the corpus (most frequent word first). */
function train(corpus: readonly LabelledText[], analyse: Analyser, tuning: RouterTuning): RouterSnapshot {
  const analysed = corpus.map((c) => ({ label: c.label, a: analyse(c.text) }));
  const counts = new Map<string, Map<string, number>>();
  for (const { a } of analysed) for (const t of a.tokens) {
    if (!/^\p{Script=Han}{2,}$/u.test(t)) continue;
    const py = pinyinOf(t);
    const m = counts.get(py) ?? counts.set(py, new Map()).get(py)!;
    m.set(t, (m.get(t) ?? 0) + 1);
  }
  const vocabulary = [...counts].map(([py, m]) => [py, [...m].sort((x, y) => y[1] - x[1])[0]![0]] as const);
  const model = trainWeights(
    analysed.map(({ label, a }) => ({ label, features: featurize(a) })),
    tuning.logistic,
  );
  return { model, vocabulary };
}
