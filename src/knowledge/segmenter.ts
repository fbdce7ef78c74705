import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

export type Segmenter = (text: string) => string[];

/**
 * jieba with its default dictionary (`new Jieba()` alone has an empty one) plus the domain's
 * words at a high frequency, HMM off so unknown strings split predictably. Latin words pass
 * through whole.
 */
export function createSegmenter(domainWords: Iterable<string>): Segmenter {
  const jieba = Jieba.withDict(dict);
  const userDict = [...new Set(domainWords)]
    .filter((w) => /\p{Script=Han}/u.test(w) && !/\s/.test(w))
    .map((w) => `${w} 200000 n`)
    .join('\n');
  if (userDict) jieba.loadDict(Buffer.from(userDict));
  return (text) => {
    const out: string[] = [];
    for (const chunk of text.split(' ')) {
      if (!chunk) continue;
      if (!/\p{Script=Han}/u.test(chunk)) {
        out.push(chunk);
        continue;
      }
      for (const w of jieba.cut(chunk, false)) if (w.trim()) out.push(w.trim());
    }
    return out;
  };
}
