import type { Content } from '../core/content.js';
import type { Inbound, UserRef } from '../core/inbound.js';
import type { CallbackStore, FloodGuard, FloodVerdict, Logger, MissedQuestionLog, PendingTurns, SessionStore, TicketStore } from '../core/ports.js';
import type { Reader } from '../core/reader.js';
import type { Reply } from '../core/reply.js';
import { newSession, type Session } from '../core/session.js';
import { transition, type Outcome } from '../core/transition.js';
import { decodeSession, encodeSession } from '../session/sessionCodec.js';
import { keys } from '../session/keys.js';
import type { SessionReadingFloodGuard } from '../session/createFloodGuard.js';
import type { StoredSession } from '../core/ports.js';
import { createEffectRunner } from './createEffectRunner.js';
import { createKeyedQueue } from './createKeyedQueue.js';
import { createOwedTurns } from './createOwedTurns.js';
import { createSessionCache } from './createSessionCache.js';
import { encodeOwedTurn } from './owedTurnCodec.js';
import type { BotDesk, Handled, HandleOptions, TurnRecord } from './handled.js';

export interface BotDeps {
  readonly content: Content;
  readonly reader: Reader;
  readonly sessions: SessionStore;
  readonly missed: MissedQuestionLog;
  readonly tickets: TicketStore;
  readonly logger: Logger;
  readonly tagUser: (user: UserRef) => string;
  readonly sessionTtlMs: number;
  /** Converts a reply to Traditional characters for users who write Traditional. */
  readonly toTraditional: (text: string) => string;
  readonly now?: () => number;
  /** Per-user inbound rate limit; absent, every message is handled. One that can read the session saves a round trip. */
  readonly flood?: FloodGuard | SessionReadingFloodGuard;
  /** Told of every handled message, for metrics and daily stats; must not throw or block. */
  readonly observe?: (turn: TurnRecord) => void;
  /** Call-back requests (issue 18); absent, none can be stored and none is offered as stored. */
  readonly callbacks?: CallbackStore;
  /** Days a call-back request is kept, quoted in its consent text. */
  readonly callbackDays?: number;
  /** Turns saved but not yet finished (Redis): a dead process's are finished by another. Absent: memory only. */
  readonly pending?: PendingTurns;
  /** Bounds the messages being handled at once in this process; the rest wait their turn, not a timeout. */
  readonly gate?: { run<T>(task: () => Promise<T>): Promise<T> };
  /** One deadline per message for the store's work; past it the user gets the apology and the channel may redeliver. */
  readonly deadlineMs?: number;
}

export type { ReplySender } from './createOwedTurns.js';
export type { BotDesk, DuplicateRoute, Handled, HandleOptions, ThrottledRoute, TurnRecord } from './handled.js';

const readsSession = (f: FloodGuard | SessionReadingFloodGuard): f is SessionReadingFloodGuard => 'admitAndLoad' in f;

/** How long a flood check may take before the message is let through: a slow Redis must not delay replies. */
const FLOOD_CHECK_MS = 250;
/** Twice ioredis' 1.5 s command timeout: a stalled store costs one apology at 3 s, not one timeout after another. */
const DEADLINE_MS = 3_000;
/** A delivery mark outlives any platform redelivery (Telegram retries for hours at most). */
const SEEN_TTL_MS = 86_400_000;
/** An owed turn older than a day is stale; its TTL also bounds how long a reply's text is kept. */
const OWED_TTL_MS = 86_400_000;

/**
 * Compare-and-set retries before giving up; each retry re-runs the pure transition on fresh
 * state, after a short random pause so writers from other processes stop colliding.
 */
const MAX_ATTEMPTS = 40;
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));

/**
 * The runner around the pure engine: per user, one message at a time, load → transition →
 * compare-and-set save → effects. One error boundary per message: the user always gets a reply.
 */
