import type { Act } from './act.js';
import type { Lang } from './model.js';

export type Intent = 'menu' | 'greeting' | 'human' | 'delete' | 'assess' | 'english' | 'chinese' | 'faqList' | 'explain' | 'endHuman';

/** The triage families a red flag belongs to; self-harm also shows the clinic's crisis line. */
export const redFlagFamilies = [
  'breathing', 'chest_heart', 'consciousness', 'stroke', 'bleeding',
  'poisoning_overdose', 'self_harm', 'anaphylaxis', 'post_infusion',
] as const;
export type RedFlagFamily = (typeof redFlagFamilies)[number];

/** An emergency happening now, as the message describes it. */
export interface RedFlag {
  readonly family: RedFlagFamily;
}

/**
 * Where free text is routed, besides commands: a knowledge-base topic, the self-check, a human,
 * the menu, small talk (thanks, bye, ok) or something outside what the clinic's articles cover.
 */
export type RouteLabel = `faq:${string}` | 'flow' | 'handoff' | 'menu' | 'smalltalk' | 'out_of_scope';

export interface Scored {
  readonly label: RouteLabel;
  /** Calibrated confidence in [0, 1]. */
  readonly score: number;
}

/** Three bands, as for FAQ topics: act on it, ask which of two, or admit we don't know. */
export type Understood =
  | { readonly kind: 'hit'; readonly best: Scored; readonly candidates: readonly Scored[] }
  | { readonly kind: 'ambiguous'; readonly best: Scored; readonly candidates: readonly Scored[] }
  | { readonly kind: 'miss'; readonly best: Scored | null; readonly candidates: readonly Scored[] };

/**
 * Port: the pure language work the engine needs, so core imports no segmenter or converter.
 * Every method is deterministic.
 */
export interface Reader {
  /** Lower-case, Simplified, punctuation-free form used for commands and answer words. */
  fold(text: string): string;
  lang(text: string): Lang | null;
  traditional(text: string): boolean;
  /** A red flag anywhere in the raw message (any length), or null. Past events and risk questions are not flags. */
  redFlag(text: string): RedFlag | null;
  /** Commands by whole message, or `contains` patterns. */
  intent(folded: string): Intent | null;
  /** The dialogue act a short message is (好的, 没有, 返回, 谢谢, 你是机器人吗…), or null. */
  act(folded: string): Act | null;
  /** Routes free text to a topic or a non-FAQ route, with a calibrated confidence. */
  classify(text: string): Understood;
  /** Shares words with a topic but asks about something else (a cosmetic, general medical advice). */
  outOfScope(folded: string): boolean;
  /** A greeting opens the message ("你好,…"), used to prefer the menu over a fallback. */
  startsWithGreeting(folded: string): boolean;
}
