import type { SessionStore, StoredSession } from '../core/ports.js';

/**
 * The zero-config store for a local try-out: same contract as Redis, including TTL and
 * compare-and-set, but gone when the process ends.
 */
export function createMemorySessionStore(now: () => number = Date.now): SessionStore & { size(): number } {
  const data = new Map<string, StoredSession & { expiresAt: number }>();
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
    async save(key, value, expected, ttlMs) {
      const current = live(key)?.version ?? 0;
      if (current !== expected) return 'conflict';
      data.set(key, { data: value, version: current + 1, expiresAt: now() + ttlMs });
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
