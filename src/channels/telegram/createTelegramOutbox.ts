import type { Logger } from '../../core/ports.js';
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
}

interface Bucket {
  tokens: number;
  at: number;
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
  readonly bucket: Bucket;
  readonly urgent: Item[];
  readonly normal: Item[];
  running: boolean;
}

/** Telegraf's TelegramError carries the Bot API's code and parameters. */
const apiError = (e: unknown) => e as { code?: number; response?: { error_code?: number; parameters?: { retry_after?: number } }; parameters?: { retry_after?: number } };

/**
 * Outgoing messages, paced to Telegram's limits with token buckets (per chat, per group, overall).
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
  /** Kept after a chat's queue empties, so a new batch does not get a fresh burst. */
  const chats = new Map<number, Bucket>();
  const buckets = (chatId: number): Bucket => chats.get(chatId) ?? chats.set(chatId, { tokens: limits.perChatBurst, at: now() }).get(chatId)!;
  /** Send times per group in the last minute: a sliding window, because a bucket would allow a burst on top of the rate. */
  const groups = new Map<number, number[]>();
  const global: Bucket = { tokens: limits.globalPerSecond, at: now() };
  let pending = 0;

  /** Waits until the bucket has a token, then takes it. Rate in tokens per ms. */
  async function take(bucket: Bucket, capacity: number, perMs: number): Promise<void> {
    for (;;) {
      const t = now();
      bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await sleep(Math.ceil((1 - bucket.tokens) / perMs));
    }
  }

  async function takeGroupSlot(chatId: number): Promise<void> {
    const sent = groups.get(chatId) ?? [];
    groups.set(chatId, sent);
    for (;;) {
      while (sent.length && sent[0]! <= now() - 60_000) sent.shift();
      if (sent.length < limits.perGroupPerMinute) break;
      await sleep(sent[0]! + 60_000 - now() + 1);
    }
    sent.push(now());
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
        if (lane.group) await takeGroupSlot(chatId);
        else await take(lane.bucket, limits.perChatBurst, limits.perChatPerSecond / 1000);
        await take(global, limits.globalPerSecond, limits.globalPerSecond / 1000);
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
      const lane = lanes.get(chatId) ?? { group: opts.group ?? false, bucket: buckets(chatId), urgent: [], normal: [], running: false };
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
