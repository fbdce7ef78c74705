import type { Candidate } from './faqMatch.js';
import type { Lang } from './model.js';
import type { ScreeningItem } from './reply.js';
import type { HandoffReason } from './session.js';

/** A stored session and the version a compare-and-set must name to replace it. */
export interface StoredSession {
  readonly data: string;
  readonly version: number;
}

/** Port: session persistence. Every write sets the TTL; a stale `expected` version loses. */
export interface SessionStore {
  load(key: string): Promise<StoredSession | null>;
  /** Writes only if the stored version is still `expected` (0: no value yet). */
  save(key: string, data: string, expected: number, ttlMs: number): Promise<'saved' | 'conflict'>;
  delete(key: string): Promise<void>;
}

/** A question the bot could not answer, scrubbed of personal data, for operators. */
export interface MissedQuestion {
  readonly at: number;
  readonly text: string;
  readonly best: Candidate | null;
}

/** Port: the anonymised missed-question list. `user` is a keyed hash, so deletion can reach it. */
export interface MissedQuestionLog {
  record(user: string, q: MissedQuestion): Promise<void>;
  recent(limit: number): Promise<MissedQuestion[]>;
  eraseUser(user: string): Promise<void>;
}

export interface Ticket {
  readonly channel: string;
  readonly reason: HandoffReason;
  readonly urgent: boolean;
  readonly lang: Lang;
  readonly openedAt: number;
  readonly screening: readonly ScreeningItem[] | null;
}

/** Port: handoff requests waiting for a consultant desk. */
export interface TicketStore {
  open(user: string, ticket: Ticket): Promise<void>;
  get(user: string): Promise<Ticket | null>;
  eraseUser(user: string): Promise<void>;
}

/** Port: structured logs. Fields only; callers never pass message text or raw ids. */
export interface Logger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

/** Port: remembers which platform deliveries were handled, so a redelivered update acts once. */
export interface DeliveryLog {
  /** True the first time `key` is seen within `ttlMs`. */
  firstDelivery(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets a delivery whose effect was not applied, so a redelivery is handled. */
  forget(key: string): Promise<void>;
}
