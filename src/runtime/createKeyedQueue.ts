/**
 * Runs tasks one at a time per key, in arrival order, across all keys concurrently. This keeps
 * one user's messages in order inside a process; the session compare-and-set covers processes.
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const prev = tails.get(key) ?? Promise.resolve();
      const next = prev.then(task, task);
      const tail = next.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
    get pending(): number {
      return tails.size;
    },
  };
}
