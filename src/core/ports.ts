import type { Candidate } from './faqMatch.js';
import type { Lang } from './model.js';
import type { Reply, ScreeningItem } from './reply.js';
import type { CallbackReason, HandoffReason } from './session.js';

/** A stored session and the version a compare-and-set must name to replace it. */
export interface StoredSession {
  readonly data: string;
  readonly version: number;
}

/**
 * What a platform delivery leaves behind when its session is saved, in the same atomic step: the
 * mark that it was applied, and the turn it still owes (effects to perform, replies to send).
 */
export interface TurnWrite {
  /** The platform's delivery id ("tg:123"); its mark makes a redelivery a 'duplicate'. */
  readonly deliveryKey: string;
  readonly seenTtlMs: number;
  /** The owed turn (PendingTurns), or null when nothing is owed. */
  readonly pending: { readonly user: string; readonly owner: string; readonly body: string; readonly at: number; readonly ttlMs: number } | null;
}

/** Port: session persistence. Every write sets the TTL; a stale `expected` version loses. */
export interface SessionStore {
  load(key: string): Promise<StoredSession | null>;
  /**
   * Writes only if the stored version is still `expected` (0: no value yet). With `turn`, the
   * delivery's mark and its owed turn are written in the same step, and a delivery already marked
   * writes nothing ('duplicate'). `data` null: the session is left as it is (an erasure deletes it).
   */
  save(key: string, data: string | null, expected: number, ttlMs: number, turn?: TurnWrite): Promise<'saved' | 'conflict' | 'duplicate'>;
  delete(key: string): Promise<void>;
}

/** One owed turn as stored: its body (JSON, PendingTurns' business), its owner and progress. */
export interface OwedTurn {
  readonly user: string;
  readonly id: string;
  readonly owner: string;
  readonly body: string;
  /** Effects already performed, from the front. */
  readonly done: number;
}

/**
 * Port: turns whose effects or replies are not yet done. The owning process marks progress and
 * clears them; a turn whose owner died (no heartbeat) is claimed by another process and finished.
 */