export function createBot(deps: BotDeps) {
  const now = deps.now ?? Date.now;
  const queue = createKeyedQueue();
  const decoded = createSessionCache();
  /** Where consultants see tickets; attached after creation because the desk needs the bot too. */
  let desk: BotDesk | undefined;
  const ctx = (at: number) => ({ now: at, content: deps.content, reader: deps.reader, deskAvailable: desk?.available ?? false, ...(deps.callbackDays ? { callbackDays: deps.callbackDays } : {}) });

  const render = (replies: readonly Reply[], s: Session | null): Reply[] =>
    s?.traditional
      ? replies.map((r) => ({ ...r, text: deps.toTraditional(r.text), ...(r.choices ? { choices: r.choices.map((c) => ({ ...c, label: deps.toTraditional(c.label) })) } : {}) }))
      : [...replies];
  const effects = createEffectRunner(deps, () => desk);
  const owedTurns = createOwedTurns(deps.pending, effects, deps.logger);
  const active = owedTurns.active;

  interface Done {
    readonly outcome: Outcome;
    readonly before: Session | null;
    readonly replies: Reply[];
    /** The delivery key of the turn owed until its replies are sent, or null. */
    readonly owed: string | null;
  }

  /** Saves the session, with the delivery's mark and what the turn owes when the channel names the delivery. */
  async function save(user: string, ref: UserRef, stored: StoredSession | null, outcome: Outcome, replies: Reply[], deliveryKey?: string): Promise<'saved' | 'conflict' | 'duplicate'> {
    const key = keys.session(user);
    const data = outcome.session ? encodeSession(outcome.session) : null;
    if (!deliveryKey) {
      if (data === null) return 'saved';
      const saved = await deps.sessions.save(key, data, stored?.version ?? 0, deps.sessionTtlMs);
      if (saved === 'saved') decoded.set(key, data, outcome.session!);
      return saved;
    }
    const owes = deps.pending && (outcome.effects.length > 0 || replies.length > 0);
    // Only a ticket or an alert shows the transcript; other turns need not store it again.
    const shown = outcome.effects.some((e) => e.type === 'openTicket' || e.type === 'alertDesk');
    const transcript = shown ? (outcome.session?.recent ?? []).map((l) => ({ ...l })) : [];
    const body = owes ? encodeOwedTurn({ ref: { channel: ref.channel, userId: ref.userId, ...(ref.displayName ? { displayName: ref.displayName } : {}) }, effects: outcome.effects, replies, urgent: outcome.route.route === 'emergency', transcript }) : null;
    const pending = body && deps.pending ? { user, owner: deps.pending.owner, body, at: now(), ttlMs: OWED_TTL_MS } : null;
    const saved = await deps.sessions.save(key, data, stored?.version ?? 0, deps.sessionTtlMs, { deliveryKey, seenTtlMs: SEEN_TTL_MS, pending });
    if (saved === 'saved' && data !== null) decoded.set(key, data, outcome.session!);
    if (saved === 'saved' && pending) active.add(`${user}|${deliveryKey}`);
    return saved;
  }

  /** `preloaded`: the session as read with the flood count on arrival, used by the first attempt only. */
  async function attempt(user: string, ref: UserRef, inbound: Inbound, preloaded: Promise<StoredSession | null> | undefined, deliveryKey: string | undefined): Promise<Done | 'conflict' | 'duplicate'> {
    const key = keys.session(user);
    const stored = await (preloaded ?? deps.sessions.load(key));
    let session = newSession();
    let before: Session | null = null;
    if (stored) {
      const known = decoded.get(key, stored.data);
      const read = known ? null : decodeSession(stored.data);
      if (known) session = before = known;
      else if (read?.ok) session = before = read.value;
      else deps.logger.warn({ user, channel: ref.channel, reason: read?.error }, 'unreadable session reset');
    }
    const outcome = transition(session, inbound, ctx(now()));
    const replies = render(outcome.replies, outcome.session);
    const saved = await save(user, ref, stored, outcome, replies, deliveryKey);
    if (saved !== 'saved') return saved;
    const owed = deliveryKey && active.has(`${user}|${deliveryKey}`) ? deliveryKey : null;
    const progress = owed && deps.pending ? (n: number) => deps.pending!.progress(user, owed, n) : undefined;
    try {
      const extra = await effects.perform(user, ref, outcome.session?.recent ?? [], outcome.effects, 0, progress);
      return { outcome, before, replies: [...replies, ...render(extra, outcome.session)], owed };
    } catch (e) {
      // Saved but unfinished: the sweep finishes it from its progress, this message gets the apology.
      if (owed) active.delete(`${user}|${owed}`);
      throw e;
    }
  }

  const observe = (turn: TurnRecord): void => {
    try {
      deps.observe?.(turn);
    } catch {
      // Metrics never cost a reply.
    }
  };

  async function handleNow(user: string, ref: UserRef, inbound: Inbound, preloaded: Promise<StoredSession | null> | undefined, deliveryKey: string | undefined): Promise<Handled> {
    const started = now();
    try {
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const done = await attempt(user, ref, inbound, i === 0 ? preloaded : undefined, deliveryKey);
        if (done === 'duplicate') return { replies: [], route: { route: 'duplicate', id: null, score: null } };
        if (done === 'conflict') {
          await backoff(i);
          continue;
        }
        const { outcome, owed } = done;
        observe({ channel: ref.channel, route: outcome.route.route, storeError: false, before: done.before, after: outcome.session, effects: outcome.effects, ms: now() - started });
        deps.logger.info({ user, channel: ref.channel, route: outcome.route.route, topic: outcome.route.id, score: outcome.route.score, ms: now() - started }, 'message handled');
        return { replies: done.replies, route: outcome.route, urgent: outcome.route.route === 'emergency', ...(owed ? { sent: () => owedTurns.finish(user, owed) } : {}) };
      }
      deps.logger.error({ user, channel: ref.channel, code: 'CSB_SESSION_CONTENTION' }, 'session kept changing; gave up');
    } catch (e) {
      deps.logger.error({ user, channel: ref.channel, code: 'CSB_STORE_UNAVAILABLE', err: (e as Error).name, cause: (e as NodeJS.ErrnoException).code }, 'message failed');
    }
    const handled = apology(user, ref, inbound);
    observe({ channel: ref.channel, route: handled.urgent ? 'emergency' : null, storeError: true, before: null, after: null, effects: [], ms: now() - started });
    return handled;
  }

  /**
   * One deadline per message: a stalled store costs one apology (or the 120 reply) at the deadline,
   * not one command timeout after another. Work that completes later still sends its replies.
   */
  async function handleWithin(user: string, ref: UserRef, inbound: Inbound, preloaded: Promise<StoredSession | null> | undefined, deliveryKey: string | undefined, answer: (h: Handled) => void): Promise<Handled | null> {
    const work = handleNow(user, ref, inbound, preloaded, deliveryKey);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), deps.deadlineMs ?? DEADLINE_MS)));
    const first = await Promise.race([work, late]).finally(() => clearTimeout(timer));
    if (first) return first;
    deps.logger.warn({ user, channel: ref.channel, code: 'CSB_DEADLINE' }, 'message passed its deadline; apologised');
    answer(apology(user, ref, inbound));
    // The user's queue (and the gate) stay held until the work ends, so their next message cannot
    // overtake this one; ioredis' command timeout bounds the wait.
    const h = await work;
    owedTurns.sendLate(user, ref, { ...h, sendable: h.route !== null && h.route.route !== 'duplicate' && h.route.route !== 'throttled' });
    return null;
  }

  /**
   * With the store gone we cannot know the state, but an emergency still gets its answer, first,
   * and the desk its alert, which needs no store.
   */
  function apology(user: string, ref: UserRef, inbound: Inbound): Handled {
    const fresh = newSession(inbound.langHint ?? 'zh');
    const outcome = transition(fresh, inbound, ctx(now()));
    if (outcome.route.route === 'emergency') {
      for (const e of outcome.effects) if (e.type === 'alertDesk') effects.alertDesk(user, ref, outcome.session?.recent ?? [], e);
      return { replies: render(outcome.replies, outcome.session), route: null, urgent: true };
    }
    const lang = outcome.session?.lang ?? fresh.lang;
    return { replies: render([{ text: deps.content.messages.storeDown[lang] }], outcome.session), route: null };
  }

  /**
   * Counted on arrival, before the user's queue, so a flood costs one counter update per message
   * and never builds a backlog. Consultants' events and emergencies are never throttled; when the
   * counter cannot be reached in time the message is let through (the runner apologises if Redis is down).
   */
  async function admit(user: string, ref: UserRef, inbound: Inbound, flood: FloodGuard): Promise<FloodVerdict> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<FloodVerdict>((r) => (timer = setTimeout(() => r('ok'), FLOOD_CHECK_MS)));
    const verdict = await Promise.race([flood.admit(user).catch((): FloodVerdict => 'ok'), late]).finally(() => clearTimeout(timer));
    return screen(user, ref, inbound, verdict);
  }

  /** Only a message about to be dropped is scanned for red flags; the engine scans the rest itself. */
  function screen(user: string, ref: UserRef, inbound: Inbound, verdict: FloodVerdict): FloodVerdict {
    if (verdict === 'ok') return verdict;
    if (inbound.kind === 'text' && deps.reader.redFlag(inbound.text)) return 'ok';
    deps.logger.warn({ user, channel: ref.channel, code: 'CSB_FLOOD', verdict }, 'user is sending too fast; message dropped');
    return verdict;
  }

  function tooFast(inbound: Inbound): Reply[] {
    const lang = (inbound.kind === 'text' ? deps.reader.lang(inbound.text) : null) ?? inbound.langHint ?? 'zh';
    const text = deps.content.messages.tooFast[lang];
    return [{ text: inbound.kind === 'text' && lang === 'zh' && deps.reader.traditional(inbound.text) ? deps.toTraditional(text) : text }];
  }

  return {
    attachDesk(d: BotDesk): void {
      desk = d;
    },
    /** Where `resume` and late work send a channel's replies. */
    connect: owedTurns.connect,
    resume: owedTurns.resume,
    /**
     * Handles one inbound message and returns the replies to send, in order. Never throws. With a
     * delivery key, the message acts once however often it is delivered, and the turn stays owed
     * until the channel calls `sent`.
     */
    handle(ref: UserRef, inbound: Inbound, opts: HandleOptions = {}): Promise<Handled> {
      const user = deps.tagUser(ref);
      const flood: FloodGuard | SessionReadingFloodGuard | undefined = inbound.kind === 'desk' ? undefined : deps.flood;
      // The flood check starts on arrival, but the message joins the user's queue at once: awaiting
      // the check first would let a slower check put this message behind the user's next one.
      let verdict: Promise<FloodVerdict> | FloodVerdict = 'ok';
      let preloaded: Promise<StoredSession | null> | undefined;
      if (flood && readsSession(flood) && !queue.has(user)) {
        // With nothing of this user's queued here, the message loads its session at once, so the
        // flood count and the load share one round trip. The message cannot be handled before that
        // read anyway, so a slow count delays nothing further: no FLOOD_CHECK_MS race here.
        const both = flood.admitAndLoad(user, keys.session(user));
        verdict = both.then((b) => screen(user, ref, inbound, b.verdict), (): FloodVerdict => 'ok');
        preloaded = both.then((b) => b.stored);
        // Read in the first attempt; until then a failure must not count as unhandled.
        preloaded.catch(() => undefined);
      } else if (flood) verdict = admit(user, ref, inbound, flood);
      // Behind a queued message the load must wait for that message's save, so it is made later, on its own.
      // Answered when the task ends (the queue is then already free for the user's next message),
      // or earlier at the deadline (null here); the queue waits for the task either way.
      return new Promise<Handled>((answer) => {
        void queue
          .run(user, async (): Promise<Handled | null> => {
            const v = await verdict;
            if (v !== 'ok') {
              observe({ channel: ref.channel, route: 'throttled', storeError: false, before: null, after: null, effects: [], ms: 0 });
              return { replies: v === 'warn' ? tooFast(inbound) : [], route: { route: 'throttled', id: null, score: null } };
            }
            const run = () => handleWithin(user, ref, inbound, preloaded, opts.deliveryKey, answer);
            return deps.gate ? deps.gate.run(run) : run();
          })
          // Nothing above throws (handleNow catches); should it, the user still gets the apology.
          .then((h) => h && answer(h), () => answer(apology(user, ref, inbound)));
      });
    },
  };
}

export type Bot = ReturnType<typeof createBot>;
