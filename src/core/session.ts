import type { AnswerValue, Lang } from './model.js';
import type { RedFlagFamily } from './reader.js';

export const SESSION_VERSION = 3;

export type HandoffReason = 'asked' | 'fallback' | 'checklist' | 'emergency';

/** Where the conversation is. Only ids and cursors: rendered text is rebuilt from data. */
export type ConversationState =
  | { readonly name: 'idle' }
  | { readonly name: 'consent' }
  | { readonly name: 'checklist'; readonly step: number; readonly answers: readonly AnswerValue[]; readonly reasks: number }
  /** A consultation just closed: the next message may be a 1–5 rating. */
  | { readonly name: 'rating' }
  /** An emergency was just flagged: follow-ups about it get the 120 guidance again. */
  | { readonly name: 'afterEmergency'; readonly family: RedFlagFamily }
  /** A call-back request being filled in: consent, then the phone number, then a time. */
  | { readonly name: 'callback'; readonly step: 'consent' | 'phone' | 'time'; readonly reason: CallbackReason; readonly phone: string | null };

/** Why a call back was offered: no desk, outside the hours, or nobody took the ticket in time. */
export type CallbackReason = 'nodesk' | 'offduty' | 'timeout';

/** A self-check left before its end, resumed where it was while the session lives. */
export interface PausedChecklist {
  readonly step: number;
  readonly answers: readonly AnswerValue[];
}

/** The patient's request for a consultant: waiting in the queue, or taken by one. */
export interface HandoffState {
  readonly openedAt: number;
  readonly reason: HandoffReason;
  readonly status: 'waiting' | 'active';
}

export interface Session {
  readonly v: typeof SESSION_VERSION;
  readonly lang: Lang;
  /** The user writes Traditional characters, so replies are converted back. */
  readonly traditional: boolean;
  /** Set by an explicit "English"/"中文": detection no longer switches the language. */
  readonly langLocked: boolean;
  readonly state: ConversationState;
  /** Choice ids offered by the last reply; a typed number picks one. */
  readonly choices: readonly string[];
  /** Bumped whenever choices are offered, so a button from an older reply is recognised as stale. */
  readonly turn: number;
  /** Health data is collected only after this explicit yes. */
  readonly consent: boolean;
  /** The last completed screening, kept only for the session's life, to attach to a handoff. */
  readonly screening: { readonly flowId: string; readonly answers: readonly AnswerValue[] } | null;
  readonly handoff: HandoffState | null;
  readonly paused: PausedChecklist | null;
  /** Messages handled; also lets tests prove that no update was lost. */
  readonly messages: number;
  /** The last lines of the conversation, for a consultant's case card; they expire with the session. */
  readonly recent: readonly RecentLine[];
}

export interface RecentLine {
  readonly from: 'patient' | 'bot';
  readonly text: string;
  readonly at: number;
}

export const RECENT_LINES = 10;

export function newSession(lang: Lang = 'zh'): Session {
  return {
    v: SESSION_VERSION,
    lang,
    traditional: false,
    langLocked: false,
    state: { name: 'idle' },
    choices: [],
    turn: 0,
    consent: false,
    screening: null,
    handoff: null,
    paused: null,
    messages: 0,
    recent: [],
  };
}
