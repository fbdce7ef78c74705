import type { Ticket, TicketStore } from '../core/ports.js';
import { TRANSCRIPT_LINES } from './ticketKeys.js';

/** The in-memory twin of the Redis ticket store, for the local try-out; same contract. */
export function createMemoryTicketStore(retentionMs: number, now: () => number = Date.now): TicketStore {
  const tickets = new Map<number, { t: Ticket; expiresAt: number }>();
  const latestOf = new Map<string, number>();
  let seq = 0;
  const live = (n: number) => {
    const e = tickets.get(n);
    if (e && e.expiresAt <= now()) tickets.delete(n);
    return tickets.get(n)?.t ?? null;
  };
  const put = (t: Ticket) => void tickets.set(t.number, { t, expiresAt: now() + retentionMs });
  const patch = (n: number, p: Partial<Ticket>) => {
    const t = live(n);
    if (t) put({ ...t, ...p });
  };
  const waiting = () => [...tickets.values()].map((e) => e.t).filter((t) => t.status === 'waiting').sort((a, b) => a.openedAt - b.openedAt || a.number - b.number);
  const position = (n: number) => waiting().findIndex((t) => t.number === n) + 1;

  return {
    async open(nt) {
      const current = await this.latest(nt.user);
      if (current && current.status !== 'closed') return { ticket: current, position: position(current.number), created: false };
      const t: Ticket = { ...nt, transcript: nt.transcript.slice(-TRANSCRIPT_LINES), number: ++seq, status: 'waiting', consultant: null, takenAt: null, closedAt: null, reminded: false, rating: null, timedOut: false };
      put(t);
      latestOf.set(nt.user, t.number);
      return { ticket: t, position: position(t.number), created: true };
    },
    get: async (n) => live(n),
    async latest(user) {
      const n = latestOf.get(user);
      return n === undefined ? null : live(n);
    },
    async append(n, line) {
      const t = live(n);
      if (t) patch(n, { transcript: [...t.transcript, line].slice(-TRANSCRIPT_LINES) });
    },
    async take(n, consultant, at) {
      const t = live(n);
      if (!t) return { kind: 'missing' };
      if (t.status === 'closed') return { kind: 'closed' };
      if (t.consultant) return { kind: 'already', by: t.consultant };
      patch(n, { status: 'active', consultant, takenAt: at });
      return { kind: 'taken', ticket: live(n)! };
    },
    async close(n, at) {
      const t = live(n);
      if (t && t.status !== 'closed') patch(n, { status: 'closed', closedAt: at });
      return live(n);
    },
    markReminded: async (n) => patch(n, { reminded: true }),
    markTimedOut: async (n) => patch(n, { timedOut: true }),
    rate: async (n, score) => patch(n, { rating: score }),
    async listOpen() {
      return [...tickets.keys()].map(live).filter((t): t is Ticket => t !== null && t.status !== 'closed').sort((a, b) => a.openedAt - b.openedAt);
    },
    async openedSince(since) {
      return [...tickets.keys()].map(live).filter((t): t is Ticket => t !== null && t.openedAt >= since);
    },
    async eraseUser(user) {
      const mine = [...tickets.values()].map((e) => e.t).filter((t) => t.user === user);
      for (const t of mine) tickets.delete(t.number);
      latestOf.delete(user);
      return mine.filter((t) => t.status !== 'closed').map((t) => t.number);
    },
  };
}
