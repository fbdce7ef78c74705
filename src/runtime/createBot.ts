import type { Content } from '../core/content.js';
import type { Inbound, UserRef } from '../core/inbound.js';
import type { Logger, MissedQuestionLog, SessionStore, TicketStore } from '../core/ports.js';
import type { Reader } from '../core/reader.js';
import type { Effect, Reply, Route } from '../core/reply.js';
import { newSession, type Session } from '../core/session.js';
import { transition, type Outcome } from '../core/transition.js';
import { decodeSession, encodeSession } from '../session/sessionCodec.js';
import { keys } from '../session/keys.js';
import { createKeyedQueue } from './createKeyedQueue.js';

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
}

export interface Handled {
  readonly replies: readonly Reply[];
  readonly route: Route | null;
}

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
  const ctx = (at: number) => ({ now: at, content: deps.content, reader: deps.reader });

  const render = (replies: readonly Reply[], s: Session | null): Reply[] =>
    s?.traditional
      ? replies.map((r) => ({ ...r, text: deps.toTraditional(r.text), ...(r.choices ? { choices: r.choices.map((c) => ({ ...c, label: deps.toTraditional(c.label) })) } : {}) }))
      : [...replies];

  async function perform(user: string, channel: string, effects: readonly Effect[]): Promise<void> {
    for (const e of effects) {
      if (e.type === 'openTicket') {
        await deps.tickets.open(user, { channel, reason: e.reason, urgent: e.urgent, lang: e.lang, openedAt: now(), screening: e.screening });
        if (e.urgent) deps.logger.error({ user, channel, event: 'emergency' }, 'emergency flagged to consultants');
        else deps.logger.info({ user, channel, event: 'handoff', reason: e.reason }, 'handoff requested');
      } else if (e.type === 'recordMissed') {
        await deps.missed.record(user, { at: now(), text: e.text, best: e.best });
      } else {
        await Promise.all([deps.sessions.delete(keys.session(user)), deps.missed.eraseUser(user), deps.tickets.eraseUser(user)]);
        deps.logger.info({ user, channel, event: 'erased' }, 'user data erased');
      }
    }
  }

  async function attempt(user: string, ref: UserRef, inbound: Inbound): Promise<{ outcome: Outcome } | null> {
    const key = keys.session(user);
    const stored = await deps.sessions.load(key);
    let session = newSession();
    if (stored) {
      const decoded = decodeSession(stored.data);
      if (decoded.ok) session = decoded.value;
      else deps.logger.warn({ user, channel: ref.channel, reason: decoded.error }, 'unreadable session reset');
    }
    const outcome = transition(session, inbound, ctx(now()));
    if (outcome.session) {
      const saved = await deps.sessions.save(key, encodeSession(outcome.session), stored?.version ?? 0, deps.sessionTtlMs);
      if (saved === 'conflict') return null;
    }
    await perform(user, ref.channel, outcome.effects);
    return { outcome };
  }

  async function handleNow(ref: UserRef, inbound: Inbound): Promise<Handled> {
    const user = deps.tagUser(ref);
    const started = now();
    try {
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const done = await attempt(user, ref, inbound);
        if (!done) {
          await backoff(i);
          continue;
        }
        const { outcome } = done;
        deps.logger.info({ user, channel: ref.channel, route: outcome.route.route, topic: outcome.route.id, score: outcome.route.score, ms: now() - started }, 'message handled');
        return { replies: render(outcome.replies, outcome.session), route: outcome.route };
      }
      deps.logger.error({ user, channel: ref.channel, code: 'CSB_SESSION_CONTENTION' }, 'session kept changing; gave up');
    } catch (e) {
      deps.logger.error({ user, channel: ref.channel, code: 'CSB_STORE_UNAVAILABLE', err: (e as Error).name, cause: (e as NodeJS.ErrnoException).code }, 'message failed');
    }
    return { replies: apology(inbound), route: null };
  }

  /** With the store gone we cannot know the state, but an emergency still gets its answer. */
  function apology(inbound: Inbound): Reply[] {
    const fresh = newSession(inbound.langHint ?? 'zh');
    const outcome = transition(fresh, inbound, ctx(now()));
    if (outcome.route.route === 'emergency') return render(outcome.replies, outcome.session);
    const lang = outcome.session?.lang ?? fresh.lang;
    return render([{ text: deps.content.messages.storeDown[lang] }], outcome.session);
  }

  return {
    /** Handles one inbound message and returns the replies to send, in order. Never throws. */
    handle(ref: UserRef, inbound: Inbound): Promise<Handled> {
      return queue.run(deps.tagUser(ref), () => handleNow(ref, inbound));
    },
  };
}

export type Bot = ReturnType<typeof createBot>;
