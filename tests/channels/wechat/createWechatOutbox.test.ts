import { describe, expect, it } from 'vitest';
import { createWechatOutbox, isRateLimited, wechatPacing, type WechatPacing } from '../../../src/channels/wechat/createWechatOutbox.js';
import { captureLogs } from '../../support/runtime.js';

/** A fake clock: sleeping advances time at once, so pacing is measured, not waited for. */
function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

const pacing: WechatPacing = { ...wechatPacing(1500), jitterMs: 400 };
const tooOften = () => new Error('发送消息过于频繁,请稍后再试');

function outboxWith(send: (to: string, text: string, at: number) => Promise<void> | void, random = () => 0.5) {
  const c = clock();
  const { logger, lines } = captureLogs();
  const outbox = createWechatOutbox({ send: async (to, text) => send(to, text, c.now()), logger, pacing, random, ...c });
  return { outbox, lines, c };
}

describe('WeChat outbox', () => {
  it('keeps at least the minimum gap plus jitter between any two messages of the account', async () => {
    const sent: number[] = [];
    const { outbox } = outboxWith((_to, _t, at) => void sent.push(at), () => 0.5);
    await Promise.all([outbox.enqueue('a', ['1', '2']), outbox.enqueue('b', ['3'])]);
    expect(sent).toEqual([0, 1700, 3400]); // 1500 gap + 0.5 × 400 jitter
  });

  it('varies the gap with jitter, never below the minimum nor above minimum + jitter', async () => {
    const sent: number[] = [];
    const randoms = [0, 0.99, 0.25];
    const { outbox } = outboxWith((_to, _t, at) => void sent.push(at), () => randoms.shift() ?? 0);
    await outbox.enqueue('a', ['1', '2', '3']);
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
    expect(gaps).toEqual([1896, 1600]);
    for (const g of gaps) expect(g).toSatisfy((ms: number) => ms >= 1500 && ms < 1900);
  });

  it('sends in the order enqueued, one contact’s parts together', async () => {
    const sent: string[] = [];
    const { outbox } = outboxWith((to, text) => void sent.push(`${to}:${text}`));
    await Promise.all([outbox.enqueue('a', ['a1', 'a2']), outbox.enqueue('b', ['b1']), outbox.enqueue('a', ['a3'])]);
    expect(sent).toEqual(['a:a1', 'a:a2', 'b:b1', 'a:a3']);
  });

  it('backs off exponentially on "发送消息过于频繁" and sends the same message again', async () => {
    const attempts: number[] = [];
    let fail = 3;
    const { outbox, lines } = outboxWith((_to, _t, at) => {
      attempts.push(at);
      if (fail-- > 0) throw tooOften();
    });
    await outbox.enqueue('a', ['x']);
    const waits = attempts.slice(1).map((t, i) => t - attempts[i]!);
    // 10 s, 20 s, 40 s: the backoff already exceeds the paced gap, so it is the whole wait
    expect(waits).toEqual([10_000, 20_000, 40_000]);
    expect(lines.filter((l) => l.includes('CSB_WX_RATE_LIMITED')).length).toBe(3);
  });

  it('recognises "操作过于频繁" too, and caps the backoff', async () => {
    expect(isRateLimited(new Error('操作过于频繁'))).toBe(true);
    expect(isRateLimited(new Error('network down'))).toBe(false);
    const attempts: number[] = [];
    let fail = 7;
    const { outbox } = outboxWith((_to, _t, at) => {
      attempts.push(at);
      if (fail-- > 0) throw new Error('操作过于频繁');
    });
    await outbox.enqueue('a', ['x']);
    const waits = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('pauses the whole queue during a backoff, so other contacts wait too', async () => {
    const sent: string[] = [];
    let fail = 1;
    const { outbox } = outboxWith((to, _t, at) => {
      if (to === 'a' && fail-- > 0) throw tooOften();
      sent.push(`${to}@${at}`);
    });
    await Promise.all([outbox.enqueue('a', ['x']), outbox.enqueue('b', ['y'])]);
    expect(sent).toEqual(['a@10000', 'b@11700']);
  });

  it('gives up on a message only after the last attempt, logging an error code and no text', async () => {
    const { outbox, lines } = outboxWith(() => {
      throw tooOften();
    });
    await expect(outbox.enqueue('wxid_secret', ['私密内容'])).resolves.toBeUndefined();
    const all = lines.join('\n');
    expect(all).toMatch(/"level":50.*CSB_WX_SEND_GAVE_UP/);
    expect(all).not.toMatch(/私密内容|wxid_secret/);
  });

  it('retries other errors a few times, then logs CSB_WX_SEND_FAILED and goes on with the next message', async () => {
    const sent: string[] = [];
    const { outbox, lines } = outboxWith((_to, text) => {
      if (text === 'bad') throw new TypeError('boom');
      sent.push(text);
    });
    await outbox.enqueue('a', ['bad', 'good']);
    expect(sent).toEqual(['good']);
    expect(lines.join('\n')).toMatch(/CSB_WX_SEND_FAILED.*"attempts":3/);
    expect(outbox.pending).toBe(0);
  });
});
