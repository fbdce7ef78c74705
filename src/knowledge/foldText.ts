import { Converter } from 'opencc-js/t2cn';

/** Matching looks at a bounded prefix: a 10,000-character message is answered on its start. */
export const MAX_MATCH_CHARS = 300;

export const toSimplified = Converter({ from: 't', to: 'cn' });

/**
 * Folds a message into the one form every matcher compares: NFKC (full-width → half-width),
 * no control characters, lower case, Simplified Chinese, A-not-A collapsed, punctuation and
 * emoji as single spaces.
 */
export function foldText(raw: string): string {
  const bounded = raw.length > MAX_MATCH_CHARS ? raw.slice(0, MAX_MATCH_CHARS) : raw;
  const simplified = toSimplified(bounded.normalize('NFKC').replace(/\p{Cc}|\p{Cf}/gu, ' ').toLowerCase());
  return collapseAnotA(simplified)
    .replace(/(\p{Script=Latin})['’](\p{Script=Latin})/gu, '$1$2') // can't → cant, sjogren's → sjogrens
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * "能不能 / 有没有 / 适不适合" are questions, not negations: fold them to the positive word so
 * 不 keeps meaning "not" for the matcher.
 */
export function collapseAnotA(text: string): string {
  return text.replace(/(\p{Script=Han})[不没]\1/gu, '$1');
}

/** True when converting to Simplified changes the text: the user writes Traditional. */
export function isTraditional(raw: string): boolean {
  const han = raw.slice(0, MAX_MATCH_CHARS).match(/\p{Script=Han}/gu);
  if (!han) return false;
  const text = han.join('');
  return toSimplified(text) !== text;
}
