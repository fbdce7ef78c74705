import type { Logger } from '../../core/ports.js';
import { createMemorySendLimiter, type SendLimiter } from './createMemorySendLimiter.js';
import type { TelegramMessage } from './renderTelegramReply.js';

export interface OutboxLimits {
  /** Sustained messages per second to one private chat, with a small burst for multi-part replies. */
  readonly perChatPerSecond: number;
  readonly perChatBurst: number;
  readonly globalPerSecond: number;
  readonly perGroupPerMinute: number;
  /** The longest 429 retry_after we honour before trying again anyway. */
  readonly maxRetryAfterSeconds: number;
}

export const telegramLimits: OutboxLimits = { perChatPerSecond: 1, perChatBurst: 3, globalPerSecond: 30, perGroupPerMinute: 20, maxRetryAfterSeconds: 30 };

export interface OutboxDeps {
  send(chatId: number, message: TelegramMessage): Promise<unknown>;
  readonly logger: Logger;
  readonly limits?: OutboxLimits;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Where the limits are held: shared by every process of the bot (Redis), or, absent, in this
   * process. When a shared limiter fails, this process's own limits are used until it answers again.
   */
  readonly limiter?: SendLimiter;
}

/** How a batch of messages is sent: to a group (its own per-minute window), and ahead of the chat's queue. */
export interface EnqueueOptions {
  readonly group?: boolean;
  /** An emergency reply: sent before everything still queued for the chat, within the same limits. */
  readonly urgent?: boolean;
}

interface Item {
  readonly message: TelegramMessage;
  readonly done: (result: unknown) => void;
  attempt: number;
}

/** One chat's queue: urgent items are taken first, each lane in arrival order. */
interface Lane {
  readonly group: boolean;
  readonly urgent: Item[];
  readonly normal: Item[];
  running: boolean;
}

/** Telegraf's TelegramError carries the Bot API's code and parameters. */
const apiError = (e: unknown) => e as { code?: number; response?: { error_code?: number; parameters?: { retry_after?: number } }; parameters?: { retry_after?: number } };

/**
 * Outgoing messages, paced to Telegram's limits (per chat, per group, overall) by a SendLimiter.
 * Each chat has two lanes: an urgent message (the 120 reply) goes before everything still queued
 * for that chat, but waits for the same tokens. The next message is chosen only once a token is
 * in hand, so an urgent one that arrives during a wait is the next to go. On 429 the chat waits
 * `retry_after` and the message is sent again, never dropped; a user who blocked the bot is logged
 * and skipped. `enqueue` resolves when its messages are sent or given up, and never rejects.
 */
export function createTelegramOutbox(deps: OutboxDeps) {
  const limits = deps.limits ?? telegramLimits;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const lanes = new Map<number, Lane>();
  const own = createMemorySendLimiter(limits, now);
  const limiter = deps.limiter ?? own;
  let sharedDown = false;
  let pending = 0;

  /** The shared limiter's verdict, or this process's own while the shared one cannot answer. */
  async function ask(chatId: number, group: boolean): Promise<number> {
    if (limiter === own) return own.take(chatId, group);
    try {
      const wait = await limiter.take(chatId, group);
      if (sharedDown) deps.logger.info({ channel: 'telegram', code: 'CSB_TG_LIMITER' }, 'shared send limits reachable again');
      sharedDown = false;
      return wait;
    } catch (e) {
      if (!sharedDown) deps.logger.warn({ channel: 'telegram', code: 'CSB_TG_LIMITER', err: (e as Error).name }, 'shared send limits unreachable; pacing with this process’s own');
      sharedDown = true;
      return own.take(chatId, group);
    }
  }

  /** Waits until the chat's (or group's) slot and a global one are in hand. */
  async function take(chatId: number, group: boolean): Promise<void> {
    for (let wait = await ask(chatId, group); wait > 0; wait = await ask(chatId, group)) await sleep(wait);
  }

  /** One attempt; returns what to do with the item next. */
  async function attempt(chatId: number, item: Item): Promise<{ result: unknown } | { retryAfterMs: number }> {
    try {
      return { result: await deps.send(chatId, item.message) };
    } catch (e) {
      const err = apiError(e);
      const code = err.code ?? err.response?.error_code;
      if (code === 429) {
        const retryAfter = err.parameters?.retry_after ?? err.response?.parameters?.retry_after ?? 1;
        deps.logger.warn({ channel: 'telegram', code: 'CSB_TG_FLOOD', retryAfter }, 'telegram asked us to slow down');
        return { retryAfterMs: Math.min(retryAfter, limits.maxRetryAfterSeconds) * 1000 };
      }
      if (code === 403) {
        deps.logger.warn({ channel: 'telegram', code: 'CSB_TG_BLOCKED' }, 'user blocked the bot; message skipped');
        return { result: null };
      }
      item.attempt++;
      if (item.attempt >= 3 || (code !== undefined && code >= 400 && code < 500)) {
        deps.logger.error({ channel: 'telegram', code: 'CSB_TG_SEND_FAILED', status: code }, 'message could not be sent');
        return { result: null };
      }
      return { retryAfterMs: 500 * item.attempt };
    }
  }

  /** Drains one chat's lanes; a failed message goes back to the head of its lane, so order holds. */
  async function drain(chatId: number, lane: Lane): Promise<void> {
    lane.running = true;
    try {
      while (lane.urgent.length || lane.normal.length) {
        await take(chatId, lane.group);
        const from = lane.urgent.length ? lane.urgent : lane.normal;
        const item = from.shift()!;
        const outcome = await attempt(chatId, item);
        if ('result' in outcome) {
          item.done(outcome.result);
          continue;
        }
        from.unshift(item);
        await sleep(outcome.retryAfterMs);
      }
    } finally {
      lane.running = false;
      lanes.delete(chatId);
    }
  }

  return {
    /** Resolves to what Telegram returned for each message (null where it was given up). */
    enqueue(chatId: number, messages: readonly TelegramMessage[], opts: EnqueueOptions = {}): Promise<unknown[]> {
      if (messages.length === 0) return Promise.resolve([]);
      const lane = lanes.get(chatId) ?? { group: opts.group ?? false, urgent: [], normal: [], running: false };
      lanes.set(chatId, lane);
      const into = opts.urgent ? lane.urgent : lane.normal;
      const results = messages.map((message) => new Promise<unknown>((done) => into.push({ message, done, attempt: 0 })));
      pending++;
      if (!lane.running) void drain(chatId, lane);
      return Promise.all(results).finally(() => void pending--);
    },
    get pending(): number {
      return pending;
    },
  };
}

export type TelegramOutbox = ReturnType<typeof createTelegramOutbox>;
