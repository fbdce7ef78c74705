import type { MissedQuestion, MissedQuestionLog } from '../core/ports.js';
import { keepMissedText } from './keepMissedText.js';

/** In-memory twin of the Redis missed-question log, for the local try-out; the same privacy rule. */
export function createMemoryMissedLog(retentionMs: number, now: () => number = Date.now, max = 5000): MissedQuestionLog {
  let items: { user: string; q: MissedQuestion }[] = [];
  const prune = () => {
    items = items.filter((i) => i.q.at > now() - retentionMs).slice(-max);
  };
  return {
    async record(user, q) {
      items.push({ user, q: { ...q, text: keepMissedText(q.text) ?? '' } });
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
