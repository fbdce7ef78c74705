import { toSimplified } from '../foldText.js';

const simplified = new Map<string, string>();

/**
 * Traditional → Simplified one character at a time, cached: the scan needs characters, not
 * OpenCC's phrase conversion, and a whole-message conversion was most of its cost.
 */
function simplifyChars(text: string): string {
  if (!/[\u3400-\u9fff]/.test(text)) return text;
  let out = '';
  for (const ch of text) {
    let s = simplified.get(ch);
    if (s === undefined) {
      const converted = /\p{Script=Han}/u.test(ch) ? String(toSimplified(ch)) : ch;
      if (simplified.size < 20_000) simplified.set(ch, converted);
      s = converted;
    }
    out += s;
  }
  return out;
}

/** Clause boundary in the scanned text (comma, space between Chinese words, clause-break word). */
export const BAR = '|';
/** Sentence boundary (。!?;): what one sentence says about time does not reach into another. */
export const STOP = '#';
/** Either boundary. */
export const isBoundary = (c: string | undefined) => c === BAR || c === STOP;
/** Stands for a temperature of 39 °C (102.2 °F) or more, so the lexicon can name it. */
export const FEVER = 'zzfever';

/** Reads "39度6", "39.5℃", "40度2", "体温39.5", "103F", "fever of 39.8": °C from 39 up count. */
const temperature = /(?:体温|烧到|发烧|发热|烧|running(?: a)?|fever(?: of)?|temp(?:erature)?(?: is| of)?)?\s*(\d{2,3}(?:[.．点]\d)?)\s*(?:(度|℃|°\s*c|摄氏度|°)\s*(\d)?|(°\s*f|华氏度?|f\b|degrees? f|\s*(?:fever|degree))|(?=\s|$|[^\d.]))/giu;

/** "体温/temperature … went up to 39.4": a number named as a temperature a few words later. */
const namedTemperature = /(体温|温度|量了?|测了?|temp(?:erature)?|fever)([^\d|#]{0,24}?)(\d{2,3}(?:\.\d)?)(?![\d.])/giu;

const zhDigits: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "三十九度五", "四十度", "三十九点二" → 39度5, 40度, 39.2, so temperatures written in words are read too. */
function arabicTemperatures(text: string): string {
  if (!/[三四]十/.test(text)) return text;
  return text
    .replace(/([三四])十([一二三四五六七八九]?)(?=度|点|℃)/gu, (_m, tens: string, unit: string) => String(zhDigits[tens]! * 10 + (unit ? zhDigits[unit]! : 0)))
    .replace(/(\d{2})(度|点)([一二三四五六七八九])/gu, (_m, n: string, sep: string, d: string) => `${n}${sep === '点' ? '.' : '度'}${zhDigits[d]}`);
}

function markFevers(raw: string): string {
  const text = arabicTemperatures(raw).replace(namedTemperature, (whole: string, name: string, filler: string, num: string) => {
    const value = Number(num);
    const celsius = value >= 95 ? (value - 32) / 1.8 : value;
    return celsius >= 39 && celsius <= 44 ? `${name}${filler} ${FEVER} ` : whole;
  });
  return text.replace(temperature, (whole: string, num: string, cUnit?: string, cDecimal?: string, fUnit?: string) => {
    const value = Number(num.replace(/[．点]/, '.')) + (cDecimal ? Number(cDecimal) / 10 : 0);
    const prefixed = /^(?:体温|烧到|发烧|发热|烧|running|fever|temp)/i.test(whole.trim());
    const fahrenheit = fUnit !== undefined && (value >= 50 || !/fever|degree/i.test(fUnit));
    const celsius = fahrenheit ? (value - 32) / 1.8 : cUnit || prefixed || fUnit ? value : null;
    return celsius !== null && celsius >= 39 && celsius <= 44 ? ` ${FEVER} ` : whole;
  });
}

/**
 * The one form the red-flag scan reads: Simplified, lower case, the whole message (not a prefix),
 * temperatures marked, sentences ended by `#` at 。!?; and clauses by `|` at commas and at spaces
 * between Chinese words; other punctuation as spaces. (Clause-break words are found by the scan itself.)
 */
export function foldForScan(raw: string): string {
  let text = simplifyChars(raw.normalize('NFKC').replace(/\p{Cc}|\p{Cf}/gu, ' ').toLowerCase());
  text = text.replace(/(\p{Script=Latin})['’](\p{Script=Latin})/gu, '$1$2'); // can't → cant, as the lexicon is folded
  if (/\d|[三四]十/.test(text)) text = markFevers(text);
  text = text
    .replace(/[。.!！?？;；\n…]+/gu, ` ${STOP} `)
    .replace(/[,，:：~～、]+/gu, ` ${BAR} `)
    .replace(/[^\p{L}\p{N}\s|#]/gu, ' ');
  // A space between two Chinese words is how people end a clause in chat ("刚回输完 现在发抖").
  text = text.replace(/(\p{Script=Han})\s+(?=\p{Script=Han})/gu, `$1${BAR}`);
  text = text.replace(/\s+/g, ' ').replace(/\s*[|#][\s|#]*/g, (m) => (m.includes(STOP) ? STOP : BAR)).trim();
  // Chinese is matched without spaces; a space stays only between Latin words.
  return text.replace(/\s+(?=\p{Script=Han})|(?<=\p{Script=Han})\s+/gu, '');
}
