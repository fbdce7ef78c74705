/** What the runner needs of a gate: run a task when a slot is free. */
export interface WorkGate {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks started and not yet settled. */
  readonly running: number;
  /** Tasks waiting for a slot: the process's backlog. */
  readonly waiting: number;
}

/**
 * At most `limit` tasks run at once; the rest wait in arrival order. In front of the store this
 * turns a burst into a queue: a Redis command is sent only when its message can be finished
 * promptly, so its timeout measures Redis, not the thousands of messages ahead of it on the CPU.
 * Hand-written rather than p-limit so the lock file stays as it is; it is a dozen lines.
 */
export function createWorkGate({ limit }: { readonly limit: number }): WorkGate {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a work gate needs a limit of at least 1, not ${limit}`);
  // A queue with a moving head: shift() on a 10,000-long array would copy it on every release.
  let queue: ((() => void) | undefined)[] = [];
  let head = 0;
  let running = 0;

  const release = (): void => {
    running--;
    const next = queue[head];
    if (next === undefined) return;
    queue[head++] = undefined;
    // Drop the served part when empty, or now and then under a backlog that never drains.
    if (head === queue.length || head > 4096) {
      queue = queue.slice(head);
      head = 0;
    }
    running++;
    next();
  };

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const start = (): Promise<T> => {
        let p: Promise<T>;
        try {
          p = task();
        } catch (e) {
          p = Promise.reject(e as Error);
        }
        return p.finally(release);
      };
      if (running < limit) {
        running++;
        return start();
      }
      return new Promise<T>((resolve, reject) => queue.push(() => void start().then(resolve, reject)));
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length - head;
    },
  };
}
