/** A sentence that uses an efficacy or approval word without negating it or attributing it. */
export interface UnsupportedClaim {
  readonly word: string;
  readonly sentence: string;
}

/** Efficacy and approval words: a promise, a statistic or a licence the articles never give. */
const claimWords = new RegExp(
  [
    '治愈', '治好', '痊愈', '根治', '有效率', '成功率', '保证', '承诺', '包治', '特效', '批准', '获批', '审批', '许可', '认证', '资质', '百分之百', '100%',
    '\\bcur(?:e|es|ed|ing)\\b', '\\bguarantee[sd]?\\b', '\\bpromis(?:e|es|ed)\\b', '\\bapprov(?:ed|al|als)\\b', '\\blicen[cs](?:e|es|ed)\\b',
    '\\bcertified\\b', '\\bsuccess rates?\\b', '\\befficacy rates?\\b', '\\bproven\\b', '\\bFDA\\b', '\\bNMPA\\b',
  ].join('|'),
  'giu',
);

// "不仅 / 不断 / 不同 …" and "无论 / 未来 / 非常" contain a negating character but negate nothing.
const negation = /不(?!仅|断|但|少|同|久|错)|没|无(?!论)|未(?!来)|非(?!常)|别|勿|\b(?:not|no|never|cannot|nothing|none|neither|nor|without)\b|n't\b/iu;
const attribution = /文章(?:中|里)?(?:都)?(?:称|说|提到|介绍|认为|表示|指出|声称|写道)|(?:据|按照|根据)(?:这篇|该|本)?文章|文章的说法|\barticles?\s+(?:says?|states?|claims?|reports?|asserts?|describes?)\b|\baccording to the articles?\b|\bthe article's claim\b/iu;

/** How far before the word a negation or attribution may stand, in characters of the same sentence. */
const WINDOW = 60;

/** Sentences end at Chinese or Western end punctuation, a semicolon or a line break. */
function sentences(text: string): string[] {
  return text
    .split(/[。！？!?；;\n]|(?<=\.)\s+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The claims guard: every sentence that says 治愈, 成功率, 批准, cure, approved… must negate it
 * in its own clause ("没有提到任何成功率", "we cannot promise") or report it as the article's claim
 * earlier in the sentence ("文章称…"). Anything else fails kb:check.
 */
export function findUnsupportedClaims(text: string): UnsupportedClaim[] {
  const found: UnsupportedClaim[] = [];
  for (const sentence of sentences(text)) {
    for (const m of sentence.matchAll(claimWords)) {
      const before = sentence.slice(Math.max(0, m.index - WINDOW), m.index);
      // A negation counts only in the word's own clause: "没有副作用，能治愈" negates nothing.
      const clause = before.slice(Math.max(before.lastIndexOf('，'), before.lastIndexOf(','), before.lastIndexOf('：'), before.lastIndexOf(':')) + 1);
      if (!negation.test(clause) && !attribution.test(before)) found.push({ word: m[0], sentence });
    }
  }
  return found;
}
