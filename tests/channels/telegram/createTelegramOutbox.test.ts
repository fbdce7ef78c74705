import { describe, expect, it } from 'vitest';
import { createTelegramOutbox, telegramLimits } from '../../../src/channels/telegram/createTelegramOutbox.js';
import type { TelegramMessage } from '../../../src/channels/telegram/renderTelegramReply.js';
import { captureLogs } from '../../support/runtime.js';

const msg = (text: string): TelegramMessage => ({ text, extra: { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } });

/** A fake clock: sleeping advances time instantly, so pacing is measured, not waited for. */
function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

const tgError = (code: number, retryAfter?: number) => Object.assign(new Error(`${code}`), { code, parameters: retryAfter ? { retry_after: retryAfter } : undefined });

describe('telegram outbox', () => {
  it('paces one chat to about one message a second after a short burst', async () => {
    const c = clock();
    const sent: number[] = [];
    const outbox = createTelegramOutbox({ send: async () => void sent.push(c.now()), logger: captureLogs().logger, ...c });
    await outbox.enqueue(1, Array.from({ length: 6 }, (_, i) => msg(String(i))));
    expect(sent.slice(0, 3)).toEqual([0, 0, 0]); // the burst
    for (let i = 3; i < 6; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(999);
  });

  it('keeps the overall rate at or below 30 messages a second across chats', async () => {
    const c = clock();
    const sent: number[] = [];
    const outbox = createTelegramOutbox({ send: async () => void sent.push(c.now()), logger: captureLogs().logger, ...c });
    await Promise.all(Array.from({ length: 90 }, (_, chat) => outbox.enqueue(chat, [msg('x')])));
    const inFirstSecondAfterBurst = sent.filter((t) => t > 0 && t <= 1000).length;
    expect(inFirstSecondAfterBurst).toBeLessThanOrEqual(telegramLimits.globalPerSecond);
    expect(sent.length).toBe(90);
  });

  it('limits a group to 20 messages a minute', async () => {
    const c = clock();
    const sent: number[] = [];
    const outbox = createTelegramOutbox({ send: async () => void sent.push(c.now()), logger: captureLogs().logger, ...c });
    await outbox.enqueue(-100, Array.from({ length: 25 }, () => msg('x')), { group: true });
    for (let i = 20; i < sent.length; i++) expect(sent[i]! - sent[i - 20]!).toBeGreaterThan(60_000); // any 60 s window holds at most 20
    expect(sent.length).toBe(25);
  });

  it('waits retry_after on 429 and sends the same message again, never dropping it', async () => {
    const c = clock();
    const attempts: string[] = [];
    let fail = 2;
    const outbox = createTelegramOutbox({
      send: async (_chat, m) => {
        attempts.push(`${m.text}@${c.now()}`);
        if (fail-- > 0) throw tgError(429, 3);
      },
      logger: captureLogs().logger,
      ...c,
    });
    await outbox.enqueue(1, [msg('a')]);
    expect(attempts).toEqual(['a@0', 'a@3000', 'a@6000']);
  });

  it('caps an absurd retry_after', async () => {
    const c = clock();
    let fail = 1;
    const outbox = createTelegramOutbox({ send: async () => void (fail-- > 0 && (() => { throw tgError(429, 86_400); })()), logger: captureLogs().logger, ...c });
    await outbox.enqueue(1, [msg('a')]);
    expect(c.now()).toBeLessThanOrEqual(telegramLimits.maxRetryAfterSeconds * 1000 + 1000);
  });

  it('skips a user who blocked the bot without throwing, and logs no content', async () => {
    const { logger, lines } = captureLogs();
    const outbox = createTelegramOutbox({ send: async () => Promise.reject(tgError(403)), logger, ...clock() });
    await expect(outbox.enqueue(1, [msg("secret words")])).resolves.toEqual([null]);
    expect(lines.join('\n')).toMatch(/CSB_TG_BLOCKED/);
    expect(lines.join('\n')).not.toMatch(/secret words/);
  });
});
