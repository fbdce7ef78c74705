/**
 * A clock that moves only when the test says so: `sleep` waits until `step` or `advance` reaches
 * its wake-up time. Pacing code runs against it in order, and tests assert what was sent in what
 * order, never how long the machine took.
 */
export function createManualClock(start = 0) {
  let t = start;
  let sleepers: { at: number; wake: () => void }[] = [];
  /** Lets every promise chain that is ready run, including ones that await already-settled work. */
  const settle = () => new Promise<void>((r) => setImmediate(r));

  async function wakeDue(): Promise<void> {
    const due = sleepers.filter((s) => s.at <= t);
    sleepers = sleepers.filter((s) => s.at > t);
    for (const s of due) s.wake();
    await settle();
  }

  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((wake) => void sleepers.push({ at: t + Math.max(0, ms), wake })),
    settle,
    get sleeping(): number {
      return sleepers.length;
    },
    /** Moves to the earliest wake-up and runs what it wakes; false when nothing sleeps. */
    async step(): Promise<boolean> {
      await settle();
      if (!sleepers.length) return false;
      t = Math.max(t, Math.min(...sleepers.map((s) => s.at)));
      await wakeDue();
      return true;
    },
    async advance(ms: number): Promise<void> {
      const until = t + ms;
      await settle();
      while (sleepers.some((s) => s.at <= until)) {
        t = Math.max(t, Math.min(...sleepers.map((s) => s.at)));
        await wakeDue();
      }
      t = until;
    },
    /** Steps until nothing sleeps, or `max` steps. */
    async runAll(max = 10_000): Promise<void> {
      for (let i = 0; i < max && (await this.step()); i++);
    },
  };
}

export type ManualClock = ReturnType<typeof createManualClock>;
