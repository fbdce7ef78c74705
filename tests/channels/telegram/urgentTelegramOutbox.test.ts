import { describe, expect, it } from 'vitest';
import { createTelegramOutbox } from '../../../src/channels/telegram/createTelegramOutbox.js';
import type { TelegramMessage } from '../../../src/channels/telegram/renderTelegramReply.js';
import { createManualClock } from '../../support/createManualClock.js';
import { captureLogs } from '../../support/runtime.js';

const msg = (text: string): TelegramMessage => ({ text, extra: { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } });
const tgError = (code: number, retryAfter?: number) => Object.assign(new Error(`${code}`), { code, parameters: retryAfter ? { retry_after: retryAfter } : undefined });

function setup(fail: (chat: number, text: string) => Error | null = () => null) {
  const clock = createManualClock();
  const sent: { chat: number; text: string; at: number }[] = [];
  const outbox = createTelegramOutbox({
    send: async (chat, m) => {
      const e = fail(chat, m.text);
      if (e) throw e;
      sent.push({ chat, text: m.text, at: clock.now() });
      return { message_id: sent.length };
    },
    logger: captureLogs().logger,
    now: clock.now,
    sleep: clock.sleep,
  });
  return { clock, sent, outbox, texts: (chat = 1) => sent.filter((s) => s.chat === chat).map((s) => s.text) };
}

describe('telegram outbox: urgent replies', () => {
  it('sends an urgent reply before the replies still queued for that chat', async () => {
    const s = setup();
    const queued = Array.from({ length: 15 }, (_, i) => s.outbox.enqueue(1, [msg(`answer ${i}`)]));
    await s.clock.settle();
    const before = s.texts().length; // the burst went out; the rest wait for tokens
    expect(before).toBeLessThan(15);
    const urgent = s.outbox.enqueue(1, [msg('120')], { urgent: true });
    await s.clock.runAll();
    await Promise.all([...queued, urgent]);
    expect(s.texts()[before]).toBe('120');
    expect(s.texts().filter((t) => t !== '120')).toEqual(Array.from({ length: 15 }, (_, i) => `answer ${i}`));
  });

  it('still takes a token: the urgent reply waits for the chat’s rate like any other', async () => {
    const s = setup();
    void s.outbox.enqueue(1, [msg('a'), msg('b'), msg('c'), msg('d')]);
    await s.clock.settle();
    void s.outbox.enqueue(1, [msg('120')], { urgent: true });
    await s.clock.runAll();
    const at = (t: string) => s.sent.find((x) => x.text === t)!.at;
    expect(s.texts()).toEqual(['a', 'b', 'c', '120', 'd']);
    expect(at('120') - at('c')).toBeGreaterThanOrEqual(999); // fake milliseconds: the limit held
  });

  it('waits retry_after on 429 for an urgent reply too, then sends it before the queue', async () => {
    let limited = 1;
    const s = setup((_chat, text) => (text === '120' && limited-- > 0 ? tgError(429, 5) : null));
    void s.outbox.enqueue(1, Array.from({ length: 6 }, (_, i) => msg(`answer ${i}`)));
    await s.clock.settle();
    const before = s.texts().length;
    void s.outbox.enqueue(1, [msg('120')], { urgent: true });
    await s.clock.runAll();
    expect(s.texts()[before]).toBe('120');
    const sentAt = s.sent.find((x) => x.text === '120')!.at;
    const previous = s.sent[before - 1]!.at;
    expect(sentAt - previous).toBeGreaterThanOrEqual(5000);
  });

  it('leaves other chats’ order alone', async () => {
    const s = setup();
    void s.outbox.enqueue(2, Array.from({ length: 6 }, (_, i) => msg(`other ${i}`)));
    void s.outbox.enqueue(1, Array.from({ length: 6 }, (_, i) => msg(`answer ${i}`)));
    await s.clock.settle();
    void s.outbox.enqueue(1, [msg('120')], { urgent: true });
    await s.clock.runAll();
    expect(s.texts(2)).toEqual(Array.from({ length: 6 }, (_, i) => `other ${i}`));
    expect(s.texts(1).indexOf('120')).toBe(3);
  });

  it('puts an urgent card at the head of a desk group paced to 20 a minute', async () => {
    const s = setup();
    const cards = Array.from({ length: 25 }, (_, i) => s.outbox.enqueue(-100, [msg(`card ${i}`)], { group: true }));
    await s.clock.settle();
    expect(s.texts(-100)).toHaveLength(20); // the minute's window is full
    void s.outbox.enqueue(-100, [msg('🚨 urgent')], { group: true, urgent: true });
    await s.clock.runAll();
    await Promise.all(cards);
    expect(s.texts(-100)[20]).toBe('🚨 urgent');
    const sent = s.sent.filter((x) => x.chat === -100).map((x) => x.at);
    for (let i = 20; i < sent.length; i++) expect(sent[i]! - sent[i - 20]!).toBeGreaterThan(60_000);
  });
});
