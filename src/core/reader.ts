import type { FaqMatcher } from './faqMatch.js';
import type { Lang } from './model.js';

export type Intent = 'menu' | 'greeting' | 'reset' | 'human' | 'delete' | 'back' | 'quit' | 'assess' | 'english' | 'chinese' | 'faqList' | 'explain' | 'endHuman';

/**
 * Port: the pure language work the engine needs, so core imports no segmenter or converter.
 * Every method is deterministic.
 */
export interface Reader {
  /** Lower-case, Simplified, punctuation-free form used for commands and answer words. */
  fold(text: string): string;
  lang(text: string): Lang | null;
  traditional(text: string): boolean;
  emergency(folded: string): boolean;
  /** Commands by whole message, or `contains` patterns. */
  intent(folded: string): Intent | null;
  /** Shares words with a topic but asks about something else (a cosmetic, general medical advice). */
  outOfScope(folded: string): boolean;
  /** A greeting opens the message ("你好,…"), used to prefer the menu over a fallback. */
  startsWithGreeting(folded: string): boolean;
  readonly faq: FaqMatcher;
}
