/**
 * The engine's view of its data. The zod schemas in knowledge/ and flows/ parse
 * YAML into exactly these shapes, so core never depends on a parser.
 */
export type Lang = 'zh' | 'en';
/** A text written once per reply language. */
export type Localised = Readonly<Record<Lang, string>>;

/** What a topic answer offers after it, named in data and supplied by the engine. */
export type Offer = 'none' | 'checklist' | 'handoff';

export interface FaqEntry {
  readonly id: string;
  readonly title: Localised;
  readonly answer: Localised;
  /** Medical answers carry the "general information, a doctor decides" line. */
  readonly medical: boolean;
  readonly offer: Offer;
  readonly related: readonly string[];
  readonly examples: Readonly<Record<Lang, readonly string[]>>;
  readonly keywords: readonly string[];
  /** The article the answer came from (knowledge/faq/*.yaml `source`), for the consultants' case card. */
  readonly source?: string;
}

export type AnswerValue = 'yes' | 'no' | 'unsure';
export type Severity = 'not_recommended' | 'defer' | 'caution';

export interface ChecklistQuestion {
  readonly id: string;
  readonly text: Localised;
  /** FAQ topic that explains this item; shown on "why?" and linked from the result. */
  readonly topic: string;
  /** How a "yes" weighs; "unsure" always means "check with a doctor". */
  readonly severity: Severity;
  /** Why this item matters, paraphrased from the seed; shown in the result. */
  readonly reason: Localised;
}

export interface ChecklistFlow {
  readonly id: string;
  readonly title: Localised;
  /** Asked before the first health question; only an explicit agree word or button continues. */
  readonly consent: { readonly text: Localised; readonly agree: readonly string[]; readonly decline: readonly string[] };
  readonly questions: readonly ChecklistQuestion[];
  readonly answers: Readonly<Record<AnswerValue, { readonly label: Localised; readonly words: readonly string[] }>>;
  readonly result: {
    readonly intro: Localised;
    readonly none: Localised;
    readonly severity: Readonly<Record<Severity, Localised>>;
    readonly unsure: Localised;
    readonly closing: Localised;
  };
  /** Re-asks before a human is offered. */
  readonly maxReasks: number;
  readonly onComplete: 'offer_handoff' | 'menu';
}
