import { describe, expect, it } from 'vitest';
import { createWechatOutbox, wechatPacing } from '../../../src/channels/wechat/createWechatOutbox.js';
import { createManualClock } from '../../support/createManualClock.js';
import { captureLogs } from '../../support/runtime.js';

function setup(fail: (to: string, text: string) => Error | null = () => null) {
  const clock = createManualClock();
  const sent: { to: string; text: string; at: number }[] = [];
  const outbox = createWechatOutbox({
    send: async (to, text) => {
      const e = fail(to, text);
      if (e) throw e;
      sent.push({ to, text, at: clock.now() });
    },
    logger: captureLogs().logger,
    pacing: { ...wechatPacing(1500), jitterMs: 0 },
    random: () => 0,
    now: clock.now,
    sleep: clock.sleep,
  });
  return { clock, sent, outbox, texts: () => sent.map((s) => `${s.to}:${s.text}`) };
}

describe('WeChat outbox: urgent replies', () => {
  it('sends an urgent reply before everything still queued on the account, keeping the gap', async () => {
    const s = setup();
    const queued = [
      ...Array.from({ length: 15 }, (_, i) => s.outbox.enqueue('a', [`answer ${i}`])),
      s.outbox.enqueue('b', ['other patient']),
    ];
    await s.clock.settle();
    const before = s.sent.length;
    const urgent = s.outbox.enqueue('a', ['120'], { urgent: true });
    await s.clock.runAll();
    await Promise.all([...queued, urgent]);
    expect(s.texts()[before]).toBe('a:120');
    expect(s.texts().filter((t) => t !== 'a:120')).toEqual([...Array.from({ length: 15 }, (_, i) => `a:answer ${i}`), 'b:other patient']);
    const gaps = s.sent.slice(1).map((x, i) => x.at - s.sent[i]!.at);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(1500); // fake milliseconds
  });

  it('goes between the parts of a long queued reply rather than after them', async () => {
    const s = setup();
    void s.outbox.enqueue('a', ['part 1', 'part 2', 'part 3']);
    await s.clock.settle();
    void s.outbox.enqueue('a', ['120'], { urgent: true });
    await s.clock.runAll();
    expect(s.texts()).toEqual(['a:part 1', 'a:120', 'a:part 2', 'a:part 3']);
  });

  it('still waits out a "too often" backoff before the urgent reply', async () => {
    let limited = 1;
    const s = setup((_to, text) => (text === 'answer 0' && limited-- > 0 ? new Error('发送消息过于频繁') : null));
    void s.outbox.enqueue('a', ['answer 0', 'answer 1']);
    await s.clock.settle();
    void s.outbox.enqueue('a', ['120'], { urgent: true });
    await s.clock.runAll();
    expect(s.texts()).toEqual(['a:120', 'a:answer 0', 'a:answer 1']);
    expect(s.sent[0]!.at).toBeGreaterThanOrEqual(10_000); // the backoff held for everyone
  });
});
