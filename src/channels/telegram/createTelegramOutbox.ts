import type { Logger } from '../../core/ports.js';
import { createKeyedQueue } from '../../runtime/createKeyedQueue.js';
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

/** Telegraf's TelegramError carries the Bot API's code and parameters. */
const apiError = (e: unknown) => e as { code?: number; response?: { error_code?: number; parameters?: { retry_after?: number } }; parameters?: { retry_after?: number } };

/**
 * Outgoing messages, paced to Telegram's limits with token buckets (per chat, per group, overall).
 * On 429 the message waits `retry_after` and is sent again, never dropped; a user who blocked the
 * bot is logged and skipped. `enqueue` resolves when its messages are sent or given up, and never rejects.
 */
export function createTelegramOutbox(deps: OutboxDeps) {
  const limits = deps.limits ?? telegramLimits;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const perChat = createKeyedQueue();
  const chats = new Map<number, Bucket>();
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

  async function deliver(chatId: number, message: TelegramMessage, isGroup: boolean): Promise<unknown> {
    const bucket = chats.get(chatId) ?? { tokens: limits.perChatBurst, at: now() };
    chats.set(chatId, bucket);
    for (let attempt = 1; ; attempt++) {
      if (isGroup) await takeGroupSlot(chatId);
      else await take(bucket, limits.perChatBurst, limits.perChatPerSecond / 1000);
      await take(global, limits.globalPerSecond, limits.globalPerSecond / 1000);
      try {
        return await deps.send(chatId, message);
      } catch (e) {
        const err = apiError(e);
        const code = err.code ?? err.response?.error_code;
        if (code === 429) {
          const retryAfter = err.parameters?.retry_after ?? err.response?.parameters?.retry_after ?? 1;
          deps.logger.warn({ channel: 'telegram', code: 'CSB_TG_FLOOD', retryAfter }, 'telegram asked us to slow down');
          await sleep(Math.min(retryAfter, limits.maxRetryAfterSeconds) * 1000);
          continue;
        }
        if (code === 403) {
          deps.logger.warn({ channel: 'telegram', code: 'CSB_TG_BLOCKED' }, 'user blocked the bot; message skipped');
          return null;
        }
        if (attempt >= 3 || (code !== undefined && code >= 400 && code < 500)) {
          deps.logger.error({ channel: 'telegram', code: 'CSB_TG_SEND_FAILED', status: code }, 'message could not be sent');
          return null;
        }
        await sleep(500 * attempt);
      }
    }
  }

  return {
    /** Resolves to what Telegram returned for each message (null where it was given up). */
    enqueue(chatId: number, messages: readonly TelegramMessage[], isGroup = false): Promise<unknown[]> {
      pending++;
      return perChat
        .run(String(chatId), async () => {
          const results: unknown[] = [];
          for (const m of messages) results.push(await deliver(chatId, m, isGroup));
          return results;
        })
        .finally(() => void pending--);
    },
    get pending(): number {
      return pending;
    },
  };
}

export type TelegramOutbox = ReturnType<typeof createTelegramOutbox>;
