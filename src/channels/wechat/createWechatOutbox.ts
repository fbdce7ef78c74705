import type { Logger } from '../../core/ports.js';

export interface WechatPacing {
  /** The least time between two messages from the account. */
  readonly gapMs: number;
  /** Up to this much random time is added to each gap, so the rhythm does not look scripted. */
  readonly jitterMs: number;
  /** The first wait after WeChat says we send too often; it doubles up to `maxBackoffMs`. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Attempts for one message while WeChat keeps saying "too often", before it is given up and logged. */
  readonly rateLimitedAttempts: number;
  /** Attempts for one message on any other error. */
  readonly otherAttempts: number;
}

export const wechatPacing = (gapMs: number): WechatPacing => ({
  gapMs,
  jitterMs: Math.min(1000, Math.round(gapMs / 2)),
  backoffMs: 10_000,
  maxBackoffMs: 300_000,
  rateLimitedAttempts: 8,
  otherAttempts: 3,
});

export interface WechatOutboxDeps {
  send(contactId: string, text: string): Promise<unknown>;
  readonly logger: Logger;
  readonly pacing: WechatPacing;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** WeChat's risk-control answers, as puppets pass them on in the error message. */
export const isRateLimited = (e: unknown): boolean => /发送消息过于频繁|操作过于频繁/.test(e instanceof Error ? e.message : String(e));

interface Item {
  readonly contactId: string;
  readonly text: string;
  limited: number;
  other: number;
}

/** Texts for one contact, sent in order; `done` runs once every text is sent or given up. */
interface Batch {
  readonly items: Item[];
  readonly done: () => void;
}

/**
 * Outgoing WeChat messages, one at a time for the whole account: risk control watches the
 * account, not the chat, so one queue paces everything. An urgent batch (the 120 reply) goes
 * before every batch still queued, keeping the same gap; the next batch is chosen only after
 * the gap has passed, so an urgent one that arrives during a wait is the next to go. A "too
 * often" answer pauses the queue with exponential backoff instead of hammering; a message that
 * still fails is logged with a code, never dropped silently. `enqueue` keeps order within each
 * lane and never rejects.
 */
export function createWechatOutbox(deps: WechatOutboxDeps) {
  const p = deps.pacing;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const urgent: Batch[] = [];
  const normal: Batch[] = [];
  let running = false;
  let lastSentAt = -Infinity;
  let pending = 0;
  const log = { channel: 'wechat' };

  async function paced(): Promise<void> {
    const due = lastSentAt + p.gapMs + Math.floor(random() * p.jitterMs);
    const wait = due - now();
    if (wait > 0) await sleep(wait);
  }

  /** One attempt; returns how long to pause before the next send, or null when the item is finished. */
  async function attempt(item: Item): Promise<number | null> {
    try {
      await deps.send(item.contactId, item.text);
      lastSentAt = now();
      return null;
    } catch (e) {
      lastSentAt = now();
      if (isRateLimited(e)) {
        item.limited++;
        if (item.limited >= p.rateLimitedAttempts) {
          deps.logger.error({ ...log, code: 'CSB_WX_SEND_GAVE_UP', attempts: item.limited }, 'wechat kept refusing as too frequent; message not sent');
          return null;
        }
        const backoff = Math.min(p.maxBackoffMs, p.backoffMs * 2 ** (item.limited - 1));
        deps.logger.warn({ ...log, code: 'CSB_WX_RATE_LIMITED', backoffMs: backoff }, 'wechat says we send too often; backing off');
        return backoff;
      }
      item.other++;
      if (item.other >= p.otherAttempts) {
        deps.logger.error({ ...log, code: 'CSB_WX_SEND_FAILED', err: e instanceof Error ? e.name : typeof e, attempts: item.other }, 'message could not be sent');
        return null;
      }
      return 1000 * item.other;
    }
  }

  /** Sends until both lanes are empty; a batch's texts stay together unless an urgent batch arrives. */
  async function drain(): Promise<void> {
    running = true;
    try {
      while (urgent.length || normal.length) {
        await paced();
        const batch = (urgent.length ? urgent : normal)[0]!;
        const item = batch.items[0]!;
        const pause = await attempt(item);
        if (pause !== null) {
          await sleep(pause);
          continue;
        }
        batch.items.shift();
        if (batch.items.length === 0) {
          (urgent[0] === batch ? urgent : normal).shift();
          batch.done();
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    /** Sends the texts to one contact, in order: after everything queued before them, or, if urgent, before it. */
    enqueue(contactId: string, texts: readonly string[], opts: { readonly urgent?: boolean } = {}): Promise<void> {
      if (texts.length === 0) return Promise.resolve();
      pending++;
      const sent = new Promise<void>((done) => (opts.urgent ? urgent : normal).push({ items: texts.map((text) => ({ contactId, text, limited: 0, other: 0 })), done }));
      if (!running) void drain();
      return sent.finally(() => void pending--);
    },
    get pending(): number {
      return pending;
    },
  };
}

export type WechatOutbox = ReturnType<typeof createWechatOutbox>;
