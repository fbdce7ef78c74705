import type { Candidate } from './faqMatch.js';
import type { Lang } from './model.js';
import type { Reply, ScreeningItem } from './reply.js';
import type { CallbackReason, HandoffReason } from './session.js';

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

/** Port: remembers which platform deliveries were handled, so a redelivered update acts once. */
export interface DeliveryLog {
  /** True the first time `key` is seen within `ttlMs`. */
  firstDelivery(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets a delivery whose effect was not applied, so a redelivery is handled. */
  forget(key: string): Promise<void>;
}

/** `warn`: the first message over the limit in a window (answered "too fast" once); `drop`: the rest, unanswered. */
export type FloodVerdict = 'ok' | 'warn' | 'drop';

/** Port: counts a user's inbound messages per fixed window; shared by every process when Redis-backed. */
export interface FloodGuard {
  admit(user: string): Promise<FloodVerdict>;
  /** Forgets the user's counter ("删除我的数据"). */
  forget(user: string): Promise<void>;
}
