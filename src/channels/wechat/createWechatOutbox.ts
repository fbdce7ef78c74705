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

/**
 * Outgoing WeChat messages, one at a time for the whole account: risk control watches the
 * account, not the chat, so one queue paces everything. A "too often" answer pauses the queue
 * with exponential backoff instead of hammering; a message that still fails is logged with a
 * code, never dropped silently. `enqueue` keeps order and never rejects.
 */
export function createWechatOutbox(deps: WechatOutboxDeps) {
  const p = deps.pacing;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  let tail: Promise<void> = Promise.resolve();
  let lastSentAt = -Infinity;
  let pending = 0;
  const log = { channel: 'wechat' };

  async function paced(): Promise<void> {
    const due = lastSentAt + p.gapMs + Math.floor(random() * p.jitterMs);
    const wait = due - now();
    if (wait > 0) await sleep(wait);
  }

  async function deliver(contactId: string, text: string): Promise<void> {
    let limited = 0;
    let other = 0;
    for (;;) {
      await paced();
      try {
        await deps.send(contactId, text);
        lastSentAt = now();
        return;
      } catch (e) {
        lastSentAt = now();
        if (isRateLimited(e)) {
          limited++;
          if (limited >= p.rateLimitedAttempts) {
            deps.logger.error({ ...log, code: 'CSB_WX_SEND_GAVE_UP', attempts: limited }, 'wechat kept refusing as too frequent; message not sent');
            return;
          }
          const backoff = Math.min(p.maxBackoffMs, p.backoffMs * 2 ** (limited - 1));
          deps.logger.warn({ ...log, code: 'CSB_WX_RATE_LIMITED', backoffMs: backoff }, 'wechat says we send too often; backing off');
          await sleep(backoff);
          continue;
        }
        other++;
        if (other >= p.otherAttempts) {
          deps.logger.error({ ...log, code: 'CSB_WX_SEND_FAILED', err: e instanceof Error ? e.name : typeof e, attempts: other }, 'message could not be sent');
          return;
        }
        await sleep(1000 * other);
      }
    }
  }

  return {
    /** Sends the texts to one contact, in order, after everything queued before them. */
    enqueue(contactId: string, texts: readonly string[]): Promise<void> {
      if (texts.length === 0) return Promise.resolve();
      pending++;
      const run = tail.then(async () => {
        for (const t of texts) await deliver(contactId, t);
      });
      tail = run.catch(() => undefined);
      return tail.finally(() => void pending--);
    },
    get pending(): number {
      return pending;
    },
  };
}

export type WechatOutbox = ReturnType<typeof createWechatOutbox>;
