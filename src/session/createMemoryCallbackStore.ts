import type { CallbackStore, CallbackTicket } from '../core/ports.js';

/** The in-memory twin of the Redis call-back store; same contract, entries expire after `retentionMs`. */
export function createMemoryCallbackStore(retentionMs: number, now: () => number = Date.now): CallbackStore {
  const entries = new Map<number, { c: CallbackTicket; expiresAt: number }>();
  let seq = 0;
  const live = (n: number): CallbackTicket | null => {
    const e = entries.get(n);
    if (e && e.expiresAt <= now()) entries.delete(n);
    return entries.get(n)?.c ?? null;
  };
  const put = (c: CallbackTicket) => void entries.set(c.number, { c, expiresAt: now() + retentionMs });
  const all = () => [...entries.keys()].map(live).filter((c): c is CallbackTicket => c !== null);

  return {
    async request(nc) {
      const open = all().find((c) => c.user === nc.user && c.status === 'open');
      const c: CallbackTicket = open ? { ...open, ...nc, number: open.number } : { ...nc, number: ++seq, status: 'open', doneBy: null };
      put(c);
      return c;
    },
    get: async (n) => live(n),
    listOpen: async () => all().filter((c) => c.status === 'open').sort((a, b) => a.requestedAt - b.requestedAt),
    async done(n, by) {
      const c = live(n);
      if (!c) return null;
      put({ ...c, status: 'done', doneBy: c.doneBy ?? by });
      return live(n);
    },
    async eraseUser(user) {
      const mine = all().filter((c) => c.user === user);
      for (const c of mine) entries.delete(c.number);
      return mine.filter((c) => c.status === 'open').map((c) => c.number);
    },
  };
}
