/** A topic the matcher thinks the message is about, with a confidence in [0, 1]. */
export interface Candidate {
  readonly id: string;
  readonly score: number;
}

/** Three bands: answer, ask which of two, or admit we don't know. */
export type FaqMatch =
  | { readonly kind: 'hit'; readonly best: Candidate; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'ambiguous'; readonly best: Candidate; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'miss'; readonly best: Candidate | null; readonly candidates: readonly Candidate[] };

/** Port: routes free text to knowledge-base topics. Pure and deterministic. */
export interface FaqMatcher {
  match(text: string): FaqMatch;
}
