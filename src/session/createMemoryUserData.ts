import type { MissedQuestion, MissedQuestionLog, Ticket, TicketStore } from '../core/ports.js';

/** In-memory twins of the Redis missed-question log and ticket store, for the local try-out. */
export function createMemoryMissedLog(retentionMs: number, now: () => number = Date.now, max = 5000): MissedQuestionLog {
  let items: { user: string; q: MissedQuestion }[] = [];
  const prune = () => {
    items = items.filter((i) => i.q.at > now() - retentionMs).slice(-max);
  };
  return {
    async record(user, q) {
      items.push({ user, q });
      prune();
    },
    async recent(limit) {
      prune();
      return items.slice(-limit).reverse().map((i) => i.q);
    },
    async eraseUser(user) {
      items = items.filter((i) => i.user !== user);
    },
  };
}

export function createMemoryTicketStore(retentionMs: number, now: () => number = Date.now): TicketStore {
  const tickets = new Map<string, { ticket: Ticket; expiresAt: number }>();
  return {
    async open(user, ticket) {
      tickets.set(user, { ticket, expiresAt: now() + retentionMs });
    },
    async get(user) {
      const t = tickets.get(user);
      if (!t || t.expiresAt <= now()) return null;
      return t.ticket;
    },
    async eraseUser(user) {
      tickets.delete(user);
    },
  };
}
