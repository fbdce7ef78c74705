import type { OutboxLimits } from './createTelegramOutbox.js';

/**
 * Whether a message may go to a chat now: its chat's limit (or its group's) and the global one,
 * taken together or not at all. Resolves to 0 when both were taken, else to the milliseconds to
 * wait before asking again. The Redis twin (session/createRedisSendLimiter) holds the same limits
 * for every process of the bot.
 */
export interface SendLimiter {
  take(chatId: number, group: boolean): Promise<number>;
}

/**
 * Telegram's limits held in this process, for the no-Redis mode. Per chat and globally a token
 * bucket (a burst, then a steady rate), kept as the time its tokens are spent up to (GCRA); per
 * group a sliding window of send times, because a bucket would allow a burst on top of the rate.
 */
export function createMemorySendLimiter(limits: OutboxLimits, now: () => number = Date.now): SendLimiter {
  const chatMs = 1000 / limits.perChatPerSecond;
  const globalMs = 1000 / limits.globalPerSecond;
  /** Per chat, and globally: when the bucket will be full again, minus the burst it allows. */
  const chats = new Map<number, number>();
  let global = 0;
  const groups = new Map<number, number[]>();

  /** Milliseconds until a bucket spent up to `spent` has a token, with burst `burst` of `ms` each. */
  const overdraw = (spent: number, t: number, ms: number, burst: number) => Math.max(spent, t) + ms - t - burst * ms;

  return {
    async take(chatId, group) {
      const t = now();
      let wait = overdraw(global, t, globalMs, limits.globalPerSecond);
      const sent = group ? (groups.get(chatId) ?? []) : null;
      if (sent) {
        while (sent.length && sent[0]! <= t - 60_000) sent.shift();
        if (sent.length >= limits.perGroupPerMinute) wait = Math.max(wait, sent[0]! + 60_000 - t + 1);
      } else wait = Math.max(wait, overdraw(chats.get(chatId) ?? 0, t, chatMs, limits.perChatBurst));
      // 1000 / 30 is not exact: without the tolerance the 30th of a burst would wait 1 ms.
      if (wait > 1e-6) return Math.max(1, Math.ceil(wait));
      global = Math.max(global, t) + globalMs;
      if (sent) groups.set(chatId, [...sent, t]);
      else chats.set(chatId, Math.max(chats.get(chatId) ?? 0, t) + chatMs);
      // A chat whose bucket is full again needs no entry; sweep now and then so the map stays small.
      if (chats.size > 10_000) for (const [c, spent] of chats) if (spent <= t) chats.delete(c);
      if (groups.size > 1_000) for (const [c, s] of groups) if (!s.length || s[s.length - 1]! <= t - 60_000) groups.delete(c);
      return 0;
    },
  };
}
