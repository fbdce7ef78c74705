import type { Content } from '../core/content.js';
import type { Inbound, UserRef } from '../core/inbound.js';
import type { CallbackStore, FloodGuard, FloodVerdict, HandoffDesk, Logger, MissedQuestionLog, SessionStore, TicketStore } from '../core/ports.js';
import { maskName } from '../handoff/maskName.js';
import type { EmergencyAlert } from '../handoff/renderAlertCard.js';
import type { Reader } from '../core/reader.js';
import type { Effect, Reply, Route } from '../core/reply.js';
import { newSession, type Session } from '../core/session.js';
import { transition, type Outcome } from '../core/transition.js';
import { decodeSession, encodeSession } from '../session/sessionCodec.js';
import { keys } from '../session/keys.js';
import type { SessionReadingFloodGuard } from '../session/createFloodGuard.js';
import type { StoredSession } from '../core/ports.js';
import { createKeyedQueue } from './createKeyedQueue.js';
import { createSessionCache } from './createSessionCache.js';

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

export interface Handled {
  readonly replies: readonly Reply[];
  /** null: the message failed (the replies are an apology) and the channel may ask for a redelivery. */
  readonly route: Route | ThrottledRoute | null;
  /** The replies answer a red flag: channels send them before the user's replies still queued. */
  readonly urgent?: boolean;
}

/** The desk as the runner uses it: the core port, the emergency alert, and whether any consultant chat exists. */
export interface BotDesk extends HandoffDesk {
  alert(a: EmergencyAlert): Promise<void>;
  readonly available: boolean;
}

const readsSession = (f: FloodGuard | SessionReadingFloodGuard): f is SessionReadingFloodGuard => 'admitAndLoad' in f;

