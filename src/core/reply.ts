import type { Candidate } from './faqMatch.js';
import type { AnswerValue, Lang, Severity } from './model.js';
import type { RedFlagFamily } from './reader.js';
import type { CallbackReason, HandoffReason } from './session.js';

/** A button or numbered line. Channels render it; the engine only knows the id. */
export interface Choice {
  readonly id: string;
  readonly label: string;
}

/** A neutral reply: text plus optional choices, tagged with the turn that buttons must carry. */
export interface Reply {
  readonly text: string;
  readonly choices?: readonly Choice[];
  readonly turn?: number;
}

export interface ScreeningItem {
  readonly question: string;
  readonly answer: AnswerValue;
  readonly severity: Severity | null;
}

/** Side effects as data; the runner performs them after the session is saved. */
export type Effect =
  | {
      readonly type: 'openTicket';
      readonly reason: HandoffReason;
      readonly urgent: boolean;
      readonly lang: Lang;
      /** Only when the user consented; flagged items first. */
      readonly screening: readonly ScreeningItem[] | null;
    }
  | { readonly type: 'recordMissed'; readonly text: string; readonly best: Candidate | null }
  /** A patient's message while a ticket is open: it goes to the consultants, not to the matcher. */
  | { readonly type: 'relayToDesk'; readonly text: string }
  | { readonly type: 'closeTicket'; readonly by: 'patient' }
  | { readonly type: 'rate'; readonly score: number }
  | { readonly type: 'eraseUser' }
  /** A red flag: an urgent card for the desk if one is configured; no ticket, the patient is not queued. */
  | { readonly type: 'alertDesk'; readonly family: RedFlagFamily; readonly lang: Lang }
  /** The patient said the alarm was not an emergency; counted so false alarms can be seen. */
  | { readonly type: 'falseAlarm' }
  /** The patient agreed to be called back: stored as a callback ticket with the retention TTL, never logged. */
  | { readonly type: 'requestCallback'; readonly phone: string; readonly when: string; readonly lang: Lang; readonly reason: CallbackReason };

export type RouteName = 'faq' | 'flow' | 'handoff' | 'emergency' | 'menu' | 'fallback' | 'checklist' | 'command' | 'nontext';

/** How a message was understood; used by logs, metrics and `npm run route`. */
export interface Route {
  readonly route: RouteName;
  readonly id: string | null;
  readonly score: number | null;
  readonly clarify?: readonly string[];
}
