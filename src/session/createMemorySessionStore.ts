import type { SessionStore, StoredSession } from '../core/ports.js';

/**
 * The zero-config store for a local try-out: same contract as Redis, including TTL,
 * compare-and-set and delivery marks, but gone when the process ends (so no turn is kept owed:
 * a crash loses the process's memory with it).
 */
export function createMemorySessionStore(now: () => number = Date.now): SessionStore & { size(): number } {
  const data = new Map<string, StoredSession & { expiresAt: number }>();
  const seen = new Map<string, number>();
  const live = (key: string) => {
    const v = data.get(key);
    if (v && v.expiresAt <= now()) {
      data.delete(key);
      return undefined;
    }
    return v;
  };
  return {
    async load(key) {
      const v = live(key);
      return v ? { data: v.data, version: v.version } : null;
    },
    async save(key, value, expected, ttlMs, turn) {
      if (turn && (seen.get(turn.deliveryKey) ?? 0) > now()) return 'duplicate';
      const current = live(key)?.version ?? 0;
      if (current !== expected) return 'conflict';
      if (value !== null) data.set(key, { data: value, version: current + 1, expiresAt: now() + ttlMs });
      if (turn) {
        seen.set(turn.deliveryKey, now() + turn.seenTtlMs);
        if (seen.size > 10_000) for (const [k, until] of seen) if (until <= now()) seen.delete(k);
      }
      return 'saved';
    },
    async delete(key) {
      data.delete(key);
    },
    size() {
      for (const k of data.keys()) live(k);
      return data.size;
    },
  };
}