/** How long a flood check may take before the message is let through: a slow Redis must not delay replies. */
const FLOOD_CHECK_MS = 250;

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

  /**
   * Desk posts leave the patient's turn: the desk queues, retries and logs them, and a desk group
   * is paced to 20 messages a minute, so awaiting one here could hold the 120 reply for a minute.
   * Only what must be durable (the ticket, the transcript line) is awaited.
   */
  const toDesk = (post: Promise<void> | undefined, ticket?: number): void =>
    void post?.catch(() => deps.logger.error({ code: 'CSB_DESK_POST', ticket }, 'could not post to the desk'));

  const render = (replies: readonly Reply[], s: Session | null): Reply[] =>
    s?.traditional
      ? replies.map((r) => ({ ...r, text: deps.toTraditional(r.text), ...(r.choices ? { choices: r.choices.map((c) => ({ ...c, label: deps.toTraditional(c.label) })) } : {}) }))
      : [...replies];

  /** No ticket and no queue, and no store needed: the card tells consultants, the patient has the 120 reply already. */
  function alertDesk(user: string, ref: UserRef, session: Session | null, e: Extract<Effect, { type: 'alertDesk' }>): void {
    const transcript = (session?.recent ?? []).map((l) => ({ ...l }));
    toDesk(desk?.alert({ channel: ref.channel, displayName: maskName(ref.displayName), family: e.family, lang: e.lang, transcript }));
    deps.logger.error({ user, channel: ref.channel, code: 'CSB_EMERGENCY', family: e.family, desk: desk?.available ?? false }, 'emergency: patient told to call 120');
  }

  /** Performs the effects; returns extra replies that only storage can tell (queue position). */
  async function perform(user: string, ref: UserRef, session: Session | null, effects: readonly Effect[]): Promise<Reply[]> {
    const channel = ref.channel;
    const extra: Reply[] = [];
    for (const e of effects) {
      switch (e.type) {
        case 'openTicket': {
          const transcript = (session?.recent ?? []).map((l) => ({ ...l }));
          const opened = await deps.tickets.open({ user, channel, userId: ref.userId, displayName: maskName(ref.displayName), reason: e.reason, urgent: e.urgent, lang: e.lang, openedAt: now(), screening: e.screening, transcript });
          // An emergency is announced even on an open ticket: consultants must see it now.
          if (opened.created || e.urgent) toDesk(desk?.announce(e.urgent ? { ...opened.ticket, urgent: true } : opened.ticket), opened.ticket.number);
          if (opened.position > 0 && !e.urgent) extra.push({ text: deps.content.messages.handoffQueue[e.lang].replace('{position}', String(opened.position)) });
          if (e.urgent) deps.logger.error({ user, channel, code: 'CSB_EMERGENCY', event: 'emergency', ticket: opened.ticket.number }, 'emergency flagged to consultants');
          else deps.logger.info({ user, channel, event: 'handoff', reason: e.reason, ticket: opened.ticket.number }, 'handoff requested');
          break;
        }
        case 'relayToDesk': {
          const t = await deps.tickets.latest(user);
          if (t && t.status !== 'closed') {
            await deps.tickets.append(t.number, { from: 'patient', text: e.text, at: now() });
            toDesk(desk?.relay(t, e.text), t.number);
          }
          break;
        }
        case 'closeTicket': {
          const t = await deps.tickets.latest(user);
          if (t && t.status !== 'closed') {
            await deps.tickets.close(t.number, now());
            toDesk(desk?.notice(t.number, 'patient-ended'), t.number);
          }
          break;
        }
        case 'rate': {
          const t = await deps.tickets.latest(user);
          if (t) await deps.tickets.rate(t.number, e.score);
          if (t && e.score <= 2) toDesk(desk?.lowRating?.(t.number, e.score), t.number);
          break;
        }
        case 'requestCallback': {
          // The number goes to the store and the desk only; the log says that a request exists.
          const c = await deps.callbacks?.request({ user, channel, lang: e.lang, reason: e.reason, phone: e.phone, when: e.when, requestedAt: now() });
          if (c) toDesk(desk?.callbackRequested?.(c));
          deps.logger.info({ user, channel, event: 'callback', reason: e.reason, callback: c?.number ?? null }, 'call-back requested');
          break;
        }
        case 'recordMissed':
          await deps.missed.record(user, { at: now(), text: e.text, best: e.best });
          break;
        case 'alertDesk':
          alertDesk(user, ref, session, e);
          break;
        case 'falseAlarm':
          deps.logger.info({ user, channel, code: 'CSB_FALSE_ALARM' }, 'patient said the alarm was not an emergency');
          break;
        case 'eraseUser': {
          const [, , open] = await Promise.all([deps.sessions.delete(keys.session(user)), deps.missed.eraseUser(user), deps.tickets.eraseUser(user), deps.flood?.forget(user), deps.callbacks?.eraseUser(user)]);
          for (const n of open) toDesk(desk?.notice(n, 'patient-erased'), n);
          deps.logger.info({ user, channel, event: 'erased' }, 'user data erased');
          break;
        }
      }
    }
    return extra;
  }

  /** `preloaded`: the session as read with the flood count on arrival, used by the first attempt only. */
  async function attempt(user: string, ref: UserRef, inbound: Inbound, preloaded?: Promise<StoredSession | null>): Promise<{ outcome: Outcome; extra: Reply[]; before: Session | null } | null> {
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
    if (outcome.session) {
      const data = encodeSession(outcome.session);
      const saved = await deps.sessions.save(key, data, stored?.version ?? 0, deps.sessionTtlMs);
      if (saved === 'conflict') return null;
      decoded.set(key, data, outcome.session);
    }
    const extra = await perform(user, ref, outcome.session, outcome.effects);
    return { outcome, extra, before };
  }

  const observe = (turn: TurnRecord): void => {
    try {
      deps.observe?.(turn);
    } catch {
      // Metrics never cost a reply.
    }
  };

  async function handleNow(user: string, ref: UserRef, inbound: Inbound, preloaded?: Promise<StoredSession | null>): Promise<Handled> {
    const started = now();
    try {
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const done = await attempt(user, ref, inbound, i === 0 ? preloaded : undefined);
        if (!done) {
          await backoff(i);
          continue;
        }
        const { outcome, extra } = done;
        observe({ channel: ref.channel, route: outcome.route.route, storeError: false, before: done.before, after: outcome.session, effects: outcome.effects, ms: now() - started });
        deps.logger.info({ user, channel: ref.channel, route: outcome.route.route, topic: outcome.route.id, score: outcome.route.score, ms: now() - started }, 'message handled');
        return { replies: render([...outcome.replies, ...extra], outcome.session), route: outcome.route, urgent: outcome.route.route === 'emergency' };
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
   * With the store gone we cannot know the state, but an emergency still gets its answer, first,
   * and the desk its alert, which needs no store.
   */
  function apology(user: string, ref: UserRef, inbound: Inbound): Handled {
    const fresh = newSession(inbound.langHint ?? 'zh');
    const outcome = transition(fresh, inbound, ctx(now()));
    if (outcome.route.route === 'emergency') {
      for (const e of outcome.effects) if (e.type === 'alertDesk') alertDesk(user, ref, outcome.session, e);
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
    /** Handles one inbound message and returns the replies to send, in order. Never throws. */
    handle(ref: UserRef, inbound: Inbound): Promise<Handled> {
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
      return queue.run(user, async () => {
        const v = await verdict;
        if (v !== 'ok') {
          observe({ channel: ref.channel, route: 'throttled', storeError: false, before: null, after: null, effects: [], ms: 0 });
          return { replies: v === 'warn' ? tooFast(inbound) : [], route: { route: 'throttled', id: null, score: null } };
        }
        return handleNow(user, ref, inbound, preloaded);
      });
    },
  };
}

export type Bot = ReturnType<typeof createBot>;
