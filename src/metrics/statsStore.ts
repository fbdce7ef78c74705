import type { Increments } from './countTurn.js';

/** One day's aggregate counters: field → count. Never a user id, never text. */
export type DayCounters = Readonly<Record<string, number>>;

/** Port: daily aggregate counters, each day expiring after the retention period. */
export interface StatsStore {
  add(day: string, inc: Increments, ttlMs: number): Promise<void>;
  /** The counters of each day asked for; a day with none is an empty object. */
  read(days: readonly string[]): Promise<DayCounters[]>;
}

/** In-memory twin for the try-out and tests; lost when the process stops. */
export function createMemoryStatsStore(now: () => number = Date.now): StatsStore {
  const days = new Map<string, { counters: Record<string, number>; expires: number }>();
  return {
    async add(day, inc, ttlMs) {
      const d = days.get(day) ?? { counters: {}, expires: 0 };
      for (const [k, n] of Object.entries(inc)) d.counters[k] = (d.counters[k] ?? 0) + n;
      d.expires = now() + ttlMs;
      days.set(day, d);
    },
    async read(list) {
      return list.map((day) => {
        const d = days.get(day);
        return d && d.expires > now() ? { ...d.counters } : {};
      });
    },
  };
}
