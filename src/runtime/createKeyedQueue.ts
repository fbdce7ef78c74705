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
      // Cleared in the reaction that settles the task, which runs before the caller's own: a caller
      // that sends the key's next task as soon as this one resolves finds the key idle.
      const clear = (): void => {
        if (tails.get(key) === tail) tails.delete(key);
      };
      const tail: Promise<void> = next.then(clear, clear);
      tails.set(key, tail);
      return next;
    },
    /** Whether a task of this key is queued or running. */
    has(key: string): boolean {
      return tails.has(key);
    },
    get pending(): number {
      return tails.size;
    },
  };
}
