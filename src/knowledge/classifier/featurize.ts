import { pinyin } from 'pinyin-pro';
import type { Analysis } from '../createAnalyser.js';

const SYLLABLE = /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|uai|ian|iao|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v))+$/;

/** Toneless pinyin of a Chinese word, run together ("干细胞" → "ganxibao"). */
export const pinyinOf = (word: string): string => pinyin(word, { toneType: 'none', type: 'array', nonZh: 'removed' }).join('').replace(/ü/g, 'v');

/** A message with no Chinese whose words are nearly all pinyin syllables ("ganxibao duoshao qian"). */
export function looksLikePinyin(folded: string): boolean {
  if (/\p{Script=Han}/u.test(folded)) return false;
  const words = folded.split(' ').filter(Boolean);
  return words.length >= 2 && words.filter((w) => SYLLABLE.test(w)).length / words.length >= 0.8;
}

/**
 * Rewrites a pinyin message in the vocabulary's Chinese words, longest match first over the
 * run-together syllables ("ganxibao duoshao qian" → "干细胞 多少 钱"); unknown letters stay.
 */
export function pinyinToWords(folded: string, vocabulary: ReadonlyMap<string, string>, longest: number): string {
  const out: string[] = [];
  for (const chunk of folded.split(' ')) {
    let i = 0;
    let pending = '';
    while (i < chunk.length) {
      let matched = '';
      for (let len = Math.min(longest, chunk.length - i); len >= 2; len--) {
        const word = vocabulary.get(chunk.slice(i, i + len));
        if (word) {
          matched = word;
          i += len;
          break;
        }
      }
      if (matched) {
        if (pending) out.push(pending);
        pending = '';
        out.push(matched);
      } else pending += chunk[i++];
    }
    if (pending) out.push(pending);
  }
  return out.join(' ');
}

/**
 * The features a message is classified by, as Rasa's intent featurisers do: its words (after
 * synonyms, segmentation and stop words), word pairs, and character 1–3-grams of the Chinese runs
 * and 3-grams of Latin words, so typos and unseen compounds still share most of their features.
 */
export function featurize(a: Analysis): string[] {
  const out = new Set<string>();
  const tokens = a.tokens;
  for (const t of tokens) out.add(`w:${t}`);
  for (let i = 1; i < tokens.length; i++) out.add(`b:${tokens[i - 1]}_${tokens[i]}`);
  for (const run of a.replaced.match(/\p{Script=Han}+/gu) ?? []) {
    for (let i = 0; i < run.length; i++) {
      out.add(`c:${run[i]}`);
      if (i + 1 < run.length) out.add(`c:${run.slice(i, i + 2)}`);
      if (i + 2 < run.length) out.add(`c:${run.slice(i, i + 3)}`);
    }
  }
  for (const word of a.replaced.match(/[a-z0-9]+/g) ?? []) {
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(`l:${padded.slice(i, i + 3)}`);
  }
  if (!out.size) out.add('empty');
  return [...out];
}