export interface PendingTurns {
  readonly owner: string;
  progress(user: string, id: string, done: number): Promise<void>;
  finish(user: string, id: string): Promise<void>;
  /** Keeps this process's turns its own; a process that stops beating loses them to a sweep. */
  heartbeat(): Promise<void>;
  /** Turns older than `olderThanMs` whose owner is gone, now owned by this process. */
  claimOrphans(olderThanMs: number, limit: number): Promise<OwedTurn[]>;
  eraseUser(user: string): Promise<void>;
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

/** One line of the conversation shown on a case card. */
export interface TranscriptLine {
  readonly from: 'patient' | 'consultant' | 'bot';
  readonly text: string;
  readonly at: number;
}

export interface NewTicket {
  /** The keyed hash of the user: what deletion and the session use. */
  readonly user: string;
  readonly channel: string;
  /** The platform id, kept only so a consultant's reply can reach the patient; erased with the ticket. */
  readonly userId: string;
  /** Already masked ("张**"). */
  readonly displayName: string;
  readonly reason: HandoffReason;
  readonly urgent: boolean;
  readonly lang: Lang;
  readonly openedAt: number;
  readonly screening: readonly ScreeningItem[] | null;
  readonly transcript: readonly TranscriptLine[];
}

export interface Ticket extends NewTicket {
  readonly number: number;
  readonly status: 'waiting' | 'active' | 'closed';
  readonly consultant: string | null;
  readonly takenAt: number | null;
  readonly closedAt: number | null;
  readonly reminded: boolean;
  readonly rating: number | null;
  /** The patient was told nobody took it in time (HANDOFF_TIMEOUT_MINUTES); absent on older tickets. */
  readonly timedOut?: boolean;
}

export type TakeResult = { readonly kind: 'taken'; readonly ticket: Ticket } | { readonly kind: 'already'; readonly by: string } | { readonly kind: 'missing' } | { readonly kind: 'closed' };

/** Port: handoff tickets, durable across restarts; every key expires after the retention period. */
export interface TicketStore {
  /** Opens a ticket, or returns the user's open one; `position` counts waiting tickets up to it. */
  open(t: NewTicket): Promise<{ ticket: Ticket; position: number; created: boolean }>;
  get(n: number): Promise<Ticket | null>;
  /** The user's latest ticket, open or closed (closed ones are kept to attach the rating). */
  latest(user: string): Promise<Ticket | null>;
  append(n: number, line: TranscriptLine): Promise<void>;
  /** Atomic: of two consultants taking at once, exactly one wins. */
  take(n: number, consultant: string, at: number): Promise<TakeResult>;
  close(n: number, at: number): Promise<Ticket | null>;
  markReminded(n: number): Promise<void>;
  markTimedOut(n: number): Promise<void>;
  rate(n: number, score: number): Promise<void>;
  /** Waiting and active tickets, oldest first. */
  listOpen(): Promise<Ticket[]>;
  /** Tickets opened since `since`, for /stats. */
  openedSince(since: number): Promise<Ticket[]>;
  /** Closes and erases every ticket of the user; returns the numbers that were still open. */
  eraseUser(user: string): Promise<number[]>;
}

/** Port: where consultants see tickets. Implemented by the desk; absent, tickets are only stored. */
export interface HandoffDesk {
  announce(ticket: Ticket): Promise<void>;
  relay(ticket: Ticket, text: string): Promise<void>;
  /** A status line about a ticket: the patient ended it, deleted their data… */
  notice(ticketNumber: number, event: 'patient-ended' | 'patient-erased'): Promise<void>;
  /** A rating of 1–2: the desk is told, with the ticket number. */
  lowRating?(ticketNumber: number, score: number): Promise<void>;
  /** A new call-back request: the consultants need the number to call. */
  callbackRequested?(c: CallbackTicket): Promise<void>;
}

/** A call-back request: the phone number and time the patient gave, with consent, for a consultant to call. */
export interface NewCallback {
  /** The keyed hash of the user, so "删除我的数据" reaches it. */
  readonly user: string;
  readonly channel: string;
  readonly lang: Lang;
  readonly reason: CallbackReason;
  /** Digits as typed; never logged. */
  readonly phone: string;
  readonly when: string;
  readonly requestedAt: number;
}

export interface CallbackTicket extends NewCallback {
  readonly number: number;
  readonly status: 'open' | 'done';
  readonly doneBy: string | null;
}

/** Port: call-back requests, each key expiring after the retention period; one open request per user. */
export interface CallbackStore {
  /** Stores the request, or updates the user's open one (a new number or time replaces the old). */
  request(c: NewCallback): Promise<CallbackTicket>;
  get(n: number): Promise<CallbackTicket | null>;
  listOpen(): Promise<CallbackTicket[]>;
  /** A consultant called: it leaves the open list. Null: no such request. */
  done(n: number, by: string): Promise<CallbackTicket | null>;
  /** Erases every request of the user; returns the numbers that were still open. */
  eraseUser(user: string): Promise<number[]>;
}

/** Port: a chat where consultants work (a Telegram group, a WeChat room). */
export interface DeskBoard {
  readonly platform: string;
  /** Posts to the consultants; `actions` adds Take/Close buttons where the platform has them. */
  post(text: string, opts?: { readonly ticket?: number; readonly actions?: boolean; readonly urgent?: boolean }): Promise<void>;
}

/** Port: sends replies to a user on one channel, outside a reply to their own message. */
export type Sender = (userId: string, replies: readonly Reply[]) => Promise<void>;

/** Port: structured logs. Fields only; callers never pass message text or raw ids. */
export interface Logger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

/**
 * Port: which platform deliveries were handled, so a redelivered update acts once. A delivery is
 * marked only once its work is done: one killed midway stays unmarked, and its redelivery runs.
 */
export interface DeliveryLog {
  /** Whether `key` was marked within its time to live. */
  applied(key: string): Promise<boolean>;
  /** Marks `key` as handled for `ttlMs`. */
  markApplied(key: string, ttlMs: number): Promise<void>;
}

/** `warn`: the first message over the limit in a window (answered "too fast" once); `drop`: the rest, unanswered. */
export type FloodVerdict = 'ok' | 'warn' | 'drop';

/** Port: counts a user's inbound messages per fixed window; shared by every process when Redis-backed. */
export interface FloodGuard {
  admit(user: string): Promise<FloodVerdict>;
  /** Forgets the user's counter ("删除我的数据"). */
  forget(user: string): Promise<void>;
}
