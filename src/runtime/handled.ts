import type { Route, Effect, Reply } from '../core/reply.js';
import type { HandoffDesk } from '../core/ports.js';
import type { Session } from '../core/session.js';
import type { EmergencyAlert } from '../handoff/renderAlertCard.js';

/** How a channel asks for a delivery to act once: its id, marked in the same step as the session write. */
export interface HandleOptions {
  readonly deliveryKey?: string;
}

/** What metrics may know of one message: its route and what it changed, never its text or sender. */
export interface TurnRecord {
  readonly channel: string;
  /** null: the message failed on the store and was not an emergency. */
  readonly route: Route['route'] | 'throttled' | null;
  /** The store failed and the user got an apology (or, for a red flag, the 120 reply). */
  readonly storeError: boolean;
  /** null: the user had no session (a new conversation) or the store failed. */
  readonly before: Session | null;
  readonly after: Session | null;
  readonly effects: readonly Effect[];
  readonly ms: number;
}

/** A message dropped because its sender was over the flood limit; it was not handled. */
export interface ThrottledRoute {
  readonly route: 'throttled';
  readonly id: null;
  readonly score: null;
}

/** A delivery already applied (a redelivery): nothing is done and nothing is sent. */
export interface DuplicateRoute {
  readonly route: 'duplicate';
  readonly id: null;
  readonly score: null;
}

export interface Handled {
  readonly replies: readonly Reply[];
  /** null: the message failed (the replies are an apology) and the channel may ask for a redelivery. */
  readonly route: Route | ThrottledRoute | DuplicateRoute | null;
  /** The replies answer a red flag: channels send them before the user's replies still queued. */
  readonly urgent?: boolean;
  /** Call once the replies are sent (or given up): the turn is then no longer owed. */
  readonly sent?: () => void;
}

/** The desk as the runner uses it: the core port, the emergency alert, and whether any consultant chat exists. */
export interface BotDesk extends HandoffDesk {
  alert(a: EmergencyAlert): Promise<void>;
  readonly available: boolean;
}
