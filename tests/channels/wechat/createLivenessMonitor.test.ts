import { describe, expect, it } from 'vitest';
import { createLivenessMonitor } from '../../../src/channels/wechat/createLivenessMonitor.js';

function monitor() {
  let t = 0;
  const events: string[] = [];
  const m = createLivenessMonitor({ staleMs: 60_000, now: () => t, onStale: (ms) => events.push(`stale ${ms}`), onRecovered: (ms) => events.push(`recovered ${ms}`) });
  return { m, events, advance: (ms: number) => void (t += ms) };
}

describe('liveness monitor', () => {
  it('stays quiet while the puppet keeps giving signs of life', () => {
    const { m, events, advance } = monitor();
    for (let i = 0; i < 10; i++) {
      advance(30_000);
      m.feed();
      m.check();
    }
    expect(events).toEqual([]);
  });

  it('reports a silence once when it passes the limit, and the recovery once', () => {
    const { m, events, advance } = monitor();
    advance(60_001);
    m.check();
    advance(30_000);
    m.check();
    expect(events).toEqual(['stale 60001']);
    m.feed();
    expect(events).toEqual(['stale 60001', 'recovered 90001']);
    expect(m.stale).toBe(false);
  });

  it('starts afresh on reset without reporting a recovery', () => {
    const { m, events, advance } = monitor();
    advance(70_000);
    m.check();
    m.reset();
    advance(10_000);
    m.check();
    expect(events).toEqual(['stale 70000']);
  });
});
